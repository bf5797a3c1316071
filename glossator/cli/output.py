"""Showing results: rich tables for people, JSON for scripts, atomic files."""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import Path

import typer


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def emit_json(data) -> None:
    typer.echo(json.dumps(_plain(data), ensure_ascii=False, indent=2))


def console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Piped or redirected output is for grep and diff: never fold a term.
    width = None if stream.isatty() else 10_000
    return Console(file=stream, width=width, highlight=False)


def table(title: str | None, columns: list[str], rows: list[list], caption: str | None = None):
    from rich.table import Table

    t = Table(title=title, caption=caption, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    return t


@contextmanager
def output_file(path: str | os.PathLike | None):
    """Standard output for None or ``-``, else a file written atomically (see glossator.safefile)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    from glossator.safefile import atomic_write

    with atomic_write(path) as out:
        yield out


@contextmanager
def run_lock(folder: str | os.PathLike, timeout: float | None = None):
    """One glossator run at a time writes the catalogs under ``folder``
    (waiting up to $GLOSSATOR_LOCK_TIMEOUT seconds, 30 by default)."""
    from glossator.errors import GlossatorError
    from glossator.safefile import folder_lock

    if timeout is None:
        raw = os.environ.get("GLOSSATOR_LOCK_TIMEOUT", "30")
        try:
            timeout = float(raw)
        except ValueError:
            timeout = float("nan")
        if not timeout >= 0 or timeout == float("inf"):
            raise GlossatorError(f"GLOSSATOR_LOCK_TIMEOUT={raw!r} is not a number of seconds",
                                 hint="set it to e.g. 30, or unset it")
    with folder_lock(folder, timeout):
        yield
