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
                       "m004_preferred_term_lookup", "m005_settings"]
    assert [c.name for c in migrated["settings"].columns] == ["key", "value"]
    assert [c.name for c in migrated["tm_units"].columns] == [
        "id", "source_lang", "target_lang", "source", "target", "origin", "created"]


def test_migrating_twice_is_a_no_op(migrated):
    schema.migrate(migrated)
    assert len(schema.migrations.applied(migrated)) == 5


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
