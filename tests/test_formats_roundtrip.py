"""Every exchange format survives export -> import -> export unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import REPO

from glossator.glossary import exchange
from glossator.glossary.store import Glossary


def export_text(g: Glossary, fmt: str, languages=None) -> str:
    buf = io.StringIO()
    exchange.export(g, fmt, buf, languages)
    return buf.getvalue()


def reimport(tmp_path: Path, text: str, fmt: str, name: str) -> Glossary:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    g = Glossary.open(tmp_path / f"{name}.db", seed=False)
    exchange.import_file(g, path, fmt=fmt)
    return g


@pytest.mark.parametrize("fmt, suffix", [("csv-long", ".csv"), ("tbx", ".tbx"), ("tbx3", ".tbx"), ("csv", ".csv")])
def test_export_import_export_is_byte_identical(seeded, tmp_path, fmt, suffix):
    first = export_text(seeded, fmt)
    second = export_text(reimport(tmp_path, first, fmt, f"out{suffix}"), fmt)
    assert second == first


@pytest.mark.parametrize("fmt", ["csv-long", "tbx", "tbx3"])
def test_lossless_formats_keep_every_field(seeded, tmp_path, fmt):
    text = export_text(seeded, fmt)
    again = reimport(tmp_path, text, fmt, "lossless" + (".tbx" if "tbx" in fmt else ".csv"))
    strip = lambda cs: [(c.id, c.domain, c.definition, c.source, c.do_not_translate,
                         [(t.lang, t.text, t.status, t.kind, t.case_sensitive, t.pos, t.gender, t.number,
                           t.same_as_source, t.note, t.source) for t in c.terms]) for c in cs]
    assert strip(again.concepts()) == strip(seeded.concepts())


def test_seed_file_is_in_canonical_form(seeded):
    """seeds/glossary.csv is exactly what csv-long exports, so reviews see real diffs only."""
    assert export_text(seeded, "csv-long") == (REPO / "seeds" / "glossary.csv").read_text(encoding="utf-8")


def test_tbx_v2_is_martif_and_v3_uses_the_iso_namespace(seeded):
    v2, v3 = export_text(seeded, "tbx"), export_text(seeded, "tbx3")
    assert '<martif type="TBX-Basic" xml:lang="en">' in v2 and "<termEntry id=\"celac\">" in v2
    assert 'xmlns="urn:iso:std:iso:30042:ed-2"' in v3 and "<conceptEntry id=\"celac\">" in v3
    assert "preferredTerm-admn-sts" in v2 and "deprecatedTerm-admn-sts" in v3


def test_translate_toolkit_reads_our_tbx(seeded, tmp_path):
    from translate.storage import tbx as tt_tbx

    store = tt_tbx.tbxfile(export_text(seeded, "tbx").encode("utf-8"))
    sources = {u.source for u in store.units}
    assert "Belt and Road Initiative" in sources and "Community of Latin American and Caribbean States" in sources


def test_csv_export_languages_option_sets_columns(seeded):
    text = export_text(seeded, "csv", ["es", "en"])
    assert text.splitlines()[0] == "es,en,pos,description"
