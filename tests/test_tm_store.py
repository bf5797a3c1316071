"""The translation memory's units behind the store (glossary/tm.py), its one SQL home."""

from __future__ import annotations

import re
from pathlib import Path

from glossator.glossary import tm
from glossator.glossary.formats.tmx import write_tmx

REPO = Path(__file__).resolve().parent.parent
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The forum met.</seg></tuv><tuv xml:lang="es-419"><seg>El foro se reunió.</seg></tuv>
<tuv xml:lang="pt"><seg>O fórum se reuniu.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The forum met.</seg></tuv><tuv xml:lang="es"><seg>Se reunió el foro.</seg></tuv></tu>
</body></tmx>
"""


def test_import_stores_each_unit_once_and_lookup_follows_the_languages_asked(blank, tmp_path):
    path = tmp_path / "desk.tmx"
    path.write_text(TMX, encoding="utf-8")
    assert tm.import_tmx(blank, path) == (3, 3)
    assert tm.import_tmx(blank, path) == (3, 0)  # the same units again: nothing new
    assert tm.count(blank) == 3
    assert tm.lookup_units(blank, "en", ["es-419", "es"]) == [
        ("The forum met.", "El foro se reunió.", "desk.tmx", "es-419"),
        ("The forum met.", "Se reunió el foro.", "desk.tmx", "es")]
    assert tm.lookup_units(blank, "en", ["zh"]) == []
    assert sorted(tm.export_units(blank)) == [("The forum met.", "es", "Se reunió el foro."),
                                              ("The forum met.", "es-419", "El foro se reunió."),
                                              ("The forum met.", "pt", "O fórum se reuniu.")]
    assert tm.export_units(blank, "pt") == []


def test_exported_units_import_again_unchanged(blank, tmp_path):
    first = tmp_path / "a.tmx"
    first.write_text(TMX, encoding="utf-8")
    tm.import_tmx(blank, first)
    second = tmp_path / "b.tmx"
    with second.open("w", encoding="utf-8") as f:
        assert write_tmx(tm.export_units(blank), f) == 3
    before = sorted(tm.export_units(blank))
    assert tm.import_tmx(blank, second) == (3, 0) and sorted(tm.export_units(blank)) == before


def test_translation_memory_sql_lives_in_one_module_and_none_in_the_cli():
    """The table is named only by the schema and glossary/tm.py; the CLI runs no SQL at all."""
    users = sorted(str(p.relative_to(REPO)) for folder in ("glossator", "glossary", "translate")
                   for p in (REPO / folder).rglob("*.py") if "tm_units" in p.read_text(encoding="utf-8"))
    assert users == ["glossary/schema.py", "glossary/tm.py"]
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b[^\n]*\b(FROM|INTO|SET)\b")
    cli = [str(p.relative_to(REPO)) for p in (REPO / "glossator" / "cli").glob("*.py")
           if sql.search(p.read_text(encoding="utf-8"))]
    assert cli == []
