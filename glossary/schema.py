"""The terminology database schema, as ``sqlite_utils.Migrations``.

Rules live in the database, not only in Python: CHECK constraints on the
closed vocabularies, a unique (concept, language, text) index, a partial
unique index for "one preferred term per concept and language", foreign keys
with cascading deletes, and triggers that keep ``concepts.updated`` current.
Raw SQL is used where sqlite-utils' ``create()`` cannot express a constraint.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from .model import GENDERS, NUMBERS, POS, Kind, Status

migrations = Migrations("glossator.glossary")
KNOWN_STEPS: list[str] = []


def _step(fn):
    """Register a migration, and remember its name: a database with a step
    that is not in this list comes from a newer Glossator."""
    KNOWN_STEPS.append(fn.__name__)
    return migrations()(fn)

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


@_step
def m001_concepts_and_terms(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE concepts (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
            domain TEXT,
            definition TEXT,
            source TEXT,
            do_not_translate INTEGER NOT NULL DEFAULT 0 CHECK (do_not_translate IN (0, 1)),
            created TEXT NOT NULL DEFAULT ({_NOW}),
            updated TEXT NOT NULL DEFAULT ({_NOW})
        )"""
    )
    db.execute(
        f"""
        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
            lang TEXT NOT NULL CHECK (length(lang) >= 2),
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            status TEXT NOT NULL CHECK (status IN ({_in(s.value for s in Status)})),
            kind TEXT NOT NULL CHECK (kind IN ({_in(k.value for k in Kind)})),
            case_sensitive INTEGER NOT NULL DEFAULT 0 CHECK (case_sensitive IN (0, 1)),
            pos TEXT CHECK (pos IS NULL OR pos IN ({_in(POS)})),
            gender TEXT CHECK (gender IS NULL OR gender IN ({_in(GENDERS)})),
            number TEXT CHECK (number IS NULL OR number IN ({_in(NUMBERS)})),
            same_as_source INTEGER NOT NULL DEFAULT 0 CHECK (same_as_source IN (0, 1)),
            note TEXT,
            source TEXT
        )"""
    )
    db.execute("CREATE UNIQUE INDEX terms_unique_text ON terms (concept_id, lang, text)")
    db.execute(
        "CREATE UNIQUE INDEX terms_one_preferred ON terms (concept_id, lang) "
        "WHERE status = 'preferred'"
    )
    db.execute("CREATE INDEX terms_lang ON terms (lang)")
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        db.execute(
            f"""
            CREATE TRIGGER terms_touch_concept_{event.lower()} AFTER {event} ON terms
            BEGIN
                UPDATE concepts SET updated = {_NOW} WHERE id = {row}.concept_id;
            END"""
        )
    db.execute(
        f"""
        CREATE TRIGGER concepts_touch AFTER UPDATE OF domain, definition, source, do_not_translate
        ON concepts BEGIN
            UPDATE concepts SET updated = {_NOW} WHERE id = NEW.id;
        END"""
    )


@_step
def m002_term_search(db: Database) -> None:
    # The trigram tokenizer finds substrings in any script: the default
    # unicode61 tokenizer would index a run of Chinese characters as one
    # token, so 拉共体 would never find 中国－拉共体论坛.
    db.table("terms").enable_fts(["text"], tokenize="trigram", create_triggers=True)


@_step
def m003_translation_memory(db: Database) -> None:
    # Translation units imported from TMX files (glossator tm import); the
    # approved entries of the catalogs themselves are read from the PO files.
    db.execute(
        f"""
        CREATE TABLE tm_units (
            id INTEGER PRIMARY KEY,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            source TEXT NOT NULL CHECK (length(source) > 0),
            target TEXT NOT NULL CHECK (length(target) > 0),
            origin TEXT NOT NULL,
            created TEXT NOT NULL DEFAULT ({_NOW}),
            UNIQUE (source_lang, target_lang, source, target)
        )"""
    )
    db.execute("CREATE INDEX tm_units_lookup ON tm_units (source_lang, target_lang, source)")


@_step
def m004_preferred_term_lookup(db: Database) -> None:
    # Rows of a format without concept ids (the wide csv) are matched to the
    # concept that already has their preferred term, so that re-importing an
    # export updates concepts instead of duplicating them.
    db.execute("CREATE INDEX terms_preferred_text ON terms (lang, text) WHERE status = 'preferred'")


@_step
def m005_settings(db: Database) -> None:
    # Per-glossary settings, key -> value: so far the regional variant order per
    # language ("variants.es" = "es-ES,es-419", or "off"; see variants.py).
    db.execute(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY NOT NULL CHECK (length(key) > 0),
            value TEXT NOT NULL
        )"""
    )


def _one_of(column: str, values) -> str:
    """``column`` equals one of ``values``, as a chain of ``=``: it refuses and
    accepts exactly what ``column IN (...)`` does (NULL passes both ways; the
    NOT NULL constraints refuse it), but SQLite checks ``IN`` over three or
    more values with a lookup in a temporary index on every row, which made
    the CHECKs of ``terms`` 40 % of the cost of inserting a term (bench/README.md)."""
    return "(" + " OR ".join(f"{column} = '{v}'" for v in values) + ")"


TERMS_TABLE = f"""
        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
            lang TEXT NOT NULL CHECK (length(lang) >= 2),
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            status TEXT NOT NULL CHECK {_one_of("status", (s.value for s in Status))},
            kind TEXT NOT NULL CHECK {_one_of("kind", (k.value for k in Kind))},
            case_sensitive INTEGER NOT NULL DEFAULT 0 CHECK (case_sensitive IN (0, 1)),
            pos TEXT CHECK (pos IS NULL OR {_one_of("pos", POS)}),
            gender TEXT CHECK (gender IS NULL OR {_one_of("gender", GENDERS)}),
            number TEXT CHECK (number IS NULL OR {_one_of("number", NUMBERS)}),
            same_as_source INTEGER NOT NULL DEFAULT 0 CHECK (same_as_source IN (0, 1)),
            note TEXT,
            source TEXT
        )"""
# The term search index without FTS5's per-row column sizes, which only
# ranking (bm25) reads and search does not use: filling it is cheaper.
TERMS_FTS = ("CREATE VIRTUAL TABLE terms_fts USING FTS5 "
             "(text, tokenize='trigram', content=\"terms\", columnsize=0)")


@_step
def m006_cheaper_term_checks(db: Database) -> None:
    # The same rules, checked faster: the terms table is made again with its
    # CHECKs written as chains of "=" instead of IN lists (_one_of), and the
    # search index without column sizes. SQLite cannot change a table's
    # CHECKs in place, so this is its documented rebuild: new table, copy,
    # drop, rename, then the indexes and triggers again, from their stored SQL.
    conn = db.conn
    kept = conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'terms' AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type = 'trigger', name").fetchall()
    conn.execute(TERMS_TABLE.replace("CREATE TABLE terms", "CREATE TABLE terms_rebuilt", 1))
    conn.execute("INSERT INTO terms_rebuilt SELECT * FROM terms")
    conn.execute("DROP TABLE terms")  # its indexes and triggers go with it
    conn.execute("ALTER TABLE terms_rebuilt RENAME TO terms")
    conn.execute("DROP TABLE terms_fts")
    conn.execute(TERMS_FTS)
    conn.execute("INSERT INTO terms_fts (rowid, text) SELECT id, text FROM terms ORDER BY id")
    for (sql,) in kept:
        conn.execute(sql)


def migrate(db: Database) -> None:
    """Bring ``db`` to the current schema; safe to call on every open.

    A database that has a schema step this code does not know was written by
    a newer Glossator: it is refused, untouched, rather than used half-read.
    """
    unknown = [m.name for m in migrations.applied(db) if m.name not in KNOWN_STEPS]
    if unknown:
        from glossator import __version__
        from glossator.errors import GlossatorError

        raise GlossatorError(
            f"the database was written by a newer Glossator (schema step {unknown[0]!r} "
            f"is unknown to Glossator {__version__}); it was left untouched",
            hint="upgrade Glossator (pip install -U glossator) to use it, or pass another --db",
        )
    migrations.apply(db)
