"""Bad input gets a clear error naming file and line, and nothing is written."""

from __future__ import annotations

import pytest

from glossator.errors import GlossatorError, InvalidLanguageTag, UnsafeXMLError
from glossator.glossary import exchange
from glossator.glossary.formats.csv_long import HEADER
from glossator.glossary.store import OnConflict

LONG_HEADER = ",".join(HEADER)
ROW = "bri,initiative,,,no,{lang},{text},{status},full,no,proper-noun,,,no,,"


def long_csv(tmp_path, *rows, header=LONG_HEADER, name="in.csv", encoding="utf-8", bom=False):
    text = "\n".join([header, *rows]) + "\n"
    path = tmp_path / name
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def row(text="Belt and Road Initiative", lang="en", status="preferred"):
    return ROW.format(lang=lang, text=text, status=status)


def assert_refused(blank, path, match, line=None, **kw):
    with pytest.raises(GlossatorError, match=match) as err:
        exchange.import_file(blank, path, **kw)
    assert err.value.path == str(path)
    if line is not None:
        assert err.value.line == line
    assert len(blank) == 0  # nothing written
    return err.value


def test_missing_column_names_the_column_and_line_one(blank, tmp_path):
    path = long_csv(tmp_path, "bri,en,Belt and Road Initiative", header="concept,language,text")
    err = assert_refused(blank, path, "missing column term", line=1, fmt="csv-long")
    assert "concept, language, term" in err.hint


def test_unknown_language_tag_names_the_row(blank, tmp_path):
    path = long_csv(tmp_path, row(), row("Iniciativa de la Franja y la Ruta", lang="sp"))
    err = assert_refused(blank, path, "unknown language 'sp'", line=3)
    assert isinstance(err, InvalidLanguageTag) and "BCP 47" in err.hint


def test_duplicate_preferred_term_names_the_concept_row(blank, tmp_path):
    path = long_csv(tmp_path, row("Iniciativa de la Franja y la Ruta", "es"), row("IFR", "es"))
    assert_refused(blank, path, "two preferred es terms", line=2)


def test_empty_term_names_the_row(blank, tmp_path):
    path = long_csv(tmp_path, row(), row("  ", "es"))
    assert_refused(blank, path, "empty es term", line=3)


def test_utf8_bom_is_accepted(blank, tmp_path):
    path = long_csv(tmp_path, row(), row("“一带一路”倡议", "zh"), bom=True)
    exchange.import_file(blank, path)
    assert blank.get("bri").preferred("zh").text == "“一带一路”倡议"


def test_non_utf8_file_says_which_encoding_to_pass(blank, tmp_path):
    path = long_csv(tmp_path, row(), *[row(f"Iniciativa número {i} de la Franja y la Ruta", "es", "admitted")
                                        for i in range(20)], encoding="cp1252")
    err = assert_refused(blank, path, "not valid utf-8", line=3)
    assert "--encoding" in err.hint and ("cp1252" in err.hint or "1252" in err.hint or "latin" in err.hint.lower())
    exchange.import_file(blank, path, encoding="cp1252")
    assert len(blank.get("bri").terms) == 21


def test_truncated_file_with_open_quote_is_refused(blank, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text(LONG_HEADER + "\n" + row() + '\nbri,initiative,"Belt and Road, defined as', encoding="utf-8")
    assert_refused(blank, path, "truncated", line=3)


def test_truncated_last_row_is_refused(blank, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text(LONG_HEADER + "\n" + row() + "\nbri,initiative,,,no,es,Iniciativa", encoding="utf-8")
    assert_refused(blank, path, "row has 7 cells but the header has 16", line=3)


def test_concept_fields_must_agree_across_rows(blank, tmp_path):
    path = long_csv(tmp_path, row(), row("BRI", status="admitted").replace("initiative", "policy", 1))
    assert_refused(blank, path, "other concept fields here than on line 2", line=3)


def test_conflict_with_existing_concept_names_the_row(seeded, tmp_path):
    path = long_csv(tmp_path, row().replace("bri,", "celac,", 1))
    with pytest.raises(GlossatorError, match="'celac' already exists") as err:
        exchange.import_file(seeded, path)
    assert (err.value.path, err.value.line) == (str(path), 2)
    assert "--on-conflict" in err.value.hint


def test_skip_and_replace_on_conflict(seeded, tmp_path):
    path = long_csv(tmp_path, row("Community of Latin American and Caribbean States").replace("bri,", "celac,", 1))
    exchange.import_file(seeded, path, on_conflict=OnConflict.SKIP)
    assert len(seeded.get("celac").terms) > 1
    exchange.import_file(seeded, path, on_conflict=OnConflict.REPLACE)
    assert len(seeded.get("celac").terms) == 1


def test_billion_laughs_is_refused(blank, tmp_path):
    path = tmp_path / "lol.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY lol "lol">\n'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
        + ']>\n<martif type="TBX-Basic"><text><body><termEntry id="x"><langSet xml:lang="en"><tig>'
        "<term>&lol9;</term></tig></langSet></termEntry></body></text></martif>\n"
    )
    err = assert_refused(blank, path, "declares XML entities")
    assert isinstance(err, UnsafeXMLError)


def test_xxe_is_refused(blank, tmp_path):
    path = tmp_path / "xxe.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<martif type="TBX-Basic"><text><body><termEntry id="x"><langSet xml:lang="en"><tig>'
        "<term>&xxe;</term></tig></langSet></termEntry></body></text></martif>\n"
    )
    assert_refused(blank, path, "declares XML entities")


def test_broken_xml_gives_the_line(blank, tmp_path):
    path = tmp_path / "cut.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif type="TBX-Basic">\n<text><body>\n<termEntry id="x">\n')
    assert_refused(blank, path, "not well-formed XML")


def test_tbx_term_with_unknown_status_gives_its_line(blank, tmp_path):
    path = tmp_path / "bad.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body>\n<termEntry id="x">\n'
        '<langSet xml:lang="en">\n<tig>\n<term>X</term>\n'
        '<termNote type="administrativeStatus">bestTerm</termNote>\n</tig></langSet></termEntry></body></text></martif>\n'
    )
    assert_refused(blank, path, "unknown administrativeStatus 'bestTerm'", line=5)


def test_csv_header_with_bad_language_names_line_one(blank, tmp_path):
    path = tmp_path / "sets.csv"
    path.write_text("en,zh,esp\nCELAC,拉共体,CELAC\n", encoding="utf-8")
    assert_refused(blank, path, "header column 'esp'", line=1)


@pytest.mark.slow
def test_fifty_thousand_rows_import_in_one_transaction(blank, tmp_path):
    rows = []
    for i in range(25_000):
        rows.append(f"c{i},,,,no,en,Term number {i},preferred,full,no,,,,no,,")
        rows.append(f"c{i},,,,no,es,Término número {i},preferred,full,no,,,,no,,")
    good = long_csv(tmp_path, *rows, name="big.csv")
    _, report = exchange.import_file(blank, good)
    assert (report.added, report.terms, len(blank)) == (25_000, 50_000, 25_000)
    # the same file with one bad row at the very end writes nothing at all
    fresh_path = tmp_path / "big2.db"
    from glossator.glossary.store import Glossary

    fresh = Glossary.open(fresh_path, seed=False)
    bad = long_csv(tmp_path, *rows, "z,,,,no,en,Broken,best,full,no,,,,no,,", name="big_bad.csv")
    with pytest.raises(GlossatorError, match="status 'best'") as err:
        exchange.import_file(fresh, bad)
    assert err.value.line == 50_002 and len(fresh) == 0
