"""The terminology database: open, read, write, search.

One :class:`Glossary` wraps one SQLite file through sqlite-utils. Every
write goes through :meth:`Glossary.write`, which validates concepts first
and applies them in a single transaction, so a failure leaves the database
exactly as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlite_utils import Database

from glossator.errors import ConceptNotFound, GlossaryIntegrityError, GlossatorError

from . import connection, langtags, schema
from .model import Concept, Kind, Status, Term

DEFAULT_DB = "glossary.db"
ENV_DB = "GLOSSATOR_DB"

_TERM_COLUMNS = (
    "concept_id", "lang", "text", "status", "kind", "case_sensitive", "pos",
    "gender", "number", "same_as_source", "note", "source",
)


class OnConflict(str, Enum):
    """What an import does with a concept id that already exists."""

    FAIL = "fail"        # stop; nothing is written
    SKIP = "skip"        # keep the existing concept untouched
    REPLACE = "replace"  # drop the existing concept and its terms, write the new one
    MERGE = "merge"      # keep existing terms, add the new ones (one file per language)


@dataclass
class WriteReport:
    added: int = 0
    replaced: int = 0
    merged: int = 0
    skipped: int = 0
    terms: int = 0


def resolve_path(path: str | os.PathLike | None) -> Path:
    """``--db`` wins, then ``$GLOSSATOR_DB``, then ``./glossary.db``."""
    return Path(path or os.environ.get(ENV_DB) or DEFAULT_DB)


class Glossary:
    def __init__(self, db: Database):
        self.db = db

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, *, seed: bool = True) -> Glossary:
        """Open (creating and migrating if needed) the database at ``path``.

        A new database is seeded with the embedded glossary when ``seed`` is
        true, inside the same transaction as nothing else: a failed seed
        leaves no half-filled file behind.
        """
        path = Path(path)
        is_new = not path.exists() or path.stat().st_size == 0
        if path.parent and not path.parent.exists():
            raise GlossatorError(
                f"folder {path.parent} does not exist", hint="create it or pass another --db"
            )
        try:
            conn = connection.connect(path)
            db = Database(conn)
            schema.migrate(db)
            connection.check_schema(conn, path)
        except GlossatorError:  # read-only, locked, an unknown schema: said in words already
            raise
        except sqlite3.DatabaseError as exc:
            raise GlossatorError(
                f"{path} is not a Glossator database ({exc})",
                hint="pass another --db, or move the file away to start afresh",
            ) from exc
        glossary = cls(db)
        if is_new and seed:
            from .seed import load_seed_glossary

            try:
                glossary.write(load_seed_glossary(), on_conflict=OnConflict.FAIL)
            except GlossatorError:
                conn.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                raise
        return glossary

    def close(self) -> None:
        self.db.conn.close()

    # -- reading ---------------------------------------------------------
    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM concepts").fetchone()[0]

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM concepts ORDER BY id")]

    def concepts(self, *, lang: str | None = None, domain: str | None = None) -> Iterator[Concept]:
        """Every concept with its terms, in id order (optionally filtered)."""
        where, args = [], []
        if domain:
            where.append("domain = ?")
            args.append(domain)
        if lang:
            where.append("id IN (SELECT concept_id FROM terms WHERE lang = ?)")
            args.append(langtags.normalize(lang))
        sql = "SELECT * FROM concepts"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = list(self.db.query(sql + " ORDER BY id", args))
        terms = self._terms_by_concept([r["id"] for r in rows] if where else None)
        for row in rows:
            yield _concept(row, terms.get(row["id"], []))

    def get(self, concept_id: str) -> Concept:
        rows = list(self.db.query("SELECT * FROM concepts WHERE id = ?", [concept_id]))
        if not rows:
            raise ConceptNotFound(
                f"no concept with id {concept_id!r}",
                hint="'glossator glossary search TEXT' finds a concept's id",
            )
        return _concept(rows[0], self._terms_by_concept([concept_id]).get(concept_id, []))

    def _terms_by_concept(self, ids: list[str] | None) -> dict[str, list[Term]]:
        sql = "SELECT * FROM terms"
        args: list = []
        if ids is not None:
            sql += " WHERE concept_id IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(ids))
        out: dict[str, list[Term]] = {}
        for r in self.db.query(sql + " ORDER BY concept_id, id", args):
            out.setdefault(r["concept_id"], []).append(_term(r))
        return out

    def search(self, query: str, *, lang: str | None = None, limit: int = 50) -> list[tuple[Concept, Term]]:
        """Full-text search over term text, in any script, substrings included."""
        q = query.strip()
        if not q:
            return []
        args: list = []
        if len(q) >= 3:
            # trigram FTS: quote the query so that punctuation is literal
            sql = (
                "SELECT terms.* FROM terms_fts JOIN terms ON terms.rowid = terms_fts.rowid "
                "WHERE terms_fts MATCH ?"
            )
            args.append('"' + q.replace('"', '""') + '"')
        else:
            # trigrams need three characters; short queries (中拉, EU) scan
            sql = "SELECT terms.* FROM terms WHERE instr(lower(text), lower(?)) > 0"
            args.append(q)
        if lang:
            sql += " AND terms.lang = ?"
            args.append(langtags.normalize(lang))
        sql += " ORDER BY length(terms.text), terms.concept_id LIMIT ?"
        args.append(limit)
        hits = [_term_with_concept(r) for r in self.db.query(sql, args)]
        concepts = {cid: self.get(cid) for cid in dict.fromkeys(cid for cid, _ in hits)}
        return [(concepts[cid], term) for cid, term in hits]

    def lookup(self, concept_id: str, lang: str) -> Term | None:
        """The preferred term of a concept in ``lang``, falling back ``pt-BR`` -> ``pt``."""
        return self.get(concept_id).preferred(lang)

    def stats(self) -> dict:
        q = self.db.execute
        by_lang = {
            lang: {"terms": n, "concepts": c, "preferred": p}
            for lang, n, c, p in q(
                "SELECT lang, count(*), count(DISTINCT concept_id), "
                "sum(status = 'preferred') FROM terms GROUP BY lang ORDER BY lang"
            )
        }
        by_status = dict(q("SELECT status, count(*) FROM terms GROUP BY status ORDER BY status").fetchall())
        return {
            "concepts": len(self),
            "terms": q("SELECT count(*) FROM terms").fetchone()[0],
            "do_not_translate": q("SELECT count(*) FROM concepts WHERE do_not_translate").fetchone()[0],
            "languages": by_lang,
            "statuses": by_status,
            "domains": dict(
                q("SELECT coalesce(domain, ''), count(*) FROM concepts GROUP BY 1 ORDER BY 1").fetchall()
            ),
        }

    # -- writing ---------------------------------------------------------
    def write(
        self,
        concepts: Iterable[Concept],
        *,
        on_conflict: OnConflict = OnConflict.FAIL,
        progress: Callable[[int], None] | None = None,
        locate: Callable[[str], tuple[str | None, int | None]] | None = None,
    ) -> WriteReport:
        """Validate and write concepts in one transaction; all or nothing.

        ``locate(concept_id)`` names the file and line a concept came from,
        so that an error raised here can point at the row to fix.
        """
        report = WriteReport()
        existing = set(self.ids())
        conn = self.db.conn
        with conn:  # one transaction: commit on success, roll back on error
            for n, concept in enumerate(concepts, 1):
                try:
                    self._write_one(concept.validate(), existing, on_conflict, report)
                except (GlossatorError, sqlite3.IntegrityError) as exc:
                    raise _located(exc, concept.id, locate) from exc
                if progress:
                    progress(n)
        return report

    def _write_one(self, c: Concept, existing: set[str], policy: OnConflict, report: WriteReport) -> None:
        conn = self.db.conn
        if c.id in existing:
            if policy == OnConflict.FAIL:
                raise GlossaryIntegrityError(
                    f"concept {c.id!r} already exists",
                    hint="pass --on-conflict skip, replace or merge",
                )
            if policy == OnConflict.SKIP:
                report.skipped += 1
                return
            if policy == OnConflict.REPLACE:
                conn.execute("DELETE FROM concepts WHERE id = ?", (c.id,))
                report.replaced += 1
            else:
                self._merge(c, report)
                return
        else:
            report.added += 1
        existing.add(c.id)
        conn.execute(
            "INSERT INTO concepts (id, domain, definition, source, do_not_translate"
            + (", created" if c.created else "")
            + ") VALUES (?, ?, ?, ?, ?" + (", ?" if c.created else "") + ")",
            (c.id, c.domain, c.definition, c.source, int(c.do_not_translate))
            + ((c.created,) if c.created else ()),
        )
        self._insert_terms(c.id, c.terms)
        report.terms += len(c.terms)

    def _merge(self, c: Concept, report: WriteReport) -> None:
        current = self.get(c.id)
        have = {(t.lang, t.text) for t in current.terms}
        new = [t for t in c.terms if (t.lang, t.text) not in have]
        for field in ("domain", "definition", "source"):
            if getattr(c, field) and not getattr(current, field):
                self.db.conn.execute(f"UPDATE concepts SET {field} = ? WHERE id = ?", (getattr(c, field), c.id))
        Concept(c.id, current.terms + new).validate()  # the merged concept must still be valid
        self._insert_terms(c.id, new)
        report.merged += 1
        report.terms += len(new)

    def _insert_terms(self, concept_id: str, terms: list[Term]) -> None:
        self.db.conn.executemany(
            f"INSERT INTO terms ({', '.join(_TERM_COLUMNS)}) VALUES ({', '.join('?' * len(_TERM_COLUMNS))})",
            [
                (concept_id, t.lang, t.text, t.status.value, t.kind.value, int(t.case_sensitive), t.pos,
                 t.gender, t.number, int(t.same_as_source), t.note, t.source)
                for t in terms
            ],
        )

    def replace_concept(self, concept: Concept) -> None:
        """Rewrite one existing concept (used by ``glossary edit``)."""
        self.get(concept.id)
        self.write([concept], on_conflict=OnConflict.REPLACE)

    def remove(self, concept_id: str) -> None:
        self.get(concept_id)
        with self.db.conn:
            self.db.conn.execute("DELETE FROM concepts WHERE id = ?", (concept_id,))


def _located(exc: Exception, concept_id: str, locate) -> GlossatorError:
    path, line = locate(concept_id) if locate else (None, None)
    if isinstance(exc, GlossatorError):
        exc.path = exc.path or path
        exc.line = exc.line or line
        return exc
    return GlossaryIntegrityError(f"concept {concept_id!r}: {exc}", path=path, line=line)


def _concept(row: dict, terms: list[Term]) -> Concept:
    return Concept(
        id=row["id"], terms=terms, domain=row["domain"], definition=row["definition"],
        source=row["source"], do_not_translate=bool(row["do_not_translate"]),
        created=row["created"], updated=row["updated"],
    )


def _term(r: dict) -> Term:
    return Term(
        id=r["id"], lang=r["lang"], text=r["text"], status=Status(r["status"]), kind=Kind(r["kind"]),
        case_sensitive=bool(r["case_sensitive"]), pos=r["pos"], gender=r["gender"], number=r["number"],
        same_as_source=bool(r["same_as_source"]), note=r["note"], source=r["source"],
    )


def _term_with_concept(r: dict) -> tuple[str, Term]:
    return r["concept_id"], _term(r)
