"""``csv``: Google Cloud Translation's equivalent-term-set glossary. One
concept per row; a header of language tags (``en,zh,es,pt``) followed by the
optional ``pos`` and ``description`` columns; each cell holds the concept's
preferred term in that language. Its reader is an MT service, so cells are
written exactly, without the spreadsheet formula guard (``'+86 hotline``
would reach Google with the apostrophe), and read exactly.

The format has no concept ids. On import a row belongs to the existing
concept that has its preferred term (so re-importing an export updates
concepts instead of duplicating them); a new concept's id is made from its
first-column term (``Belt and Road Initiative`` -> ``belt-and-road-initiative``,
``-2``, ``-3``… when the file uses it twice). The importer does that
matching (``formats.INVENTED_IDS``).
Rows are exported in the order of their first-column term, which does not
depend on ids, so export, import, export is byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from glossator.errors import GlossatorError, ImportFormatError

from .. import langtags
from ..model import POS, Concept, normalized_term, slugify
from .csvio import read_rows, write_rows

EXTRA = ("pos", "description")
DESK_LANGUAGES = ["en", "zh", "es", "pt"]


def read(path: str | Path, encoding: str = "utf-8", guard: bool = False) -> Iterator[tuple[int, Concept]]:
    path = str(path)
    header, rows = read_rows(path, encoding=encoding, guard=guard, cells=True)
    langs: list[tuple[int, str]] = []  # (cell index, language tag)
    for k, column in enumerate(header):
        if column in EXTRA:
            continue
        try:
            langs.append((k, langtags.normalize(column)))
        except GlossatorError as exc:
            raise exc.at(path, 1, context=f"header column {column!r}")
    if not langs:
        raise ImportFormatError("the header names no language", path=path, line=1, hint="e.g. en,zh,es,pt")
    # index -1: a "" put at the end of each row, for a column the file lacks
    pos_at, description_at = (header.index(c) if c in header else -1 for c in EXTRA)
    for line, row in rows:
        row.append("")
        cells = [(tag, text) for k, tag in langs if (text := row[k].strip())]
        if not cells:
            raise ImportFormatError("the row has no term in any language", path=path, line=line)
        cid = slugify(cells[0][1])
        pos = row[pos_at].strip().replace(" ", "-") or None
        if pos and pos not in POS:
            raise ImportFormatError(f"pos {pos!r} is not one of {', '.join(POS)}", path=path, line=line)
        # The terms are made normalized here, not by Concept.validate() from raw
        # ones (one Term per cell instead of two); the concept's own checks come
        # first, as in validate(), so that a row's first error is the same.
        concept = Concept(cid, cells, None, row[description_at] or None)  # type: ignore[arg-type]
        try:
            concept.check_fields()
            concept.terms = [normalized_term(tag, text, pos=pos) for tag, text in cells]
        except GlossatorError as exc:
            raise exc.at(path, line) from exc
        yield line, concept


def _sort_key(concept: Concept, first: str) -> tuple[str, str]:
    t = concept.preferred(first)
    return ((t.text.casefold() if t else "\uffff"), concept.id)


def present_languages(concepts: list[Concept]) -> list[str]:
    """The languages the concepts have, the desk's four first."""
    present = sorted({t.lang for c in concepts for t in c.terms})
    return [lang for lang in DESK_LANGUAGES if lang in present] + [
        lang for lang in present if lang not in DESK_LANGUAGES
    ]


def write(concepts: Iterable[Concept], out, languages: list[str] | None = None) -> None:
    concepts = list(concepts)
    languages = languages or present_languages(concepts)
    first = languages[0] if languages else "en"

    def rows():
        for c in sorted(concepts, key=lambda c: _sort_key(c, first)):
            cells = [term.text if (term := c.preferred(lang)) else "" for lang in languages]
            if not any(cells):
                continue
            head = c.preferred(first)
            yield cells + [head.pos if head else "", c.definition or ""]

    write_rows(out, list(languages) + list(EXTRA), rows(), guard=False)
