"""GlossatorError.at: one way to attach a file and line to an error, without changing the original."""

from __future__ import annotations

import pytest

from glossator.errors import GlossatorError, ImportFormatError
from glossator.glossary.formats import csv_sets


def test_at_returns_a_located_copy_of_the_same_type_and_leaves_the_original_alone():
    inner = ImportFormatError("bad tag", hint="use BCP 47")
    located = inner.at("terms.csv", 4, context="header column 'xx'")
    assert type(located) is ImportFormatError and located is not inner
    assert str(located) == "terms.csv:4: header column 'xx': bad tag (use BCP 47)"
    assert (inner.path, inner.line, inner.message) == (None, None, "bad tag")


def test_a_place_the_error_already_names_wins_over_an_outer_readers():
    inner = GlossatorError("bad term").at(None, 12)  # the term's own line, from the innermost reader
    assert str(inner.at("desk.tbx", 3)) == "desk.tbx:12: bad term"
    cause = ValueError("x")
    try:
        raise GlossatorError("wrapped") from cause
    except GlossatorError as exc:
        assert exc.at("f", 1).__cause__ is cause


def test_a_reader_locates_its_errors_through_at(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("en,not a tag!\nChina,x\n", encoding="utf-8")
    with pytest.raises(GlossatorError) as err:
        list(csv_sets.read(path))
    assert err.value.path == str(path) and err.value.line == 1
    assert err.value.message.startswith("header column 'not a tag!': ")
