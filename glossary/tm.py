"""The translation memory's units in the glossary database: the one place that holds its SQL.

Units come from TMX files (``glossator tm import``); approved catalog entries
join them at lookup time (``translate/po/memory.py``). A unit is unique per
language pair, source and target; importing one again changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .formats.tmx import read_units

if TYPE_CHECKING:
    from .store import Glossary


def count(glossary: Glossary) -> int:
    return int(glossary.db.execute("SELECT count(*) FROM tm_units").fetchone()[0])


def add(glossary: Glossary, units: Iterable[tuple[str, str, str, str]], origin: str) -> int:
    """Store (source_lang, target_lang, source, target) units in one transaction; returns how many were new."""
    conn = glossary.db.conn
    before = count(glossary)
    with conn:
        conn.executemany(
            "INSERT OR IGNORE INTO tm_units (source_lang, target_lang, source, target, origin) VALUES (?, ?, ?, ?, ?)",
            [(s, t, a, b, origin) for s, t, a, b in units],
        )
    return count(glossary) - before


def import_tmx(glossary: Glossary, path: str | Path) -> tuple[int, int]:
    """Import every unit of a TMX file, all or nothing; returns (units read, units new)."""
    units = [(s, t, a, b) for _, s, t, a, b in read_units(path)]
    return len(units), add(glossary, units, Path(path).name)


def lookup_units(glossary: Glossary, source_lang: str, target_langs: list[str]) -> list[tuple[str, str, str, str]]:
    """(source, target, origin, target_lang) of every unit into one of ``target_langs``, oldest first."""
    return [tuple(r) for r in glossary.db.execute(
        "SELECT source, target, origin, target_lang FROM tm_units WHERE source_lang = ? "
        "AND target_lang IN (SELECT value FROM json_each(?)) ORDER BY id",
        (source_lang, json.dumps(target_langs)),
    )]


def export_units(glossary: Glossary, source_lang: str = "en") -> list[tuple[str, str, str]]:
    """(source, target_lang, target) of every unit from ``source_lang``."""
    return [tuple(r) for r in glossary.db.execute(
        "SELECT source, target_lang, target FROM tm_units WHERE source_lang = ?", (source_lang,))]
