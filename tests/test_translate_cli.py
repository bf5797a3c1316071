"""``glossator translate``, ``glossary scan`` and ``engines`` through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import SEED_ARTICLES, requires_apertium, requires_bergamot


@requires_apertium
@requires_bergamot
def test_translate_seeds_to_es_and_pt_on_real_engines(cli):
    r = cli("translate", *SEED_ARTICLES, "--to", "es,pt", "--engine", "auto", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    segs = data["results"]
    routes = {"es": "bergamot:en-pt+apertium:pt-es", "pt": "bergamot:en-pt"}  # the measured best (route_ranking.json)
    assert {(s["target"], s["engine"]) for s in segs} == set(routes.items())
    assert len(segs) == sum(c["new"] for c in data["catalogs"]) > 2 * 230  # one per distinct sentence
    assert all(c["written"] for c in data["catalogs"]) and len(data["catalogs"]) == 10
    assert all(s["translation"] and s["n_best"] and s["engine"] == routes[s["target"]] for s in segs)
    bri = [s for s in segs if any(c["concept"] == "belt-and-road-initiative" for c in s["concepts"])]
    assert bri
    c = next(c for c in bri[0]["concepts"] if c["concept"] == "belt-and-road-initiative")
    assert bri[0]["source"][c["start"]:c["end"]] == c["surface"]
    applied = next(a for a in bri[0]["applied"] if a["concept"] == "belt-and-road-initiative")
    assert applied["term"] in bri[0]["translation"] and applied["layer"] in ("protect", "n-best", "repair")
    assert not [s for s in segs if s["layer"] == "failed"]
    assert bri[0]["reference"].startswith(str(SEED_ARTICLES[0].parent))


def test_translate_without_zh_engine_stops_and_names_the_install_command(cli, no_argos_packages):
    r = cli("translate", SEED_ARTICLES[1], "--to", "zh")
    assert r.exit_code == 1
    assert "glossator engines install en zh" in r.stderr and "--skip-missing" in r.stderr


@requires_apertium
def test_skip_missing_translates_the_rest_and_warns(cli, no_argos_packages):
    r = cli("translate", SEED_ARTICLES[1], "--to", "zh,es", "--skip-missing", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert {d["target"] for d in data["results"]} == {"es"}
    assert "zh" in data["missing"] and "warning: zh skipped" in r.stderr


def test_translate_zh_through_argos(cli, argos_en_zh):
    r = cli("translate", SEED_ARTICLES[2], "--to", "zh", "--n-best", "3", "--json")
    assert r.exit_code == 0, r.output
    segs = json.loads(r.stdout)["results"]
    assert {s["engine"] for s in segs} == {"argos"} and len(segs) == 20
    assert all(len(s["n_best"]) == 3 and s["n_best"][0]["score"] is not None for s in segs)


def test_translate_refuses_unreadable_input_before_any_work(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9\n")
    r = cli("translate", SEED_ARTICLES[0], bad, "--to", "es")
    assert r.exit_code == 1 and f"{bad}:1: not UTF-8" in r.stderr


def test_scan_lists_official_names_and_candidates(cli):
    r = cli("glossary", "scan", SEED_ARTICLES[4], "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    ids = {c["concept"] for c in data["concepts"]}
    assert {"celac", "china-celac-forum", "china-lac-community-with-a-shared-future", "belt-and-road-initiative",
            "global-development-initiative", "global-civilization-initiative", "one-china-principle",
            "global-south", "confucius-institute", "spring-festival", "mercosur", "pacific-alliance", "alba",
            "caricom", "brics", "apec", "g20", "npc", "wto", "wang-yi", "xi-jinping"} <= ids
    lines = SEED_ARTICLES[4].read_text(encoding="utf-8").splitlines()
    for c in data["concepts"]:  # file:line of the paragraph that holds the mention
        path, line = c["reference"].rsplit(":", 1)
        assert path == str(SEED_ARTICLES[4]) and c["surface"] in lines[int(line) - 1], c
    cands = [c["text"] for c in data["candidates"]]
    assert "China–Latin America Forum on Cultural Dialogue" in cands
    assert not {"China", "Latin America", "CELAC"} & set(cands)


def test_scan_table_output(cli):
    r = cli("glossary", "scan", SEED_ARTICLES[2])
    assert r.exit_code == 0 and "candidates not in the glossary" in r.stdout and "SASS" not in r.stdout.split("candidates")[1]


def test_engines_list_json(cli, monkeypatch):
    monkeypatch.delenv("GLOSSATOR_LIBRETRANSLATE_URLS", raising=False)
    r = cli("engines", "--json")
    assert r.exit_code == 0
    engines = json.loads(r.stdout)
    assert [e["engine"] for e in engines if not e.get("route")] == ["libretranslate", "argos", "bergamot", "apertium"]
    assert engines[0]["servers"] == [] and "--server URL" in engines[0]["install"]
    routes = {e["engine"]: e for e in engines if e.get("route")}
    assert routes["bergamot:en-pt+apertium:pt-es"]["pairs"] == ["en->es"]  # measured routes, named for --engine
    assert sum(e["auto"] for e in routes.values() if e["pairs"] == ["en->es"]) <= 1


def test_engines_install_and_remove_from_file_in_a_subprocess(tmp_path, argos_model_file):
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "pk"), "XDG_DATA_HOME": str(tmp_path / "xdg"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "glossator", *a], capture_output=True, text=True,
                                    env=env, cwd=tmp_path)
    r = run("engines", "install", "--file", str(argos_model_file))
    assert r.returncode == 0, r.stderr
    assert "installed argos en->zh" in r.stdout
    assert "en->zh" in run("engines", "--json").stdout
    assert run("engines", "remove", "en", "zh").returncode == 0
    r = run("engines", "remove", "en", "zh")
    assert r.returncode == 1 and "no argos package" in r.stderr


@pytest.mark.parametrize("args", [["engines", "install"], ["engines", "install", "--file", "missing.argosmodel"]])
def test_engines_install_errors(cli, argos_dir, args):
    r = cli(*args)
    assert r.exit_code == 1 and r.stderr.startswith("error: ")


def test_install_by_pair_offline_fails_clearly_instead_of_looping(tmp_path):
    # The index URL points at a closed loopback port, so this is offline everywhere.
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "pk"), "XDG_DATA_HOME": str(tmp_path / "xdg"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    r = subprocess.run([sys.executable, "-m", "glossator", "engines", "install", "en", "zh"], capture_output=True,
                       text=True, env=env, cwd=tmp_path, timeout=60)
    assert r.returncode == 1
    assert "error: could not download the argos package index" in r.stderr and "--file" in r.stderr


@pytest.mark.usefixtures("fake_engine")
def test_no_glossary_reports_what_would_fail_and_enforces_nothing(cli):
    fake = ("--to", "es", "--engine", "fake")
    on = json.loads(cli("translate", SEED_ARTICLES[2], *fake, "--out", "on", "--json").stdout)["results"]
    off = json.loads(cli("translate", SEED_ARTICLES[2], *fake, "--out", "off", "--no-glossary",
                         "--json").stdout)["results"]
    assert {s["layer"] for s in off} == {"off"}
    assert sum(len(s["failures"]) for s in off) > 0
    assert sum(len(s["failures"]) for s in on) == 0


@pytest.mark.usefixtures("fake_engine")
def test_summary_table_per_language(cli):
    r = cli("translate", SEED_ARTICLES[2], "--to", "es", "--engine", "fake")
    assert r.exit_code == 0
    for header in ("terms: protect", "n-best", "repair", "term failures", "wall time", "fake", "MT entries"):
        assert header in r.stdout
