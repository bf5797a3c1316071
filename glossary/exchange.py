"""Import and export: files in an exchange format to and from a :class:`Glossary`.

An import parses and checks the whole file before it writes anything, then
writes in one transaction: a bad row anywhere means nothing is written, and
the error names the row.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from glossator.errors import ImportFormatError

from . import formats, langtags
from .model import Concept, Status
from .store import Glossary, OnConflict, WriteReport


@dataclass
class ParsedFile:
    path: str
    format: str
    concepts: list[Concept]
    lines: dict[str, int]


def parse_file(path: str | Path, fmt: str | None = None, encoding: str = "utf-8") -> ParsedFile:
    fmt = fmt or formats.detect(path, encoding)
    if fmt not in formats.READERS:
        raise ImportFormatError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(formats.READERS)}")
    concepts: list[Concept] = []
    lines: dict[str, int] = {}
    for line, concept in formats.READERS[fmt](path, encoding):
        if concept.id in lines:
            raise ImportFormatError(
                f"concept id {concept.id!r} appears again (first on line {lines[concept.id]})",
                path=str(path), line=line, hint="give each concept its own id",
            )
        lines[concept.id] = line
        concepts.append(concept)
    return ParsedFile(str(path), fmt, concepts, lines)


def import_file(
    glossary: Glossary,
    path: str | Path,
    *,
    fmt: str | None = None,
    encoding: str = "utf-8",
    on_conflict: OnConflict = OnConflict.FAIL,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ParsedFile, WriteReport]:
    parsed = parse_file(path, fmt, encoding)
    total = len(parsed.concepts)
    report = glossary.write(
        parsed.concepts,
        on_conflict=on_conflict,
        progress=(lambda n: progress(n, total)) if progress else None,
        locate=lambda cid: (parsed.path, parsed.lines.get(cid)),
    )
    return parsed, report


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
