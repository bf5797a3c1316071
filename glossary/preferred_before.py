"""Which concept has a term as its preferred term, among the terms a small table held before an import.

A row of a format without ids (wide csv) belongs to the existing concept whose
preferred term is one of its cells, and a 50 MB wide csv has 876k such cells.
Into a table the import fills from (nearly) nothing, the concepts a cell can
find in its first file are the ones from before the import: a concept the
file gave itself is never the one a later row of it belongs to (the writer
skips those). A table that small (``deferred_index.DEFER_UP_TO`` terms at
most) fits in a dict whatever the file's size, so memory stays flat, and a
dict lookup per cell replaces the SQL one, which through the live index
``terms_preferred_text`` cost a random B-tree insert per imported row and
the lookups themselves about 8 % of that import (bench/README.md).

A concept the import deletes (``--on-conflict replace``) leaves the dict,
as its rows leave the table, so that a later row finds what a lookup in the
table would: the concept with the oldest remaining row for that term.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict


class PreferredBefore:
    def __init__(self, conn: sqlite3.Connection, floor: int):
        self._owners: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)  # by row id
        self._keys: dict[str, list[tuple[str, str]]] = defaultdict(list)  # concept -> its keys
        for row_id, concept_id, lang, text in conn.execute(
                "SELECT id, concept_id, lang, text FROM terms WHERE status = 'preferred' AND id <= ? ORDER BY id",
                (floor,)):
            self._owners[(lang, text)].append((row_id, concept_id))
            self._keys[concept_id].append((lang, text))

    def owners(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """(lang, text) -> the concept of the oldest row that has it as its preferred term, for those found."""
        found = self._owners
        return {k: rows[0][1] for k in keys if (rows := found.get(k))}

    def forget(self, concept_ids: list[str]) -> None:
        """The import deleted these concepts (and with them their terms)."""
        for cid in concept_ids:
            for key in self._keys.pop(cid, ()):
                rows = [r for r in self._owners[key] if r[1] != cid]
                if rows:
                    self._owners[key] = rows
                else:
                    del self._owners[key]
