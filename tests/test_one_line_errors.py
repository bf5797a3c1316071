"""Issue 11, item 11: cases that showed a traceback now give one line naming the thing and what to do.

Each goes through the real CLI (in-process, exceptions not caught by the
runner: a traceback would fail the test with the exception itself).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from glossator.glossary import connection


def one_line_error(r, *needles: str) -> str:
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    [line] = r.stderr.strip().splitlines()
    assert line.startswith("error: ")
    for needle in needles:
        assert needle in line, line
    return line


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("The minister spoke.\n\nThe talks ended.\n", encoding="utf-8")
    return path


# -- the database ----------------------------------------------------------------------------

@pytest.fixture
def unwritable_db(seeded_db):
    """The user's case: a database file they cannot write. Root ignores chmod, so as root the
    file is made immutable (chattr +i, a real filesystem attribute); as anyone else, chmod 0444."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(seeded_db)], capture_output=True, text=True)
        if done.returncode:
            pytest.fail(f"chattr +i is not supported here: {done.stderr.strip()}")
        yield seeded_db
        subprocess.run(["chattr", "-i", str(seeded_db)], check=True)
    else:
        seeded_db.chmod(0o444)
        yield seeded_db
        seeded_db.chmod(0o644)


def test_a_database_that_cannot_be_written_is_one_line(cli, unwritable_db):
    before = unwritable_db.read_bytes()
    assert cli("glossary", "--db", unwritable_db, "list").exit_code == 0  # reading still works
    r = cli("glossary", "--db", unwritable_db, "add", "en=Foo", "zh=福")
    one_line_error(r, str(unwritable_db), "cannot be written", "readonly", "writable")
    assert unwritable_db.read_bytes() == before


@pytest.mark.parametrize("command", [["add", "en=Foo", "zh=福"],
                                     ["import", "all.csv", "--format", "csv-long", "--on-conflict", "replace"]],
                         ids=["add", "import"])
def test_a_database_locked_by_another_writer_is_one_line(cli, seeded_db, monkeypatch, command):
    """A second real process holds a write transaction (as a big import does) past the busy timeout."""
    assert cli("glossary", "--db", seeded_db, "export", "-f", "csv-long", "-o", "all.csv").exit_code == 0
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "c.execute(\"UPDATE concepts SET domain = domain WHERE id = 'celac'\")\n"
         "print('holding', flush=True)\n"
         "sys.stdin.read()\n", str(seeded_db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        r = cli("glossary", "--db", seeded_db, *command)
    finally:
        holder.communicate("", timeout=30)
    one_line_error(r, str(seeded_db), "another process", "database is locked", "0.3 s", "run the command again")
    assert cli("glossary", "--db", seeded_db, *command).exit_code == 0  # and after it, it works


@pytest.mark.parametrize("sql, what", [
    ("ALTER TABLE terms RENAME COLUMN note TO notes", "table terms lacks column(s) note; has unknown column(s) notes"),
    ("ALTER TABLE terms RENAME COLUMN text TO term", "table terms lacks column(s) text; has unknown column(s) term"),
    ("ALTER TABLE concepts RENAME TO concept", "table concepts is missing"),
])
def test_a_database_with_a_schema_changed_by_hand_is_refused_with_the_path(cli, seeded_db, sql, what):
    with sqlite3.connect(seeded_db) as conn:
        conn.execute(sql)
    conn.close()
    for command in (["list"], ["add", "en=Foo", "zh=福"]):
        r = cli("glossary", "--db", seeded_db, *command)
        one_line_error(r, str(seeded_db), "not a database schema this Glossator knows", what, "restore a backup")


# -- LibreTranslate server URLs ---------------------------------------------------------------

@pytest.mark.parametrize("url, says", [
    ("localhost:5000", ["'localhost:5000'", "no http:// or https://", "http://localhost:5000"]),
    ("ftp://mt.example:5000", ["scheme ftp:// is not supported", "http://mt.example:5000"]),
    ("http://[::1", ["'http://[::1'", "not a valid URL", "Invalid IPv6 URL", "http://[::1]:5000"]),
    ("http://mt.example:99999", ["Port out of range"]),
    ("http://", ["has no host name"]),
])
def test_a_bad_server_url_is_one_line(cli, article, url, says):
    r = cli("translate", article, "--to", "zh", "--engine", "libretranslate", "--server", url)
    one_line_error(r, "--server", *says)
    assert not [p for p in article.parent.rglob("*.po*")]  # nothing written


def test_engines_with_a_server_without_scheme_is_one_line(cli):
    r = cli("engines", "--server", "localhost:5000")
    one_line_error(r, "'localhost:5000'", "http://localhost:5000")


@pytest.mark.parametrize("command", [["engines"], ["translate", "ARTICLE", "--to", "zh"],
                                     ["translate", "ARTICLE", "--to", "zh", "--engine", "libretranslate"]])
def test_junk_in_the_servers_variable_is_one_line_naming_the_variable(cli, article, monkeypatch, command):
    monkeypatch.setenv("GLOSSATOR_LIBRETRANSLATE_URLS", "http://127.0.0.1:5000, mt-2:5000")
    r = cli(*[article if c == "ARTICLE" else c for c in command])
    one_line_error(r, "GLOSSATOR_LIBRETRANSLATE_URLS", "'mt-2:5000'", "http://mt-2:5000")
