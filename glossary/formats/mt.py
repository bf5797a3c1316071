"""Glossaries for machine translation services: ``aws`` and ``deepl``.

Both hold what an MT engine should produce, so a cell is the term exactly:
no spreadsheet formula guard (a leading ``'`` would become part of the
term), no part of speech or description. Every usable term becomes its own
entry: the source language's preferred and admitted terms (``--status``
decides which), each paired with the target term of the same kind, so an
abbreviation maps to an abbreviation (NPC -> APN), and otherwise with the
target's preferred term. A target is never a deprecated or forbidden term
(``--status preferred,admitted,deprecated`` maps old source names to the
approved rendering: Chinese parliament -> Asamblea Popular Nacional). A
do-not-translate concept without a target term keeps the source text.

* ``aws``: Amazon Translate custom terminology, CSV: a header of language
  codes only (the first is the source), then one row per source term. Rows
  are sorted; a source term that two concepts share is written once, as
  Amazon Translate matches source text exactly. It imports as ``csv`` does.
* ``deepl``: one DeepL glossary per language pair, ``source,target`` rows,
  no header. DeepL's entry rules hold: no source twice, no empty side, no
  leading or trailing whitespace, no control characters. The pair is named
  in the file name, ``NAME.SRC.TGT.csv`` (``desk.en.es-419.csv``): dots
  never occur in a language tag, hyphens do.

Both import again (one concept per row), and export, import, export is
byte-identical.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from glossator.errors import GlossatorError, ImportFormatError

from .. import langtags
from ..model import Concept, Status, Term, slugify
from .csv_sets import present_languages
from .csvio import read_text, write_rows

_TARGETS = (Status.PREFERRED, Status.ADMITTED)
_RANK = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.FORBIDDEN: 3}


def _by_status(terms: Iterable[Term]) -> list[Term]:
    return sorted(terms, key=lambda t: _RANK[t.status])


def renderings(c: Concept, source: str, targets: list[str]) -> Iterator[tuple[Term, list[str]]]:
    """(source term, target texts) for each of the concept's terms in ``source``."""
    for s in _by_status(c.terms_in(source)):
        cells = []
        for lang in targets:
            candidates = _by_status(t for t in c.terms_in(lang) if t.status in _TARGETS)
            same_kind = [t for t in candidates if t.kind == s.kind]
            pick = next(iter(same_kind or candidates), None)
            cells.append(pick.text if pick is not None else s.text if c.do_not_translate else "")
        yield s, cells


def _languages(concepts: list[Concept], languages: list[str] | None) -> list[str]:
    return languages or present_languages(concepts)


def write_aws(concepts: Iterable[Concept], out, languages: list[str] | None = None) -> None:
    concepts = list(concepts)
    langs = _languages(concepts, languages)
    rows, seen = [], set()
    for c in concepts:
        for s, cells in renderings(c, langs[0], langs[1:]):
            if s.text not in seen and any(cells):
                seen.add(s.text)
                rows.append([s.text, *cells])
    rows.sort(key=lambda r: (r[0].casefold(), r))
    write_rows(out, langs, rows, guard=False)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_entry(text: str, c: Concept) -> None:
    """DeepL refuses control characters and surrounding whitespace in an entry."""
    bad = _CONTROL.search(text)
    if bad or text != text.strip() or any(unicodedata.category(ch) == "Zs" for ch in text[:1] + text[-1:]):
        what = f"control character U+{ord(bad.group()):04X}" if bad else "leading or trailing whitespace"
        raise GlossatorError(f"term {text!r} of concept {c.id!r} has a {what}, which DeepL refuses",
                             hint=f"fix it: glossator glossary edit {c.id}")


def write_deepl(concepts: Iterable[Concept], out, source: str, target: str) -> int:
    """One DeepL glossary, ``source`` -> ``target``; returns the entry count."""
    entries: dict[str, str] = {}
    for c in concepts:
        for s, (text,) in renderings(c, source, [target]):
            if text and s.text not in entries:
                check_entry(s.text, c)
                check_entry(text, c)
                entries[s.text] = text
    writer = csv.writer(out, lineterminator="\n")
    for src in sorted(entries, key=lambda k: (k.casefold(), k)):
        writer.writerow([src, entries[src]])
    return len(entries)


def deepl_pairs(concepts: list[Concept], languages: list[str] | None) -> list[tuple[str, str]]:
    """The first language to each of the others: ``en,es,pt`` -> en-es, en-pt."""
    langs = _languages(concepts, languages or None)
    if len(langs) < 2:
        raise GlossatorError("a DeepL glossary needs a source and a target language", hint="e.g. -l en,es")
    return [(langs[0], t) for t in langs[1:]]


def pair_path(output: Path, source: str, target: str) -> Path:
    """``desk.csv`` -> ``desk.en.es.csv``; a folder gets ``en.es.csv`` inside it."""
    if output.is_dir():
        return output / f"{source}.{target}.csv"
    return output.with_name(f"{output.stem}.{source}.{target}{output.suffix or '.csv'}")


def read_deepl(path: str | Path, encoding: str = "utf-8") -> Iterator[tuple[int, Concept]]:
    path = Path(path)
    parts = path.name.split(".")
    if len(parts) < 4:
        raise ImportFormatError("cannot tell the DeepL glossary's language pair from its name", path=str(path),
                                hint="name it NAME.SRC.TGT.csv, e.g. desk.en.es.csv")
    try:
        source, target = langtags.normalize(parts[-3]), langtags.normalize(parts[-2])
    except GlossatorError as exc:
        raise exc.at(path)
    rows = csv.reader(io.StringIO(read_text(path, encoding), newline=""), strict=True)
    used: set[str] = set()
    for cells in rows:
        line = rows.line_num
        if not any(cells):
            continue
        if len(cells) != 2 or not all(cells):
            raise ImportFormatError(f"a DeepL entry is source,target; this row has {len(cells)} cells",
                                    path=str(path), line=line)
        cid, n = slugify(cells[0]), 2
        base = cid
        while cid in used:
            cid, n = f"{base}-{n}", n + 1
        used.add(cid)
        yield line, Concept(cid, [Term(source, cells[0]), Term(target, cells[1])])

