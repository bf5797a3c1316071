"""Index upkeep deferred to the end of a bulk write: the term search index
(FTS5) always, the secondary B-tree indexes of ``terms`` when it was empty.

Why (measured, bench/README.md "Glossary import at scale"):

* The trigram index of term text is an external-content FTS5 table kept
  current by triggers on ``terms``. FTS5 flushes its pending index to a new
  segment at the end of every statement and whenever a row id is not larger
  than the one before, so an import that feeds it statement by statement
  writes hundreds of small segments and spends its time merging them. One
  ``INSERT … SELECT … ORDER BY id`` after the rows are in builds the same
  index about four times faster (177k terms: 1.7 s CPU against 6-7 s).
  ``ORDER BY id`` matters: without it SQLite reads ``terms`` through a
  covering index, in concept order, and FTS5 flushes on almost every row
  (FTS5's own ``'rebuild'`` reads it that way, so it is not used).
* Indexes keyed by text (``(lang, text)``, ``(concept_id, lang)``) get their
  entries in random order; once they outgrow the page cache every row costs
  page misses and the WAL fills with pages spilled again and again. Into an
  empty table, ``CREATE INDEX`` at the end sorts once instead. The index the
  import itself reads, ``terms_unique_text`` (its concept lookups, and the
  cascade of ``--on-conflict replace``), stays. ``terms_preferred_text``,
  which matches rows of id-less formats to existing concepts, comes back as
  soon as a lookup needs it (:meth:`need_preferred_lookup`).

How, inside the writer's one transaction (SQLite's DDL is transactional, so a
failed or killed import leaves the schema as it was):

* the row ids this import writes are all above ``floor``, the largest id
  before it (the writer numbers its rows itself, so a deleted top row's id is
  never given again within the import);
* the FTS triggers are dropped; TEMP triggers keep the index right for the
  rows it already holds (id <= ``floor``) when an import deletes them
  (``--on-conflict replace``); rows above ``floor`` are not in it yet;
* :meth:`finish` indexes every row above ``floor`` in id order and puts the
  triggers and indexes back exactly as they were (their SQL as stored).
"""

from __future__ import annotations

import sqlite3

from glossator.errors import GlossaryIntegrityError

FTS = "terms_fts"
TRIGGERS = ("terms_ai", "terms_ad", "terms_au")
# Sets concepts.updated on every term insert: one UPDATE of the concept row per
# term (0.8 s CPU of a 877k-term import). A concept the import inserts gets the
# same "now" from its column default; the writer touches the concepts it adds
# terms to (merges) itself, once per batch (BulkWriter._execute).
TOUCH = ("terms_touch_concept_insert",)
# Dropped while an import fills an empty terms table, made again at its end.
INDEXES = ("terms_lang", "terms_one_preferred", "terms_preferred_text", "terms_unique_text")
# The indexes an import reads: matching id-less rows to the concept that has
# their preferred term, and a concept's terms (merges; the cascade of a replace).
PREFERRED_LOOKUP, CONCEPT_LOOKUP = "terms_preferred_text", "terms_unique_text"
# FTS5's hash table of pending index entries during the fill (default 1 MiB):
# 8 MiB took 1 s CPU off the fill of 877k terms (6.9 -> 5.8 s) for 15 MiB more
# peak memory, the same for any file large enough to fill it.
FTS_HASH_BYTES = 8 << 20
SORT_KIB = 2048  # page cache (so sorter memory) while the dropped indexes are made again
# While deferred: an indexed row (id <= floor) that is deleted or changed leaves the index.
_TEMP = (
    ("import_terms_ad", "AFTER DELETE ON main.terms WHEN old.id <= {floor} BEGIN "
     "INSERT INTO terms_fts (terms_fts, rowid, text) VALUES ('delete', old.id, old.text); END"),
    ("import_terms_au_old", "AFTER UPDATE ON main.terms WHEN old.id <= {floor} BEGIN "
     "INSERT INTO terms_fts (terms_fts, rowid, text) VALUES ('delete', old.id, old.text); END"),
    ("import_terms_au_new", "AFTER UPDATE ON main.terms WHEN new.id <= {floor} BEGIN "
     "INSERT INTO terms_fts (rowid, text) VALUES (new.id, new.text); END"),
)


class DeferredIndexes:
    """``begin()`` after BEGIN, ``take(n)`` for the ids of the term rows written, ``finish()`` before COMMIT."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.floor = self.last_id = 0
        self.was_empty = False
        self.triggers: dict[str, str] = {}
        self.indexes: dict[str, str] = {}

    def begin(self) -> None:
        conn = self.conn
        self.floor = self.last_id = conn.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0]
        self.was_empty = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM terms)").fetchone()[0] == 1
        self.triggers = self._stored("trigger", TRIGGERS + TOUCH)
        for name in self.triggers:
            conn.execute(f'DROP TRIGGER main."{name}"')
        self._drop_temp()
        for name, body in _TEMP:
            conn.execute(f"CREATE TEMP TRIGGER {name} {body.format(floor=int(self.floor))}")
        self.indexes = self._stored("index", INDEXES) if self.was_empty else {}
        for name in self.indexes:
            conn.execute(f'DROP INDEX main."{name}"')

    def take(self, n: int) -> int:
        """The first of ``n`` new row ids, one after the other."""
        first = self.last_id + 1
        self.last_id += n
        return first

    def need(self, name: str) -> None:
        """Make index ``name`` again now, if it was dropped: the import is about to read through it."""
        sql = self.indexes.pop(name, None)
        if sql:
            self.conn.execute(sql)

    def finish(self) -> None:
        conn = self.conn
        if self.last_id > self.floor:
            self._fill()
        if self.indexes:
            # SQLite's sorter keeps up to the page cache's size in memory before it
            # spills a sorted run to a temp file; with the writer's cache it grew
            # with the file (4 MiB at 10 MB, 14 MiB at 50 MB). A small cache here
            # bounds it, and the cache's pages, freed, are the memory it reuses.
            conn.execute(f"PRAGMA cache_size = {-SORT_KIB}")
        for name, sql in self.indexes.items():
            try:
                conn.execute(sql)
            except sqlite3.IntegrityError as exc:  # the model's checks should make this impossible
                raise GlossaryIntegrityError(f"the imported terms break the rule of index {name}: {exc}",
                                             hint="nothing was written; please report this file") from exc
        self.indexes = {}
        self._drop_temp()
        for sql in self.triggers.values():
            conn.execute(sql)
        self.triggers = {}

    def _fill(self) -> None:
        """Index the rows above ``floor``, with a larger FTS5 hash table than
        the default 1 MiB for this one statement: FTS5 writes a segment each
        time the table is full, and merges segments as they pile up."""
        conn = self.conn
        before = conn.execute(f"SELECT v FROM {FTS}_config WHERE k = 'hashsize'").fetchone()
        conn.execute(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('hashsize', ?)", (FTS_HASH_BYTES,))
        conn.execute(f"INSERT INTO {FTS} (rowid, text) SELECT id, text FROM terms WHERE id > ? ORDER BY id",
                     (self.floor,))
        conn.execute(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('hashsize', ?)", (before[0] if before else 1 << 20,))
        if before is None:  # the default was in use: leave the config table as it was
            conn.execute(f"DELETE FROM {FTS}_config WHERE k = 'hashsize'")

    def abandon(self) -> None:
        """After a rollback (which restored the main triggers and indexes): drop what is left in TEMP."""
        self.triggers, self.indexes = {}, {}
        try:
            self._drop_temp()
        except sqlite3.Error:
            pass  # the connection is unusable anyway; TEMP goes with it

    def _stored(self, kind: str, names: tuple[str, ...]) -> dict[str, str]:
        marks = ", ".join("?" * len(names))
        return dict(self.conn.execute(
            f"SELECT name, sql FROM main.sqlite_master WHERE type = ? AND name IN ({marks}) ORDER BY name",
            (kind, *names)))

    def _drop_temp(self) -> None:
        for name, _ in _TEMP:
            self.conn.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
