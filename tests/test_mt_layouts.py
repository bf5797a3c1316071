"""Glossaries for MT services (aws, deepl), --status, and where the formula guard applies."""

from __future__ import annotations

import csv
import io

import pytest
from test_formats_roundtrip import export_text, reimport

from glossator.glossary import exchange
from glossator.glossary.formats import mt
from glossator.glossary.model import Concept, Kind, Status, Term
from glossator.glossary.store import Glossary

HOTLINE = Concept("hotline", [Term("en", "+86 hotline"), Term("es", "-línea 86"), Term("pt", "=linha 86")])


@pytest.fixture
def desk(seeded) -> Glossary:
    seeded.write([HOTLINE])
    return seeded


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_aws_header_is_language_codes_only(desk):
    head, *body = rows(export_text(desk, "aws", ["en", "es", "pt"]))
    assert head == ["en", "es", "pt"]
    assert all(len(r) == 3 for r in body)


def test_abbreviations_reach_the_mt_service_as_their_own_entries(desk):
    aws = rows(export_text(desk, "aws", ["en", "es", "pt"]))
    assert ["NPC", "APN", "APN"] in aws
    assert ["National People's Congress", "Asamblea Popular Nacional", "Assembleia Popular Nacional"] in aws
    deepl = exchange.export_pairs(desk, ["en", "es"])[("en", "es")][0]
    assert ["NPC", "APN"] in rows(deepl)


def test_mt_layouts_hold_only_usable_terms_unless_told(desk):
    aws = export_text(desk, "aws", ["en", "es"])
    assert "Chinese parliament" not in aws and "Congreso Nacional del Pueblo" not in aws
    buf = io.StringIO()
    exchange.export(desk, "aws", buf, ["en", "es"], statuses=["preferred", "admitted", "deprecated"])
    assert "Chinese parliament,Asamblea Popular Nacional" in buf.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "aws"])
def test_mt_layouts_write_terms_exactly(desk, fmt):
    text = export_text(desk, fmt, ["en", "es", "pt"])
    assert "+86 hotline,-línea 86,=linha 86" in text and "'" + "+86" not in text


def test_deepl_writes_terms_exactly(desk):
    assert ["+86 hotline", "=linha 86"] in rows(exchange.export_pairs(desk, ["en", "pt"])[("en", "pt")][0])


def test_spreadsheet_layout_keeps_the_formula_guard(desk):
    assert "'+86 hotline" in export_text(desk, "csv-long")


def test_deepl_entries_follow_deepls_rules(desk):
    for (source, target), (text, n) in exchange.export_pairs(desk).items():
        entries = rows(text)
        assert len(entries) == n > 50
        sources = [s for s, _ in entries]
        assert len(set(sources)) == len(sources), f"{source}->{target} repeats a source"
        for cell in (c for e in entries for c in e):
            assert cell and cell == cell.strip() and cell.isprintable()


def test_deepl_refuses_a_control_character():
    bell = Concept("bell", [Term("en", "bell\x07"), Term("es", "campana")])
    with pytest.raises(Exception, match="control character U\\+0007"):
        mt.write_deepl([bell], io.StringIO(), "en", "es")


def test_same_kind_is_paired_first_then_the_preferred_term():
    c = Concept("npc", [
        Term("en", "National People's Congress"), Term("en", "NPC", Status.ADMITTED, Kind.ABBREVIATION),
        Term("zh", "全国人民代表大会"), Term("zh", "全国人大", Status.ADMITTED, Kind.SHORT),
    ])
    assert [(s.text, cells) for s, cells in mt.renderings(c, "en", ["zh"])] == [
        ("National People's Congress", ["全国人民代表大会"]), ("NPC", ["全国人民代表大会"])]


def test_aws_round_trip_is_byte_identical(desk, tmp_path):
    first = export_text(desk, "aws")
    assert export_text(reimport(tmp_path, first, "aws", "aws.csv"), "aws") == first


def test_deepl_round_trip_is_byte_identical(desk, tmp_path):
    text, _ = exchange.export_pairs(desk, ["en", "es"])[("en", "es")]
    again = reimport(tmp_path, text, "deepl", "desk.en.es.csv")
    assert exchange.export_pairs(again, ["en", "es"])[("en", "es")][0] == text


def test_deepl_import_needs_the_pair_in_the_name(tmp_path, blank):
    (tmp_path / "desk.csv").write_text("NPC,APN\n", encoding="utf-8")
    with pytest.raises(Exception, match="NAME.SRC.TGT.csv"):
        exchange.import_file(blank, tmp_path / "desk.csv", fmt="deepl")


def test_cli_deepl_writes_one_file_per_pair(cli, tmp_path):
    r = cli("glossary", "export", "-f", "deepl", "-l", "en,es,pt", "-o", tmp_path / "desk.csv")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.glob("desk.*.csv")) == ["desk.en.es.csv", "desk.en.pt.csv"]
    assert "NPC,APN" in (tmp_path / "desk.en.pt.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "out").mkdir()
    assert cli("glossary", "export", "-f", "deepl", "-l", "zh,es", "-o", tmp_path / "out").exit_code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["zh.es.csv"]


def test_cli_deepl_to_stdout_needs_one_pair(cli):
    r = cli("glossary", "export", "-f", "deepl")
    assert r.exit_code == 1 and "one file per language pair" in r.output
    assert cli("glossary", "export", "-f", "deepl", "-l", "en,es").stdout.startswith("14th Five-Year Plan,")


@pytest.mark.parametrize("fmt", ["tbx", "tbx3", "csv-long"])
def test_status_option_drops_the_deprecated_calque(cli, fmt):
    """Lokalize ignores status: with --status it never sees Congreso Nacional del Pueblo."""
    everything = cli("glossary", "export", "-f", fmt).stdout
    usable = cli("glossary", "export", "-f", fmt, "--status", "preferred,admitted").stdout
    assert "Congreso Nacional del Pueblo" in everything
    assert "Congreso Nacional del Pueblo" not in usable and "Asamblea Popular Nacional" in usable and "APN" in usable


def test_status_option_names_a_wrong_status(cli):
    r = cli("glossary", "export", "-f", "tbx", "--status", "preferred,approved")
    assert r.exit_code == 1 and "unknown status 'approved'" in r.output
