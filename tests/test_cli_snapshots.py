"""The exact output of the main commands, pinned as transcripts, as Translate Toolkit pins its CLI
(tests/cli/test_cli_snapshots.py there: syrupy snapshots, working folder and dates normalised).

Each test runs a short desk session on the fake engine (tests/fake_engine.py) and compares the
transcript (command, exit code, stdout, stderr) with tests/__snapshots__/test_cli_snapshots/*.txt.
Temporary paths become ``@TMP@``, dates ``@DATE@``, timings ``@.@@ s``, the version ``@VERSION@``.

After an intended change of output, refresh the files and review the diff before committing::

    python -P -m pytest tests/test_cli_snapshots.py --snapshot-update
    git diff tests/__snapshots__/
"""

from __future__ import annotations

import re

import pytest
from conftest import requires_bergamot
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from glossator import __version__

ARTICLE = ("The NPC met in Beijing. The Belt and Road Initiative provides a crucial framework.\n\n"
           "Trade reached $518.4 billion in 2024.\n")
GLOSSARY = ("concept,language,term,status,kind\n"
            "celac,en,Community of Latin American and Caribbean States,preferred,full\n"
            "celac,en,CELAC,admitted,abbreviation\n"
            "celac,es,Comunidad de Estados Latinoamericanos y Caribeños,preferred,full\n"
            "celac,es,CELAC,admitted,abbreviation\n")
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="desk" creationtoolversion="1" segtype="sentence" o-tmf="po"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The forum met.</seg></tuv><tuv xml:lang="es"><seg>El foro se reunió.</seg></tuv></tu>
</body></tmx>
"""


class Transcript(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def transcript(snapshot):
    return snapshot.use_extension(Transcript)


_DATES = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[+-]\d{4}|Z|[+-]\d\d:\d\d)?|\d{8}T\d{6}Z")
_SECONDS = re.compile(r"\b\d\.\d\d s\b")  # "0.01 s": the same width, so tables keep their shape


def normalise(text: str, tmp_path) -> str:
    text = text.replace(str(tmp_path), "@TMP@").replace(__version__, "@VERSION@")
    return _SECONDS.sub("@.@@ s", _DATES.sub("@DATE@", text))


@pytest.fixture
def session(cli, tmp_path, fake_engine, monkeypatch):
    """Runs commands and records them; ``str(session)`` is the transcript."""
    monkeypatch.delenv("GLOSSATOR_LIBRETRANSLATE_URLS", raising=False)
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    lines: list[str] = []

    class Session:
        def __call__(self, *args: str, expect: int = 0) -> None:
            r = cli(*args)
            lines.append(f"$ glossator {' '.join(args)}\n[exit {r.exit_code}]\n")
            for name, text in (("stdout", r.stdout), ("stderr", r.stderr)):
                if text:
                    lines.append(f"--- {name}\n{text}" + ("" if text.endswith("\n") else "\n"))
            assert r.exit_code == expect, r.output

        def file(self, path: str) -> None:
            lines.append(f"--- file {path}\n{(tmp_path / path).read_text(encoding='utf-8')}")

        def __str__(self) -> str:
            return normalise("\n".join(lines), tmp_path)

    return Session()


def test_translate(session, transcript):
    session("translate", "story.txt", "--to", "es,pt", "--engine", "fake")
    session("translate", "story.txt", "--to", "es,pt", "--engine", "fake")  # nothing to do
    session.file("locales/es/LC_MESSAGES/story.po")
    session("translate", "story.txt", "--to", "es", "--engine", "fake", "--json", "--out", "again")
    session("translate", "missing.txt", "--to", "es", "--engine", "fake", expect=1)
    assert str(session) == transcript


def test_check_and_publish(session, transcript, tmp_path):
    session("translate", "story.txt", "--to", "es", "--engine", "fake")
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "story.po"
    text = po.read_text(encoding="utf-8")
    approved = text.replace('#, fuzzy\nmsgid "The NPC met in Beijing."\nmsgstr "[es] The APN met in Beijing."',
                            'msgid "The NPC met in Beijing."\nmsgstr "[es] The Congreso Nacional del Pueblo met."')
    assert approved != text
    po.write_text(approved, encoding="utf-8")  # approved by hand, with a deprecated rendering
    session("check", "locales/", expect=1)
    session("check", "locales/", "--json", expect=1)
    session("stats")
    session("publish", "story.txt", "--to", "es", expect=1)
    session("publish", "story.txt", "--to", "es", "--draft")
    session.file("published/es/story.txt")
    assert str(session) == transcript


def test_glossary_import_export_stats(session, transcript, tmp_path):
    from glossator.glossary.store import Glossary

    Glossary.open(tmp_path / "desk.db", seed=False).close()  # a desk's own glossary, without the seed
    (tmp_path / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    db = ("glossary", "--db", "desk.db")
    session(*db, "import", "terms.csv", "-f", "csv-long")
    session(*db, "stats")
    session(*db, "stats", "--json")
    session(*db, "export")
    session(*db, "export", "-f", "tbx")
    session(*db, "export", "-f", "aws", "-l", "en,es")
    (tmp_path / "bad.csv").write_text(GLOSSARY + 'celac,es,"broken\n', encoding="utf-8")
    session(*db, "import", "bad.csv", "-f", "csv-long", expect=1)
    assert str(session) == transcript


def test_tm(session, transcript, tmp_path):
    (tmp_path / "memory.tmx").write_text(TMX, encoding="utf-8")
    session("tm", "import", "memory.tmx")
    (tmp_path / "story.txt").write_text("The forum met.\nThe NPC met.\n", encoding="utf-8")
    session("translate", "story.txt", "--to", "es", "--engine", "fake")
    session.file("locales/es/LC_MESSAGES/story.po")
    session("tm", "export", "-o", "-")
    assert str(session) == transcript


@pytest.mark.apertium
@requires_bergamot
def test_engines(session, transcript, no_argos_packages):
    # what is installed decides this output: CI's machine, with Apertium and Bergamot, no argos package
    session("engines")
    assert str(session) == transcript
