"""The SQLite connection under a Glossary: pragmas, SQLite's errors in words, a schema check.

SQLite reports a file it may not write ("attempt to write a readonly
database"), another process's write transaction ("database is locked") and
a full disk as ``sqlite3.OperationalError`` from whichever statement hit
them, deep inside sqlite-utils or the store. The connection class here turns
those few into :class:`DatabaseUnavailable`, a GlossatorError naming the
file and what to do, at the one place every statement passes through. It is
also an ``OperationalError``, so code (sqlite-utils' included) that catches
SQLite's errors still catches it. Any other SQLite error stays as it is: it
is a bug to report, not a user's problem.

A database whose tables do not have the columns Glossator's migrations make
(a column renamed by hand, say) is refused at open, with the table and the
columns, instead of failing later with a KeyError on a row.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path

from glossator.errors import GlossatorError

BUSY_TIMEOUT_MS = 5000

# (what SQLite says, what it means for the user, what they can do)
_KNOWN = (
    ("readonly database", "cannot be written ({error})",
     "make the file and its folder writable (check ls -l and lsattr), or pass another --db"),
    ("database is locked", "is being written by another process ({error}, after waiting {wait:g} s)",
     "wait until that run (a big import?) ends, then run the command again"),
    ("database is busy", "is being written by another process ({error})",
     "wait until that run ends, then run the command again"),
    ("database or disk is full", "cannot grow: the disk is full ({error})", "free some space, then run again"),
    ("unable to open database file", "cannot be opened ({error})",
     "check that the file and its folder exist and are readable and writable, or pass another --db"),
    ("disk i/o error", "could not be read or written ({error})", "check the disk, then run again"),
)


class DatabaseUnavailable(GlossatorError, sqlite3.OperationalError):
    """The database file cannot be used now: read-only, locked by another writer, disk full."""


class UnknownSchema(GlossatorError):
    """The database's tables are not the ones Glossator's migrations make."""


def translated(exc: sqlite3.OperationalError, path: str) -> sqlite3.OperationalError:
    """``exc`` as a DatabaseUnavailable when it is one of the user's problems, else ``exc``."""
    if isinstance(exc, GlossatorError):
        return exc
    said = str(exc)
    for needle, message, hint in _KNOWN:
        if needle in said.lower():
            what = message.format(error=said, wait=BUSY_TIMEOUT_MS / 1000)
            error = DatabaseUnavailable(f"the glossary database {what}", hint=hint, path=path)
            error.sqlite_errorcode, error.sqlite_errorname = exc.sqlite_errorcode, exc.sqlite_errorname
            return error
    return exc


def _translating(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            raise translated(exc, self.path) from exc
    return call


class Connection(sqlite3.Connection):
    """A sqlite3 connection whose statements and commits raise DatabaseUnavailable for the user's problems."""

    path = "?"
    execute = _translating(sqlite3.Connection.execute)
    executemany = _translating(sqlite3.Connection.executemany)
    executescript = _translating(sqlite3.Connection.executescript)
    commit = _translating(sqlite3.Connection.commit)
    __exit__ = _translating(sqlite3.Connection.__exit__)  # the commit of `with conn:`


def connect(path: str | os.PathLike) -> Connection:
    try:
        conn = sqlite3.connect(path, factory=Connection)
    except sqlite3.OperationalError as exc:
        raise translated(exc, str(path)) from exc
    conn.path = str(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


@functools.cache
def expected_tables() -> dict[str, tuple[str, ...]]:
    """Table -> columns, as the migrations make them (run once, in memory)."""
    from sqlite_utils import Database

    from . import schema

    db = Database(memory=True)
    schema.migrate(db)
    return _tables(db.conn)


def _tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: tuple(r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (n,))) for n in names}


def check_schema(conn: sqlite3.Connection, path: str | Path) -> None:
    """Raise UnknownSchema when a table the migrations make is missing or has other columns."""
    found = _tables(conn)
    for table, columns in expected_tables().items():
        have = found.get(table)
        if have == columns:
            continue
        if have is None:
            problem = f"table {table} is missing"
        else:
            missing = [c for c in columns if c not in have]
            extra = [c for c in have if c not in columns]
            problem = f"table {table} " + "; ".join(
                part for part in (f"lacks column(s) {', '.join(missing)}" if missing else "",
                                  f"has unknown column(s) {', '.join(extra)}" if extra else "",
                                  "has its columns in another order" if not (missing or extra) else "") if part)
        raise UnknownSchema(
            f"not a database schema this Glossator knows: {problem}",
            hint="was it changed by hand or by another program? restore a backup, or pass another --db",
            path=str(path))
