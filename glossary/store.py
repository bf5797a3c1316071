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
from enum import StrEnum
from pathlib import Path

from sqlite_utils import Database

from glossator.errors import ConceptNotFound, GlossatorError

from . import connection, langtags, schema
from .bulk import BulkWriter, WriteReport
from .model import Concept, Kind, Status, Term

DEFAULT_DB = "glossary.db"
ENV_DB = "GLOSSATOR_DB"


class OnConflict(StrEnum):
    """What an import does with a concept id that already exists."""

    FAIL = "fail"        # stop; nothing is written
    SKIP = "skip"        # keep the existing concept untouched
    REPLACE = "replace"  # drop the existing concept and its terms, write the new one
    MERGE = "merge"      # keep existing terms, add the new ones (one file per language)


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
        except GlossatorError as exc:  # read-only, locked, an unknown schema: said in words already
            raise exc.at(path)
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
        return int(self.db.execute("SELECT count(*) FROM concepts").fetchone()[0])

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
    ) -> WriteReport:
        """Validate and write concepts in one transaction; all or nothing.

        Imports use :class:`~.bulk.BulkWriter` directly, to name each
        concept's file and line in an error.
        """
        with BulkWriter(self, on_conflict) as writer:
            for n, concept in enumerate(concepts, 1):
                writer.add(concept)
                if progress:
                    progress(n)
        return writer.reports.get(None, WriteReport())

    def replace_concept(self, concept: Concept) -> None:
        """Rewrite one existing concept (used by ``glossary edit``)."""
        self.get(concept.id)
        self.write([concept], on_conflict=OnConflict.REPLACE)

    def remove(self, concept_id: str) -> None:
        self.get(concept_id)
        with self.db.conn:
            self.db.conn.execute("DELETE FROM concepts WHERE id = ?", (concept_id,))


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
