"""The schema migrates from nothing, and the database itself enforces the rules."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from glossator.glossary import schema

EXPECTED = {
    "concepts": ["id", "domain", "definition", "source", "do_not_translate", "created", "updated"],
    "terms": ["id", "concept_id", "lang", "text", "status", "kind", "case_sensitive", "pos", "gender",
              "number", "same_as_source", "note", "source"],
}


@pytest.fixture
def migrated(tmp_path):
    conn = sqlite3.connect(tmp_path / "m.db")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    schema.migrate(db)
    return db


def test_blank_database_migrates_to_expected_tables_and_columns(migrated):
    for table, columns in EXPECTED.items():
        assert [c.name for c in migrated[table].columns] == columns
    assert "terms_fts" in migrated.table_names()
    applied = [m.name for m in schema.migrations.applied(migrated)]
    assert applied == ["m001_concepts_and_terms", "m002_term_search", "m003_translation_memory",
                       "m004_preferred_term_lookup", "m005_settings", "m006_cheaper_term_checks"]
    assert [c.name for c in migrated["settings"].columns] == ["key", "value"]
    assert [c.name for c in migrated["tm_units"].columns] == [
        "id", "source_lang", "target_lang", "source", "target", "origin", "created"]


def test_migrating_twice_is_a_no_op(migrated):
    schema.migrate(migrated)
    assert len(schema.migrations.applied(migrated)) == 6


def _concept(db, cid="c1"):
    db.execute("INSERT INTO concepts (id) VALUES (?)", [cid])


def _term(db, text, status="preferred", lang="en", cid="c1", **extra):
    cols = {"concept_id": cid, "lang": lang, "text": text, "status": status, "kind": "full", **extra}
    db.execute(f"INSERT INTO terms ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", list(cols.values()))


def test_database_refuses_a_second_preferred_term_per_language(migrated):
    _concept(migrated)
    _term(migrated, "Belt and Road Initiative")
    _term(migrated, "BRI", status="admitted")
    with pytest.raises(sqlite3.IntegrityError):
        _term(migrated, "One Belt, One Road")


def test_database_refuses_duplicate_text_and_bad_vocabulary(migrated):
    _concept(migrated)
    _term(migrated, "CELAC")
    with pytest.raises(sqlite3.IntegrityError):
        _term(migrated, "CELAC", status="admitted")
    with pytest.raises(sqlite3.IntegrityError):
        _term(migrated, "x", status="recommended")
    with pytest.raises(sqlite3.IntegrityError):
        _term(migrated, "y", status="admitted", gender="plural")
    with pytest.raises(sqlite3.IntegrityError):
        _term(migrated, "   ", status="admitted")


def test_foreign_keys_cascade_and_orphans_are_refused(migrated):
    _concept(migrated)
    _term(migrated, "NPC")
    with pytest.raises(sqlite3.IntegrityError):
        _term(migrated, "orphan", cid="missing")
    migrated.execute("DELETE FROM concepts WHERE id = 'c1'")
    assert migrated.execute("SELECT count(*) FROM terms").fetchone()[0] == 0


def test_term_changes_touch_the_concept_updated_time(migrated):
    _concept(migrated)
    migrated.execute("UPDATE concepts SET updated = '2000-01-01T00:00:00Z'")
    _term(migrated, "CPPCC")
    assert migrated.execute("SELECT updated FROM concepts").fetchone()[0] > "2000"
    assert migrated.execute("SELECT updated FROM concepts").fetchone()[0] != "2000-01-01T00:00:00Z"


def test_store_opens_in_wal_mode_with_foreign_keys(seeded):
    assert seeded.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert seeded.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


BEFORE_M006 = "m006_cheaper_term_checks"


def _db_before_m006(path) -> Database:
    """A database as Glossator left it before m006: its first five schema steps."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    schema.migrations.apply(db, stop_before=BEFORE_M006)
    assert BEFORE_M006 not in [m.name for m in schema.migrations.applied(db)]
    return db


# Every value the vocabulary columns allow, and values near them that they do not.
_VOCABULARY = {
    "status": ["preferred", "admitted", "deprecated", "forbidden", "Preferred", "preferred ", "", "recommended", 1,
               b"preferred"],  # a BLOB is not text
    "kind": ["full", "abbreviation", "short", "variant", "FULL", "acronym", "", 0],
    "pos": [None, "noun", "proper-noun", "verb", "adjective", "adverb", "other", "Noun", "proper noun", "", 2],
    "gender": [None, "masculine", "feminine", "neuter", "common", "", "Feminine"],
    "number": [None, "singular", "plural", "dual", "", "Plural"],
}


def _accepts(db: Database, column: str, value) -> bool:
    extra = {"status": "admitted", "kind": "full"}
    extra[column] = value
    try:
        db.execute("SAVEPOINT t")
        _term(db, f"term {column} {value!r}", **{"status": extra.pop("status")}, **extra)
        return True
    except sqlite3.IntegrityError:
        return False
    finally:
        db.execute("ROLLBACK TO t")
        db.execute("RELEASE t")


def test_the_rewritten_term_checks_accept_and_refuse_what_the_first_ones_did(tmp_path, migrated):
    old = _db_before_m006(tmp_path / "old.db")
    for db in (old, migrated):
        _concept(db)
    outcomes = {column: [(_accepts(old, column, v), _accepts(migrated, column, v)) for v in values]
                for column, values in _VOCABULARY.items()}
    for column, pairs in outcomes.items():
        assert [o for o, _ in pairs] == [n for _, n in pairs], column
        assert any(o for o, _ in pairs) and not all(o for o, _ in pairs), column


def test_term_checks_are_chains_of_equals_not_in_lists(migrated):
    # SQLite checks "x IN (3 or more values)" through a temporary index on every
    # row: 40 % of the cost of inserting a term (bench/README.md, import at scale).
    sql = migrated.execute("SELECT sql FROM sqlite_master WHERE name = 'terms'").fetchone()[0]
    assert "status = 'preferred' OR status = 'admitted'" in sql
    assert " IN ('" not in sql


def test_a_database_from_before_m006_keeps_its_terms_indexes_triggers_and_search(tmp_path):
    from glossator.glossary.store import Glossary

    path = tmp_path / "old.db"
    old = _db_before_m006(path)
    _concept(old, "celac")
    _term(old, "Comunidad de Estados Latinoamericanos y Caribeños", lang="es", cid="celac")
    _term(old, "CELAC", status="admitted", cid="celac")
    old.execute("UPDATE concepts SET updated = '2000-01-01T00:00:00Z'")
    before = old.execute("SELECT * FROM terms ORDER BY id").fetchall()
    concepts = old.execute("SELECT * FROM concepts").fetchall()
    names = old.execute("SELECT type, name FROM sqlite_master WHERE tbl_name = 'terms' ORDER BY name").fetchall()
    old.conn.commit()
    old.conn.close()

    g = Glossary.open(path, seed=False)
    conn = g.db.conn
    assert BEFORE_M006 in [m.name for m in schema.migrations.applied(g.db)]
    assert conn.execute("SELECT * FROM terms ORDER BY id").fetchall() == before
    assert conn.execute("SELECT * FROM concepts").fetchall() == concepts  # the rebuild touched no concept
    assert conn.execute("SELECT type, name FROM sqlite_master WHERE tbl_name = 'terms' "
                        "ORDER BY name").fetchall() == names
    # the search index was made again without column sizes, and holds every term
    assert "terms_fts_docsize" not in g.db.table_names()
    conn.execute("INSERT INTO terms_fts (terms_fts, rank) VALUES ('integrity-check', 1)")
    assert [t.text for _, t in g.search("Latinoamericanos")] == ["Comunidad de Estados Latinoamericanos y Caribeños"]
    # the rules still hold: a second preferred term, a bad status, an orphan
    for values in (("celac", "es", "CELAC-es", "preferred"), ("celac", "en", "x", "recommended"),
                   ("nowhere", "en", "y", "admitted")):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO terms (concept_id, lang, text, status, kind) VALUES (?, ?, ?, ?, 'full')",
                         values)
    # and the triggers: a new term is found, and touches its concept
    conn.execute("UPDATE concepts SET updated = '2000-01-01T00:00:00Z'")
    conn.execute("INSERT INTO terms (concept_id, lang, text, status, kind) VALUES ('celac', 'pt', "
                 "'Comunidade de Estados Latino-Americanos', 'preferred', 'full')")
    assert conn.execute("SELECT updated FROM concepts").fetchone()[0] != "2000-01-01T00:00:00Z"
    assert len(g.search("Latino-Americanos")) == 1
    g.close()
