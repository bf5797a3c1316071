"""Saving a catalog or template: only when its entries changed, dates moving forward,
formatted by msgcat once, and (for a translator's catalog) only while it still holds
what the run read (see ``swap``)."""

from __future__ import annotations

from pathlib import Path

import polib

from . import catalog as cat
from glossator.safefile import write_if_changed

from .files import ReadCatalog, render
from .swap import replace_if_unchanged


def _fingerprint(po: polib.POFile) -> tuple:
    return (po.header, tuple(sorted(po.metadata.items())), bool(po.metadata_is_fuzzy), tuple(
        (e.msgctxt, e.msgid, e.msgstr, e.comment, e.tcomment, tuple(e.flags), tuple(e.occurrences),
         e.previous_msgid, e.previous_msgctxt, e.obsolete) for e in po))


def save(po: polib.POFile, date_key: str, old: polib.POFile | None, path: Path, guard: bool = False) -> bool | None:
    """Write ``po`` unless it says what ``old`` says; a changed file gets a later ``date_key`` date.

    Comparing entries first spares the msgcat pass on re-runs where nothing changed;
    a changed catalog goes through msgcat once (its new date is put into the
    formatted text, which a date line cannot make wrap differently).
    With ``guard``, the file is written only if it still holds what the run read
    (``old``, or nothing); otherwise nothing is written and None is returned.
    """
    previous = old.metadata.get(date_key) if old is not None else None
    if previous:
        po.metadata[date_key] = previous
        if old is not None and _fingerprint(po) == _fingerprint(old):
            return False
        text = render(po)
        if path.exists() and path.read_bytes() == text.encode("utf-8"):
            return False
        po.metadata[date_key] = cat.later_date(previous)
        text = _redated(text, date_key, previous, po.metadata[date_key]) or render(po)
    else:
        po.metadata[date_key] = cat.later_date(None)
        text = render(po)
    if guard:
        return replace_if_unchanged(path, text, old.read_digest if isinstance(old, ReadCatalog) else None)
    return write_if_changed(path, text)


def _redated(text: str, key: str, old: str, new: str) -> str | None:
    """``text`` with its header's ``key`` date changed, or None if that line is not there exactly once."""
    line = f'"{key}: {old}\\n"\n'
    if text.count(line) != 1:
        return None
    return text.replace(line, f'"{key}: {new}\\n"\n')
