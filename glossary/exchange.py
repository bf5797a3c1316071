"""Import and export: files in an exchange format to and from a :class:`Glossary`.

An import streams: each file is read, checked and written concept by
concept, in batches, all inside one transaction that spans every file of
the command. A bad row anywhere, in any of the files, means nothing is
written, and the error names the file and row. Memory does not grow with
the files' size (see :mod:`.bulk`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from glossator.errors import ImportFormatError

from . import formats, langtags
from .bulk import BulkWriter, WriteReport
from .formats.position import bytes_read
from .model import Concept, Status
from .store import Glossary, OnConflict

Progress = Callable[[int, int], None]


@dataclass
class FileReport:
    path: str
    format: str
    report: WriteReport


def import_files(
    glossary: Glossary,
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    encoding: str = "utf-8",
    on_conflict: OnConflict = OnConflict.FAIL,
    progress: Progress | None = None,
) -> list[FileReport]:
    """Import every file in one transaction; all of them or nothing.

    ``progress(bytes_done, bytes_total)`` is called as the files are read
    (the total is the files' sizes, so nothing is read twice).
    """
    names = [str(p) for p in paths]
    fmts = [_format(p, fmt, encoding) for p in names]
    total = sum(_size(p) for p in names)
    done, results = 0, []
    with BulkWriter(glossary, on_conflict) as writer:
        for path, f in zip(names, fmts):
            fragment, invented = f in formats.FRAGMENTED, f in formats.INVENTED_IDS
            line = 0
            for n, (line, concept) in enumerate(formats.READERS[f](path, encoding)):
                writer.add(concept, path, line, fragment=fragment, invented_id=invented)
                if progress and n % 256 == 0:
                    progress(done + bytes_read(path), total)
            done += _size(path)
            results.append(FileReport(path, f, writer.reports.setdefault(path, WriteReport())))
    if progress:
        progress(total, total)
    return results


def import_file(glossary: Glossary, path: str | Path, **kw) -> tuple[FileReport, WriteReport]:
    """Import one file (see :func:`import_files`); returns its report twice over, for callers of old."""
    (result,) = import_files(glossary, [path], **kw)
    return result, result.report


def _format(path: str, fmt: str | None, encoding: str) -> str:
    fmt = fmt or formats.detect(path, encoding)
    if fmt not in formats.READERS:
        raise ImportFormatError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(formats.READERS)}")
    return fmt


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # the reader names the problem


def _selected(glossary: Glossary, fmt: str, statuses: Iterable[str] | None) -> list[Concept]:
    """The concepts with only the terms of the given statuses (the format's default if None)."""
    names = [s.value for s in Status]
    for s in statuses or ():
        if s not in names:
            raise ImportFormatError(f"unknown status {s!r}", hint=f"use {', '.join(names)}, e.g. preferred,admitted")
    wanted = {Status(s) for s in statuses} if statuses else set(formats.DEFAULT_STATUSES.get(fmt, Status))
    out = []
    for c in glossary.concepts():
        terms = [t for t in c.terms if t.status in wanted]
        if terms:
            out.append(replace(c, terms=terms))
    return out


def export(glossary: Glossary, fmt: str, out, languages: list[str] | None = None,
           statuses: Iterable[str] | None = None) -> int:
    """Write the glossary to ``out`` (a text stream); returns the concept count.

    ``statuses`` keeps only terms of those statuses (``preferred,admitted``
    for tools that ignore status); by default all, or the usable ones for MT layouts.
    """
    if fmt not in formats.WRITERS:
        raise ImportFormatError(f"cannot export {fmt!r}", hint=f"use one of {', '.join(formats.WRITERS)}, deepl")
    langs = [langtags.normalize(lang) for lang in languages] if languages else None
    concepts = _selected(glossary, fmt, statuses)
    formats.WRITERS[fmt](concepts, out, langs)
    return len(concepts)


def export_pairs(glossary: Glossary, languages: list[str] | None = None,
                 statuses: Iterable[str] | None = None) -> dict[tuple[str, str], tuple[str, int]]:
    """DeepL glossaries, one per pair from the first language: {(src, tgt): (csv text, entries)}."""
    langs = [langtags.normalize(lang) for lang in languages] if languages else None
    concepts = _selected(glossary, "deepl", statuses)
    result = {}
    for source, target in formats.mt.deepl_pairs(concepts, langs):
        buf = io.StringIO()
        n = formats.mt.write_deepl(concepts, buf, source, target)
        result[(source, target)] = (buf.getvalue(), n)
    return result
