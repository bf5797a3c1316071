"""Both TBX exports are valid TBX-Basic, checked against the official schemas,
and lose nothing on the way back in."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from tbx_validate import SCHEMAS, problems
from test_formats_roundtrip import export_text, reimport

from glossator.glossary.formats import tbx
from glossator.glossary.model import Concept, Kind, Status, Term
from glossator.glossary.store import OnConflict

FORMATS = ["tbx", "tbx3"]


def every_field() -> Concept:
    """A concept that sets every field Glossator has, with an id that is not an XML name."""
    return Concept(
        id="14th-five-year-plan", domain="policy", definition="\nChina's plan for 2021-2025.",
        source="gov.cn", do_not_translate=True,
        terms=[
            Term("en", "14th Five-Year Plan", pos="proper-noun", case_sensitive=True, source="Xinhua",
                 note="capital P"),
            Term("en", "FYP", status=Status.ADMITTED, kind=Kind.ABBREVIATION, pos="noun"),
            Term("en", "14th five year plan", status=Status.FORBIDDEN, kind=Kind.VARIANT, note="no hyphen"),
            Term("es", "XIV Plan Quinquenal", pos="proper-noun", gender="masculine", number="singular"),
            Term("es", "FYP", status=Status.DEPRECATED, kind=Kind.SHORT, same_as_source=True,
                 number="plural", gender="feminine"),
        ],
    )


def fields(c: Concept):
    return (c.id, c.domain, c.definition, c.source, c.do_not_translate,
            [(t.lang, t.text, t.status, t.kind, t.case_sensitive, t.pos, t.gender, t.number,
              t.same_as_source, t.note, t.source) for t in c.terms])


@pytest.fixture
def full(seeded):
    seeded.write([every_field()], on_conflict=OnConflict.REPLACE)
    return seeded


def write_export(g, fmt, tmp_path):
    path = tmp_path / f"{fmt}.tbx"
    path.write_text(export_text(g, fmt), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_valid_tbx_basic(full, tmp_path, fmt):
    assert problems(write_export(full, fmt, tmp_path)) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_field_survives_the_round_trip(full, tmp_path, fmt):
    first = export_text(full, fmt)
    again = reimport(tmp_path, first, fmt, f"again-{fmt}.tbx")
    assert fields(again.get("14th-five-year-plan")) == fields(full.get("14th-five-year-plan"))
    assert export_text(again, fmt) == first


@pytest.mark.parametrize("fmt", FORMATS)
def test_definition_starting_with_a_newline_survives(full, tmp_path, fmt):
    again = reimport(tmp_path, export_text(full, fmt), fmt, f"nl-{fmt}.tbx")
    assert again.get("14th-five-year-plan").definition == "\nChina's plan for 2021-2025."


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_that_start_with_a_digit_are_prefixed_and_mapped_back(full, tmp_path, fmt):
    text = export_text(full, fmt)
    assert 'id="_14th-five-year-plan"' in text and 'id="celac"' in text
    assert "14th-five-year-plan" in reimport(tmp_path, text, fmt, f"id-{fmt}.tbx").ids()


def test_the_validator_catches_what_earlier_exports_had(tmp_path):
    """The schemas are really applied: a private termNote type and a digit id are errors."""
    bad = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en"><martifHeader>'
        "<fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader><text><body>"
        '<termEntry id="14th"><langSet xml:lang="en"><tig><term>a</term>'
        '<termNote type="x-caseSensitive">yes</termNote></tig></langSet></termEntry></body></text></martif>'
    )
    (tmp_path / "bad.tbx").write_text(bad, encoding="utf-8")
    found = problems(tmp_path / "bad.tbx")
    assert any("termNote" in p for p in found) and any("id" in p for p in found)
    v3 = bad.replace("martifHeader", "tbxHeader").replace("martif", "tbx").replace(
        '<tbx type="TBX-Basic"', '<tbx xmlns="urn:iso:std:iso:30042:ed-2" style="dca" type="TBX-Basic"'
    ).replace("termEntry", "conceptEntry").replace("langSet", "langSec").replace("tig>", "termSec>")
    (tmp_path / "bad3.tbx").write_text(v3, encoding="utf-8")
    found = problems(tmp_path / "bad3.tbx")
    assert any("DCA.sch" in p and "Permitted type value(s): administrativeStatus" in p for p in found)


def test_files_from_earlier_versions_still_import(tmp_path, blank):
    """Exports written before the TBX-Basic mapping used private x- types."""
    old = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en"><text><body>'
        '<termEntry id="npc"><admin type="x-doNotTranslate">yes</admin><langSet xml:lang="es"><tig>'
        "<term>Congreso Nacional del Pueblo</term>"
        '<termNote type="grammaticalNumber">singular</termNote>'
        '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>'
        '<termNote type="usageNote">forbidden</termNote>'
        '<termNote type="x-caseSensitive">yes</termNote></tig></langSet></termEntry></body></text></martif>'
    )
    from glossator.glossary import exchange

    (tmp_path / "old.tbx").write_text(old, encoding="utf-8")
    exchange.import_file(blank, tmp_path / "old.tbx")
    c = blank.get("npc")
    (t,) = c.terms
    assert c.do_not_translate and t.status == Status.FORBIDDEN and t.case_sensitive and t.number == "singular"


def test_schemas_are_kept_with_their_provenance():
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    for name in ("TBXBasicRNGV02.rng", "TBXcoreStructV03.rng", "TBXcoreStructV03_TBX-Basic_integrated.rng",
                 "TBX-Basic_DCA.sch", "iso_svrl_for_xslt2.xsl"):
        assert (SCHEMAS / name).is_file() and name in readme


TT_READS = """
import sys
from translate.storage import tbx
try:
    store = tbx.tbxfile.parsefile(sys.argv[1])
except AssertionError:
    print("refused")
else:
    print(len(store.units), store.units[0].source)
"""


def translate_toolkit(path) -> str:
    # `translate` is Translate Toolkit only with -P (our own package is glossator.translate).
    out = subprocess.run([sys.executable, "-P", "-c", TT_READS, str(path)], capture_output=True, text=True,
                         cwd=REPO.parent, check=True)
    return out.stdout.strip()


def test_translate_toolkit_reads_no_tbx_v3_at_all(full, tmp_path):
    """Translate Toolkit (3.20.4, the newest) only knows <martif>: it refuses LTAC's own
    valid v3 sample exactly as it refuses ours. When this fails, it has learnt v3: test ours."""
    sample = tmp_path / "ltac.tbx"
    sample.write_bytes((SCHEMAS / "Example_Astronomy_DCA_VALID.tbx").read_bytes())
    assert problems(sample) == []
    assert translate_toolkit(sample) == "refused"
    assert translate_toolkit(write_export(full, "tbx3", tmp_path)) == "refused"


free_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t\r "),
                    min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(definition=free_text, note=free_text, v3=st.booleans())
def test_tbx_keeps_any_definition_and_note_exactly(tmp_path_factory, definition, note, v3):
    concept = Concept("c", [Term("en", "a", note=note), Term("es", "b")], definition=definition).validate()
    path = tmp_path_factory.mktemp("tbx") / "x.tbx"
    with path.open("w", encoding="utf-8", newline="") as out:
        tbx.write([concept], out, v3=v3)
    [(_, back)] = list(tbx.read(path))
    assert back.definition == definition and back.terms[0].note == note
