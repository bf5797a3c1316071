"""Showing results: rich tables for people, JSON for scripts, atomic files."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import Path

import typer


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value):
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
def atomic_output(path: str | os.PathLike):
    """Write a text file through a temporary file in the same folder, then rename.

    A failure part-way leaves the old file (if any) untouched and no partial one.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def run_lock(folder: str | os.PathLike, timeout: float | None = None):
    """One glossator run at a time writes the catalogs under ``folder``
    (waiting up to $GLOSSATOR_LOCK_TIMEOUT seconds, 30 by default)."""
    from filelock import FileLock, Timeout

    from glossator.errors import GlossatorError

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / ".glossator.lock"))
    if timeout is None:
        timeout = float(os.environ.get("GLOSSATOR_LOCK_TIMEOUT", "30"))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise GlossatorError(f"another glossator run is writing {folder}/", hint="wait for it to finish") from None
    try:
        yield
    finally:
        lock.release()
