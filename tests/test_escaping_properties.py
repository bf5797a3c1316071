"""Property tests: CSV escaping is exact and safe for any text."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from glossator.glossary.formats import csv_long
from glossator.glossary.formats.csvio import FORMULA_START, escape_cell, read_rows, unescape_cell
from glossator.glossary.model import Concept, Term

cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
risky = st.builds(lambda p, s: p + s, st.sampled_from(["=", "+", "-", "@", "'", "''=", "'-", "\t"]), cells)


@given(st.one_of(cells, risky))
def test_unescape_inverts_escape(value):
    assert unescape_cell(escape_cell(value)) == value


@given(st.one_of(cells, risky))
def test_escaped_cell_never_starts_a_formula(value):
    assert not escape_cell(value).startswith(FORMULA_START)


@given(st.one_of(cells, risky))
def test_text_without_formula_start_is_left_alone(value):
    if not value.lstrip("'").startswith(FORMULA_START):
        assert escape_cell(value) == value


term_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"),
    min_size=1, max_size=30,
).filter(lambda s: s.strip() == s and s)
# a note may hold tabs and line breaks, but no other control character (refused on import)
note_text = cells.filter(lambda s: not any(c not in "\t\n\r" and (ord(c) < 32 or 127 <= ord(c) < 160) or c in "\ufffe\uffff"
                                           for c in s))


@settings(max_examples=60, deadline=None)
@given(st.lists(term_text, min_size=1, max_size=5, unique=True), st.one_of(st.none(), note_text))
def test_csv_long_round_trips_any_term_text(tmp_path_factory, texts, note):
    concept = Concept("c", [Term("en", texts[0])] + [Term("es", t, status="admitted", note=note or None) for t in texts[1:]])
    concept = concept.validate()
    buf = io.StringIO()
    csv_long.write([concept], buf)
    path = tmp_path_factory.mktemp("rt") / "x.csv"
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    [(line, back)] = list(csv_long.read(path))
    assert [(t.lang, t.text, t.note) for t in back.terms] == [(t.lang, t.text, t.note) for t in concept.terms]
    _, rows = read_rows(path)
    assert len(list(rows)) == len(texts)
