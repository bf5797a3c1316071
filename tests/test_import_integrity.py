"""Issue 14 §7 and issue 11 "Load": what an import refuses, and what it
guarantees across files, formats and schema versions."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess

import pytest
from test_bad_input import LONG_HEADER, assert_refused, long_csv, row

from glossator.errors import GlossatorError
from glossator.glossary import exchange
from glossator.glossary.store import Glossary, OnConflict

BAD_CHARACTERS = {
    "NUL": "\x00", "BEL": "\x07", "ESC": "\x1b", "DEL": "\x7f", "C1 NEL": "\x85", "C1 APC": "\x9f",
    "U+FFFE": "\ufffe", "U+FFFF": "\uffff", "tab": "\t", "line break": "\n",
}


@pytest.mark.parametrize("char", BAD_CHARACTERS.values(), ids=BAD_CHARACTERS.keys())
def test_control_character_in_a_term_is_refused_with_file_and_line(blank, tmp_path, char):
    # quoted, so that a tab or line break is inside the cell
    path = long_csv(tmp_path, row(), row(f'"Iniciativa{char}Franja"', "es"))
    err = assert_refused(blank, path, r"es term .* contains", line=3)
    assert f"U+{ord(char):04X}" in err.message and "remove it" in err.hint


def test_control_character_in_a_wide_csv_cell_is_refused(blank, tmp_path):
    path = tmp_path / "sets.csv"
    path.write_text("en,es\nCELAC,CELAC\nBelt and Road\x00,Franja y Ruta\n", encoding="utf-8")
    assert_refused(blank, path, "NUL character", line=3)


def test_c1_character_reference_in_a_tbx_term_is_refused(blank, tmp_path):
    # &#x85; is well-formed XML 1.0, so the XML parser lets it through
    path = tmp_path / "c1.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body>\n<termEntry id="x">\n'
                    '<langSet xml:lang="en">\n<tig>\n<term>Belt&#x85;Road</term>\n</tig></langSet></termEntry>'
                    "</body></text></martif>\n")
    assert_refused(blank, path, "control character", line=6)


def test_tabs_and_line_breaks_in_a_definition_are_kept(blank, tmp_path):
    path = long_csv(tmp_path, row().replace("initiative,,", 'initiative,"Line one\n\tline two",', 1))
    exchange.import_file(blank, path)
    assert blank.get("bri").definition == "Line one\n\tline two"


def test_several_files_are_all_or_nothing(cli, tmp_path):
    good = long_csv(tmp_path, row().replace("bri,", "good-one,", 1), name="good.csv")
    bad = long_csv(tmp_path, row().replace("bri,", "bad-one,", 1), row("Broken", status="best"), name="bad.csv")
    before = cli("glossary", "list", "--json").output
    result = cli("glossary", "import", good, bad)
    assert result.exit_code == 1
    assert "bad.csv:3: status 'best'" in result.output
    assert cli("glossary", "list", "--json").output == before  # good.csv wrote nothing either


def test_the_same_concept_in_two_files_follows_on_conflict_across_files(blank, tmp_path):
    es = long_csv(tmp_path, row(), row("Iniciativa de la Franja y la Ruta", "es"), name="es.csv")
    pt = long_csv(tmp_path, row(), row("Iniciativa Cinturão e Rota", "pt"), name="pt.csv")
    with pytest.raises(GlossatorError, match=r"'bri' already exists \(written from .*es.csv:2") as err:
        exchange.import_files(blank, [es, pt])
    assert (err.value.path, err.value.line) == (str(pt), 2) and len(blank) == 0
    reports = exchange.import_files(blank, [es, pt], on_conflict=OnConflict.MERGE)
    assert [(r.report.added, r.report.merged) for r in reports] == [(1, 0), (0, 1)]
    assert {t.lang for t in blank.get("bri").terms} == {"en", "es", "pt"}


def test_rows_of_a_concept_need_not_be_next_to_each_other(blank, tmp_path):
    other = "celac,organization,,,no,en,CELAC,preferred,abbreviation,no,proper-noun,,,no,,"
    path = long_csv(tmp_path, row(), other, row("Iniciativa de la Franja y la Ruta", "es"))
    exchange.import_file(blank, path)
    assert len(blank) == 2 and {t.lang for t in blank.get("bri").terms} == {"en", "es"}
    clash = long_csv(tmp_path, row(), other, row("BRI", status="admitted").replace("initiative", "policy", 1),
                     name="clash.csv")
    fresh = Glossary.open(tmp_path / "fresh.db", seed=False)
    assert_refused(fresh, clash, "other concept fields here than on line 2", line=4)


def test_a_concept_id_twice_in_a_tbx_file_is_refused(blank, tmp_path):
    entry = ('<termEntry id="x"><langSet xml:lang="en"><tig><term>{}</term></tig></langSet></termEntry>\n')
    path = tmp_path / "twice.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body>\n'
                    + entry.format("One") + entry.format("Two") + "</body></text></martif>\n")
    assert_refused(blank, path, r"concept id 'x' appears again \(first on line 3\)", line=4)


@pytest.mark.parametrize("policy", [OnConflict.REPLACE, OnConflict.MERGE, OnConflict.SKIP])
def test_reimporting_a_wide_csv_export_creates_no_duplicate_concepts(seeded, tmp_path, policy):
    buf = io.StringIO()
    exchange.export(seeded, "csv", buf)
    path = tmp_path / "desk.csv"
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    count = len(seeded)
    _, report = exchange.import_file(seeded, path, on_conflict=policy)
    assert len(seeded) == count and report.added == 0
    again = io.StringIO()
    exchange.export(seeded, "csv", again)
    assert again.getvalue() == buf.getvalue()


def test_wide_csv_rows_with_the_same_first_term_stay_separate_concepts(blank, tmp_path):
    path = tmp_path / "sets.csv"
    path.write_text("en,es\nSummit,Cumbre\nSummit,Cima\n", encoding="utf-8")
    exchange.import_file(blank, path)
    assert blank.ids() == ["summit", "summit-2"]


def _newer(path):
    Glossary.open(path, seed=False).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('glossator.glossary', 'm099_from_the_future', '2030-01-01')")
    conn.close()


def test_a_database_from_a_newer_glossator_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    _newer(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_preferred_term_lookup'")
        conn.execute("DROP INDEX terms_preferred_text")
    conn.close()
    with pytest.raises(GlossatorError, match="newer Glossator.*m099_from_the_future") as err:
        Glossary.open(path)
    assert err.value.path == str(path) and "upgrade Glossator" in err.value.hint
    with sqlite3.connect(path) as conn:  # no migration of ours was applied to it
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    conn.close()
    assert "m004_preferred_term_lookup" not in names and "m099_from_the_future" in names


def test_the_cli_names_the_newer_database_in_one_line(cli, tmp_path):
    _newer(tmp_path / "future.db")
    result = cli("glossary", "--db", "future.db", "stats")
    assert result.exit_code == 1
    assert result.output.startswith("error: future.db: the database was written by a newer Glossator")
    assert "upgrade Glossator" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("codec, bom, named", [
    ("utf-16-le", b"\xff\xfe", "UTF-16LE with a BOM"),
    ("utf-16-be", b"\xfe\xff", "UTF-16BE with a BOM"),
    ("utf-16-le", b"", "UTF-16LE without a BOM"),
    ("utf-16-be", b"", "UTF-16BE without a BOM"),
])
def test_a_utf16_file_is_named_as_utf16_with_the_iconv_command(blank, tmp_path, codec, bom, named):
    text = "\n".join([LONG_HEADER, row(), row("Iniciativa de la Franja y la Ruta", "es")]) + "\n"
    path = tmp_path / "terms.csv"
    path.write_bytes(bom + text.encode(codec))
    err = assert_refused(blank, path, f"the file is {named}, not utf-8", line=1)
    command = err.hint.split("convert it with: ", 1)[1].split(" (or", 1)[0]
    assert command.startswith("iconv -f UTF-16")
    if shutil.which("iconv"):  # the hint works as given
        subprocess.run(command, shell=True, check=True, cwd=tmp_path)
        exchange.import_file(blank, tmp_path / "terms-utf8.csv")
        assert len(blank.get("bri").terms) == 2


def test_a_utf16_file_with_a_bom_imports_with_encoding_utf16(blank, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_bytes("\n".join([LONG_HEADER, row()]).encode("utf-16"))
    exchange.import_file(blank, path, encoding="utf-16")
    assert blank.get("bri").preferred("en").text == "Belt and Road Initiative"


def test_progress_is_reported_in_bytes_up_to_the_files_size(blank, tmp_path):
    rows = [row().replace("bri,", f"c{i},", 1) for i in range(3000)]
    path = long_csv(tmp_path, *rows)
    seen = []
    exchange.import_files(blank, [path], progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert seen[-1] == (size, size) and len(seen) > 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert 0 < seen[len(seen) // 2][0] < size  # read as it goes, not counted up front
