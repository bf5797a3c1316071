"""``csv-long``: one row per term, every field kept. The seed glossary's format.

Concept fields (domain, definition, concept_source, do_not_translate) are
repeated on each of the concept's rows, so that a spreadsheet can sort and
filter rows without losing them; on import the rows of one concept must
agree. Export, import, export is byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path

from glossator.errors import GlossatorError, ImportFormatError

from ..model import Concept, Term, normalized_term
from .csvio import read_rows, write_rows

HEADER = (
    "concept", "domain", "definition", "concept_source", "do_not_translate",
    "language", "term", "status", "kind", "case_sensitive", "pos", "gender", "number",
    "same_as_source", "note", "source",
)
_YES, _NO = "yes", "no"


_FLAGS = {"yes": True, "no": False, "": False}  # what export writes: a dict lookup first (hot loop)


def _flag(value: str, column: str, path: str, line: int) -> bool:
    known = _FLAGS.get(value)
    if known is not None:
        return known
    v = value.strip().lower()
    if v in ("yes", "y", "true", "1"):
        return True
    if v in ("no", "n", "false", "0", ""):
        return False
    raise ImportFormatError(f"{column} must be yes or no, not {value!r}", path=path, line=line)


def read(path: str | Path, encoding: str = "utf-8") -> Iterator[tuple[int, Concept]]:
    """Yield (first line, concept) for each run of rows of one concept id, as read.

    A concept whose rows are not next to each other comes out once per run;
    the importer adds the later runs' terms to it (``formats.FRAGMENTED``)
    and checks that their concept fields agree.
    """
    path = str(path)
    header, rows = read_rows(path, required=("concept", "language", "term"), encoding=encoding, cells=True)
    # Every HEADER column's cell, in HEADER's order, "" for a column the file
    # lacks (index -1: a "" put at the end of each row): a tuple per row, no dict.
    get = itemgetter(*[header.index(c) if c in header else -1 for c in HEADER])
    concept: Concept | None = None
    first_line, fields_of = 0, tuple[str, ...]()
    for line, cells in rows:
        cells.append("")
        (cid, domain, definition, concept_source, dnt, lang, text, status, kind, case_sensitive, pos, gender,
         number, same_as_source, note, source) = get(cells)
        cid = cid.strip()
        if not cid:
            raise ImportFormatError("empty concept id", path=path, line=line, hint="every row names its concept")
        fields = (domain, definition, concept_source, dnt)
        if concept is None or cid != concept.id:
            if concept is not None:
                yield first_line, concept
            concept = Concept(
                id=cid, domain=domain or None, definition=definition or None, source=concept_source or None,
                do_not_translate=_flag(dnt, "do_not_translate", path, line),
            )
            first_line, fields_of = line, fields
        elif fields != fields_of:
            raise ImportFormatError(
                f"concept {cid!r} has other concept fields here than on line {first_line}",
                path=path, line=line,
                hint="domain, definition, concept_source and do_not_translate must be equal on all its rows",
            )
        try:
            term = normalized_term(
                lang, text, status or "preferred", kind or "full",
                case_sensitive=_flag(case_sensitive, "case_sensitive", path, line),
                pos=pos or None, gender=gender or None, number=number or None,
                same_as_source=_flag(same_as_source, "same_as_source", path, line),
                note=note or None, source=source or None,
            )
        except GlossatorError as exc:
            raise exc.at(path, line)
        concept.terms.append(term)
    if concept is not None:
        yield first_line, concept


def write(concepts: Iterable[Concept], out, languages: list[str] | None = None) -> None:
    def rows():
        for c in concepts:
            head = (c.id, c.domain, c.definition, c.source, _YES if c.do_not_translate else _NO)
            for t in c.terms:
                if languages and t.lang not in languages:
                    continue
                yield head + (
                    t.lang, t.text, t.status.value, t.kind.value, _YES if t.case_sensitive else _NO,
                    t.pos, t.gender, t.number, _YES if t.same_as_source else _NO, t.note, t.source,
                )

    write_rows(out, HEADER, rows())
