"""Glossator installs beside Translate Toolkit and starts without heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["ctranslate2", "torch", "stanza", "argostranslate.translate", "spacy", "sqlite_utils", "rich"]


def _run(code: str, cwd) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout


def test_glossator_and_translate_toolkit_import_side_by_side(tmp_path):
    # A neutral working directory: what an installed user gets, with no
    # repository folder on sys.path to hide a clash.
    out = _run(
        "import json, translate, translate.storage.tbx as tbx, glossator, glossator.translate, glossator.glossary.store;"
        "print(json.dumps([translate.__file__, tbx.__name__, glossator.translate.__name__]))",
        tmp_path,
    )
    toolkit_file, tbx_name, ours = json.loads(out)
    assert "glossator" not in toolkit_file and "site-packages" in toolkit_file
    assert tbx_name == "translate.storage.tbx"
    assert ours == "glossator.translate"


def test_nothing_is_installed_as_top_level_translate_or_glossary():
    from importlib.metadata import distribution

    dist = distribution("glossator")
    top = set()
    for f in dist.files or []:
        parts = f.parts
        if parts and not parts[0].endswith((".dist-info", ".pth")) and not parts[0].startswith("__"):
            top.add(parts[0])
    assert "translate" not in top and "glossary" not in top


def _imported_modules(args: list[str], cwd) -> set[str]:
    code = (
        "import sys, runpy, json\n"
        f"sys.argv = ['glossator'] + {args!r}\n"
        "try:\n    runpy.run_module('glossator', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('\\n@@' + json.dumps(sorted(sys.modules)))\n"
    )
    out = _run(code, cwd)
    return set(json.loads(out.rsplit("@@", 1)[1]))


def test_help_imports_nothing_heavy(tmp_path):
    mods = _imported_modules(["--help"], tmp_path)
    assert not [m for m in HEAVY if m in mods]


def test_glossary_commands_do_not_import_translation_engines(tmp_path):
    mods = _imported_modules(["glossary", "--db", str(tmp_path / "g.db"), "export"], tmp_path)
    assert "sqlite_utils" in mods  # it did the real work
    assert not [m for m in ("ctranslate2", "torch", "stanza", "argostranslate.translate", "spacy") if m in mods]


def test_python_dash_m_and_console_script_agree(tmp_path):
    a = subprocess.run([sys.executable, "-m", "glossator", "--version"], capture_output=True, text=True, cwd=tmp_path)
    b = subprocess.run(["glossator", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and a.stdout.startswith("glossator ")


def test_every_package_folder_is_listed_for_setuptools():
    """A package missing from pyproject's list works in an editable install and
    is silently absent from a wheel; list them all."""
    import tomllib
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    config = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["setuptools"]
    roots = config["package-dir"]
    found = set()
    for name, folder in roots.items():
        for init in (repo / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(repo / folder)
            found.add(".".join([name, *rel.parts]) if rel.parts else name)
    assert found == set(config["packages"])
