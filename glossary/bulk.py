"""Streaming writes: concepts go in as they are read, in batches, inside ONE
transaction, so an import stays all or nothing however large it is.

Why batches (measured with cProfile on a 50 MB import, see bench/README.md):
the terms table carries the FTS5 trigram index, and FTS5 flushes its pending
index to a new segment at the end of every statement. One INSERT per term
(``executemany``) therefore wrote one tiny segment per term and spent most
of the import merging them. Here a batch of terms is one multi-row INSERT,
and the search index is not fed by them at all: :mod:`.deferred_index` fills
it once at the end (and, into an empty table, builds the term indexes then).

Memory stays flat: a batch is the only thing held, and what must be
remembered across batches (which ids this import wrote, from which file and
line, with which concept fields) lives in a TEMP table, on disk.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass, field
from itertools import chain

from glossator.errors import GlossaryIntegrityError, GlossatorError

from .deferred_index import CONCEPT_LOOKUP, PREFERRED_LOOKUP, DeferredIndexes
from .model import Concept, Kind, Status

TERM_COLUMNS = (
    "id", "concept_id", "lang", "text", "status", "kind", "case_sensitive", "pos",
    "gender", "number", "same_as_source", "note", "source",
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
# Member -> its text, for rows: a dict lookup instead of the enum's ``.value`` property (hot loop).
_VALUE: dict[Status | Kind, str] = {m: m.value for e in (Status, Kind) for m in e}
# Page cache while writing (default 2 MiB): the text-keyed indexes that stay
# live miss it on almost every row once they outgrow it. A fixed size, so
# memory stays flat: 64 MiB made peak RSS grow from 158 MiB (10 MB file) to
# 192 MiB (50 MB) as the cache filled; 16 MiB is full by 10 MB (94 and 92 MiB)
# and cost no measurable CPU into an empty database (39.1 against 40.6 s).
CACHE_KIB = 16 * 1024
# The TEMP schema's cache, for import_seen (one row per concept, keyed by its
# random id). The default 2 MiB missed on most rows of 219k concepts; 4 MiB
# took 1.86 s, 8 MiB 1.53 s, but 8 MiB is not yet full at 10 MB (peak RSS 92
# MiB there, 99 at 50 MB) and 4 MiB nearly is (92 and 94): see bench/README.md.
TEMP_CACHE_KIB = 4 * 1024


@dataclass
class WriteReport:
    added: int = 0
    replaced: int = 0
    merged: int = 0
    skipped: int = 0
    terms: int = 0


@dataclass
class _Item:
    concept: Concept
    path: str | None
    line: int | None
    fragment: bool      # more rows of a concept met earlier in the same file (csv-long)
    invented_id: bool   # the format has no ids; the id was made from a term (csv)
    report: WriteReport = field(default_factory=WriteReport)
    unresolved: bool = False  # invented id whose -2, -3… suffix is still to settle (_resolve_batch)


def _fields(c: Concept) -> str:
    return json.dumps([c.domain, c.definition, c.source, bool(c.do_not_translate)])


def _located(exc: Exception, item: _Item) -> GlossatorError:
    if isinstance(exc, GlossatorError):
        return exc.at(item.path, item.line)
    return GlossaryIntegrityError(f"concept {item.concept.id!r}: {exc}", path=item.path, line=item.line)


def _chunk_sizes(n: int, step: int) -> list[int]:
    """``n`` rows as full chunks of ``step``, then the rest in powers of two.

    Each chunk size is its own SQL text, and sqlite3 caches 128 prepared
    statements per connection; one of 2,000 rows holds about 0.3 MiB. With
    one statement per leftover size, that cache filled with a statement per
    batch and peak memory grew with the file (106 MiB for a 10 MB csv-long
    file, 139 MiB for 50 MB); powers of two make it at most a dozen sizes.
    """
    sizes = [step] * (n // step)
    rest, bit = n % step, 1 << max(0, step.bit_length() - 1)
    while rest:
        if rest >= bit:
            sizes.append(bit)
            rest -= bit
        bit >>= 1
    return sizes


@functools.lru_cache(maxsize=32)
def _insert_terms_sql(rows: int) -> str:
    one = "(" + ", ".join("?" * len(TERM_COLUMNS)) + ")"
    return f"INSERT INTO terms ({', '.join(TERM_COLUMNS)}) VALUES " + ", ".join([one] * rows)


class BulkWriter:
    """``with BulkWriter(glossary, policy) as w: w.add(concept, path, line)``.

    Commits when the block ends normally, rolls everything back otherwise.
    """

    def __init__(self, glossary, on_conflict, batch_size: int = 500):
        self.g, self.policy, self.batch_size = glossary, on_conflict, batch_size
        self.conn: sqlite3.Connection = glossary.db.conn
        self.pending: list[_Item] = []
        self.pending_ids: set[str] = set()
        self.pending_paths: dict[str, str | None] = {}
        self.reports: dict[str | None, WriteReport] = {}
        self.files: list[str | None] = []  # import_seen.file -> path
        self.file_no: dict[str | None, int] = {}
        limit = self.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.rows_per_insert = max(1, min(2000, limit // len(TERM_COLUMNS)))
        self.indexes = DeferredIndexes(self.conn)

    # -- transaction -------------------------------------------------------
    def __enter__(self) -> BulkWriter:
        if self.conn.in_transaction:
            self.conn.commit()
        self.cache_size = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.temp_cache_size = self.conn.execute("PRAGMA temp.cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
        self.conn.execute(f"PRAGMA temp.cache_size = {-TEMP_CACHE_KIB}")
        self.conn.execute("BEGIN IMMEDIATE")
        self.indexes.begin()
        self.concepts_were_empty = self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM concepts)").fetchone()[0] == 1
        # WITHOUT ROWID: one B-tree keyed by id, not a table plus an index (half the writes);
        # the file as its number in self.files, not its path on every row.
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_seen "
            "(id TEXT PRIMARY KEY, file INTEGER, line INTEGER, fields TEXT, skipped INTEGER) WITHOUT ROWID"
        )
        self.conn.execute("DELETE FROM temp.import_seen")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            try:
                if exc_type is None:
                    self.flush()
                    self.indexes.finish()
                    self.conn.execute("DELETE FROM temp.import_seen")
                    self.conn.commit()
                    return
            except BaseException:
                self._rollback()
                raise
            self._rollback()
        finally:
            try:
                self.conn.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
                self.conn.execute(f"PRAGMA temp.cache_size = {int(self.temp_cache_size)}")
            except sqlite3.Error:
                pass  # a closed or broken connection: nothing to give back

    def _rollback(self) -> None:
        self.conn.rollback()
        self.indexes.abandon()

    # -- adding ------------------------------------------------------------
    def add(self, concept: Concept, path: str | None = None, line: int | None = None, *,
            fragment: bool = False, invented_id: bool = False) -> None:
        if path not in self.reports and self.pending:
            self.flush()  # a new file: what the files before gave is in the tables, where it can be found
        report = self.reports.setdefault(path, WriteReport())
        item = _Item(concept, path, line, fragment, invented_id, report)
        try:
            item.concept = concept.validate()
        except GlossatorError as exc:
            raise _located(exc, item) from exc
        if invented_id and self.indexes.was_empty and len(self.reports) == 1:
            # The import's only file so far, into an empty table: no concept to
            # find; the id's suffix is settled for the whole batch in flush().
            item.unresolved = True
            self.pending.append(item)
            if len(self.pending) >= self.batch_size:
                self.flush()
            return
        if invented_id:
            self._resolve_id(item)
        if item.concept.id in self.pending_ids:
            self.flush()  # the same id twice in one batch: settle the first one first
        self.pending.append(item)
        self.pending_ids.add(item.concept.id)
        self.pending_paths[item.concept.id] = path
        if len(self.pending) >= self.batch_size:
            self.flush()

    # -- one batch -----------------------------------------------------------
    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending, self.pending_ids, self.pending_paths = self.pending, [], set(), {}
        seen: dict[str, tuple] = {}
        existing: set[str] = set()
        # Ids _resolve_batch settled are new to this import, which has written
        # only this file so far; into a table that had no concepts, none exists.
        if not (self._resolve_batch(batch) and self.concepts_were_empty):
            ids = json.dumps([i.concept.id for i in batch])
            seen = {r[0]: (self.files[r[1]], *r[2:]) for r in self.conn.execute(
                "SELECT id, file, line, fields, skipped FROM temp.import_seen "
                "WHERE id IN (SELECT value FROM json_each(?))", (ids,))}
            existing = {r[0] for r in self.conn.execute(
                "SELECT id FROM concepts WHERE id IN (SELECT value FROM json_each(?))", (ids,))}
        deletes: list[str] = []  # concept ids
        inserts: list[_Item] = []
        merges: list[_Item] = []
        marks: list[tuple[str, str | None, int | None, str, int]] = []
        for item in batch:
            try:
                self._plan(item, seen, existing, deletes, inserts, merges, marks)
            except GlossatorError as exc:
                raise _located(exc, item) from exc
        current = self._current([i.concept.id for i in merges])
        term_rows = [r for i in inserts for r in self._term_rows(i.concept)]
        updates = []
        touched: list[str] = []  # concepts that get terms by a merge (see deferred_index.TOUCH)
        for item in merges:
            c, have = item.concept, current[item.concept.id]
            known = {(t.lang, t.text) for t in have.terms}
            new = [t for t in c.terms if (t.lang, t.text) not in known]
            try:
                Concept(c.id, have.terms + new).validate()  # the merged concept must still be valid
            except GlossatorError as exc:
                raise _located(exc, item) from exc
            for name in ("domain", "definition", "source"):
                if getattr(c, name) and not getattr(have, name):
                    updates.append((name, getattr(c, name), c.id))
            term_rows.extend(self._term_rows(Concept(c.id, new)))
            item.report.terms += len(new)
            if new:
                touched.append(c.id)
        self.conn.execute("SAVEPOINT batch")
        try:
            self._execute(deletes, inserts, term_rows, updates, marks, touched)
        except sqlite3.IntegrityError:
            # The model's checks should have caught it; find the row to name.
            self.conn.execute("ROLLBACK TO batch")
            for item in inserts:
                try:
                    self._execute([], [item], self._term_rows(item.concept), [], [])
                except sqlite3.IntegrityError as exc:
                    raise _located(exc, item) from exc
            raise
        finally:
            self.conn.execute("RELEASE batch")

    def _resolve_batch(self, batch: list[_Item]) -> bool:
        """Settle the ids of the batch's unresolved items (all of one file, see add()) as
        :meth:`_resolve_id` would one by one, with one query for the batch instead of one per row.
        True if the batch was all such items: then no id of it is in import_seen."""
        if not any(i.unresolved for i in batch):
            return False
        whole = all(i.unresolved for i in batch)
        path = batch[0].path
        taken = {r[0] for r in self.conn.execute(
            "SELECT id FROM temp.import_seen WHERE id IN (SELECT value FROM json_each(?)) AND file = ?",
            (json.dumps([i.concept.id for i in batch]), self._file(path)))}
        for item in batch:
            c = item.concept
            if item.unresolved:
                base, n = c.id, 2
                while c.id in taken or (c.id != base and self._taken(c.id, path)):
                    c.id, n = f"{base}-{n}", n + 1
                item.unresolved = False
            taken.add(c.id)
        return whole

    def _resolve_id(self, item: _Item) -> None:
        """A row of a format without ids belongs to the concept that already has
        its terms: the existing concept whose preferred term in the row's
        earliest language column is that cell. Otherwise the id made from the
        first term is kept, with ``-2``, ``-3``… if this import used it already."""
        c = item.concept
        # Into a table that was empty, while this is the import's only file so
        # far, every concept found would be one this file gave already: skip it.
        only_this_file = self.indexes.was_empty and len(self.reports) == 1
        if not only_this_file:
            self.indexes.need(PREFERRED_LOOKUP)
        for t in () if only_this_file else c.terms:
            row = self.conn.execute(
                "SELECT concept_id FROM terms WHERE lang = ? AND text = ? AND status = 'preferred'",
                (t.lang, t.text)).fetchone()
            if row and not self._taken(row[0], item.path):
                c.id = row[0]
                return
        base, n = c.id, 2
        while self._taken(c.id, item.path):
            c.id, n = f"{base}-{n}", n + 1

    def _taken(self, concept_id: str, path: str | None) -> bool:
        """Whether this file has given ``concept_id`` to a row already."""
        if concept_id in self.pending_ids:
            return self.pending_paths[concept_id] == path
        return self.conn.execute("SELECT 1 FROM temp.import_seen WHERE id = ? AND file = ?",
                                 (concept_id, self._file(path))).fetchone() is not None

    def _file(self, path: str | None) -> int:
        """``path``'s number in import_seen."""
        n = self.file_no.setdefault(path, len(self.files))
        if n == len(self.files):
            self.files.append(path)
        return n

    def _plan(self, item, seen, existing, deletes, inserts, merges, marks) -> None:
        c = item.concept
        first = seen.get(c.id)
        if first and first[0] == item.path:  # again in the same file
            if not item.fragment:
                raise GlossaryIntegrityError(
                    f"concept id {c.id!r} appears again (first on line {first[1]})",
                    hint="give each concept its own id")
            if first[2] != _fields(c):
                raise GlossaryIntegrityError(
                    f"concept {c.id!r} has other concept fields here than on line {first[1]}",
                    hint="domain, definition, concept_source and do_not_translate must be equal on all its rows")
            if not first[3]:
                merges.append(item)
            return
        skipped = written = False
        if c.id in existing:
            if self.policy.value == "fail":
                where = f" (written from {first[0]}:{first[1]} in this import)" if first else ""
                raise GlossaryIntegrityError(f"concept {c.id!r} already exists{where}",
                                             hint="pass --on-conflict skip, replace or merge")
            if self.policy.value == "skip":
                item.report.skipped += 1
                skipped = True
            elif self.policy.value == "replace":
                deletes.append(c.id)
                inserts.append(item)
                item.report.replaced += 1
                written = True
            else:
                merges.append(item)
                item.report.merged += 1
        else:
            inserts.append(item)
            item.report.added += 1
            written = True
        if written:
            item.report.terms += len(c.terms)
        # The fields are compared only for more rows of a fragmented format's concept.
        marks.append((c.id, self._file(item.path), item.line, _fields(c) if item.fragment else None, int(skipped)))

    def _current(self, ids: list[str]) -> dict[str, Concept]:
        if not ids:
            return {}
        self.indexes.need(CONCEPT_LOOKUP)
        rows = {r["id"]: r for r in self.g.db.query(
            "SELECT * FROM concepts WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])}
        terms = self.g._terms_by_concept(ids)
        from .store import _concept

        return {cid: _concept(row, terms.get(cid, [])) for cid, row in rows.items()}

    def _execute(self, deletes, inserts, term_rows, updates, marks, touched=()) -> None:
        conn = self.conn
        if deletes:
            self.indexes.need(CONCEPT_LOOKUP)  # the cascade to terms finds them through it
            conn.execute("DELETE FROM concepts WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(deletes),))
        conn.executemany(
            "INSERT INTO concepts (id, domain, definition, source, do_not_translate, created) "
            f"VALUES (?, ?, ?, ?, ?, coalesce(?, {_NOW}))",
            [(i.concept.id, i.concept.domain, i.concept.definition, i.concept.source,
              int(i.concept.do_not_translate), i.concept.created) for i in inserts],
        )
        # One statement per chunk of terms, not one per term: see the module docstring.
        k = 0
        for size in _chunk_sizes(len(term_rows), self.rows_per_insert):
            chunk = term_rows[k:k + size]
            k += size
            conn.execute(_insert_terms_sql(size), list(chain.from_iterable(chunk)))
        for name, value, cid in updates:
            conn.execute(f"UPDATE concepts SET {name} = ? WHERE id = ?", (value, cid))
        if touched:
            conn.execute(f"UPDATE concepts SET updated = {_NOW} WHERE id IN (SELECT value FROM json_each(?))",
                         (json.dumps(touched),))
        conn.executemany("INSERT OR REPLACE INTO temp.import_seen VALUES (?, ?, ?, ?, ?)", marks)

    def _term_rows(self, c: Concept) -> list[tuple]:
        """``c``'s terms as rows, each with a new id above every id before the import (see deferred_index)."""
        first = self.indexes.take(len(c.terms))
        cid, value = c.id, _VALUE
        return [(first + k, cid, t.lang, t.text, value[t.status], value[t.kind], int(t.case_sensitive), t.pos,
                 t.gender, t.number, int(t.same_as_source), t.note, t.source) for k, t in enumerate(c.terms)]
