"""Engines other packages bring, through the ``glossator.engines`` entry-point group.

The plugin here is the tests' fake engine, "installed" the way pip installs any package: a
``.dist-info`` folder with ``entry_points.txt`` on the path of a real ``glossator`` process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import SEED_ARTICLES

from glossator.translate.engines import plugins
from glossator.translate.engines.base import EngineUnavailable
from glossator.translate.engines.select import EngineSet

TESTS = Path(__file__).resolve().parent


def install_plugin(site: Path, entry: str) -> dict:
    """A distribution ``desk-mt`` declaring ``entry`` in the group; returns the environment that sees it."""
    info = site / "desk_mt-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: desk-mt\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{plugins.GROUP}]\n{entry}\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(TESTS)]))
    env.pop("GLOSSATOR_DB", None)
    return env


def glossator(env, cwd, *args):
    return subprocess.run([sys.executable, "-P", "-m", "glossator", *map(str, args)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_an_installed_plugin_translates_and_is_listed(tmp_path):
    env = install_plugin(tmp_path / "site", "fake = fake_engine:FakeEngine")
    article = tmp_path / "story.txt"
    article.write_text(SEED_ARTICLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    r = glossator(env, tmp_path, "translate", article, "--to", "es", "--engine", "fake")
    assert r.returncode == 0, r.stderr
    po = polib.pofile(str(tmp_path / "locales" / "es" / "LC_MESSAGES" / "story.po"))
    assert len(po) == 20 and all(e.msgstr.startswith("[es] ") and "machine translation: fake" in e.comment
                                 for e in po)
    listed = glossator(env, tmp_path, "engines", "--json")
    assert {"engine": "fake", "pairs": ["any->any"], "n_best": True,
            "install": "tests/fake_engine.py"} in json.loads(listed.stdout)


def test_a_plugin_that_fails_to_import_is_one_line_naming_it(tmp_path):
    env = install_plugin(tmp_path / "site", "broken = desk_mt_missing.engine:Engine")
    (tmp_path / "a.txt").write_text("The forum met.\n", encoding="utf-8")
    r = glossator(env, tmp_path, "translate", "a.txt", "--to", "es", "--engine", "broken")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr == ("error: engine plugin 'broken' (desk_mt_missing.engine:Engine) failed to load: "
                        "ModuleNotFoundError: No module named 'desk_mt_missing' (reinstall the package that "
                        "declares it in glossator.engines, or choose another --engine)\n")


def test_a_registered_engine_is_a_leg_of_a_route(fake_engine):
    route = EngineSet().route("fake:en-pt+fake:pt-es")
    [[hyp]] = route.translate_batch(["The forum met."], "en", "es")
    assert hyp.text == "[es] [pt] The forum met."
    assert [c[1:3] for c in fake_engine.calls] == [("en", "pt"), ("pt", "es")]


@pytest.mark.parametrize("name", ["Fake", "fake-1", "1fake", ""])
def test_a_name_a_route_could_not_hold_is_refused(name):
    with pytest.raises(ValueError, match="lower-case letters"):
        plugins.register(name, object)


def test_an_unknown_engine_names_the_choices():
    with pytest.raises(EngineUnavailable, match="bad engine or route 'nosuch'"):
        EngineSet().choose("nosuch", "en", "es")


def test_a_plugin_whose_neighbour_free_is_not_a_bool_or_a_method_of_the_pair_is_one_line_naming_it(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "desk_mt_said.py").write_text(
        "from fake_engine import FakeEngine\n\n\n"
        "class Engine(FakeEngine):\n"
        "    def neighbour_free(self):  # the pair left out\n"
        "        return True\n", encoding="utf-8")
    env = install_plugin(tmp_path / "site", "said = desk_mt_said:Engine")
    (tmp_path / "a.txt").write_text("The forum met.\n", encoding="utf-8")
    r = glossator(env, tmp_path, "translate", "a.txt", "--to", "es", "--engine", "said")
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr == ("error: engine plugin 'said': neighbour_free must be True, False or a method taking "
                        "(source, target) (fix the plugin, or leave neighbour_free out: its articles are then "
                        "translated one call each)\n")
    assert not list((tmp_path / "locales").rglob("*.po*"))  # no catalog or template written
