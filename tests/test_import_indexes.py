"""Issue 11 "Load": a bulk import fills the term search index (FTS5) once at its
end and, into an empty table, builds the text-keyed indexes by sort. Search
must still find every imported term, the schema must come back exactly as it
was, and a failed import must leave the database as it was."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest

from glossator.errors import GlossatorError
from glossator.glossary import exchange
from glossator.glossary.store import Glossary, OnConflict

LONG = ("concept,domain,definition,concept_source,do_not_translate,language,term,status,kind,"
        "case_sensitive,pos,gender,number,same_as_source,note,source")


def long_rows(n: int, start: int = 0, tag: str = "Forum") -> list[str]:
    """Two terms per concept (en, es), ``n`` concepts: several of the writer's 500-concept batches."""
    rows = []
    for i in range(start, start + n):
        rows.append(f"k{i},meeting,,,no,en,{tag} Number {i} Cooperation,preferred,full,no,,,,no,,")
        rows.append(f"k{i},meeting,,,no,es,Foro número {i} de cooperación,preferred,full,no,,,,no,,")
    return rows


def write(path, header: str, rows: list[str]):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def schema_sql(g: Glossary) -> dict[tuple[str, str], str]:
    """Every index and trigger made by a statement (not the automatic ones), main and temp, with its SQL."""
    out = {}
    for schema in ("main", "temp"):
        for kind, name, sql in g.db.conn.execute(
                f"SELECT type, name, sql FROM {schema}.sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"):
            out[(schema, name)] = sql
    return out


def fts_intact(g: Glossary) -> None:
    """FTS5's own check of an external-content index against the terms table (raises if they differ)."""
    g.db.conn.execute("INSERT INTO terms_fts (terms_fts, rank) VALUES ('integrity-check', 1)")


def texts(g: Glossary, query: str) -> set[str]:
    return {t.text for _, t in g.search(query, limit=10_000)}


def test_search_finds_every_term_imported_into_an_empty_database(blank, tmp_path):
    before = schema_sql(blank)
    path = write(tmp_path / "big.csv", LONG, long_rows(1200))
    exchange.import_file(blank, path)
    assert texts(blank, "Number 777 Coop") == {"Forum Number 777 Cooperation"}
    assert texts(blank, "número 1199 de") == {"Foro número 1199 de cooperación"}
    assert len(texts(blank, "Forum Number")) == 1200
    fts_intact(blank)
    assert schema_sql(blank) == before  # the same indexes and triggers, and nothing left in TEMP


def test_search_after_importing_into_a_seeded_database_forgets_replaced_terms(seeded, tmp_path):
    before = schema_sql(seeded)
    old = seeded.get("celac").preferred("en").text
    rows = long_rows(700) + ["celac,organization,,,no,en,Community of States Renamed,preferred,full,no,,,,no,,"]
    exchange.import_file(seeded, write(tmp_path / "more.csv", LONG, rows), on_conflict=OnConflict.REPLACE)
    assert texts(seeded, "States Renamed") == {"Community of States Renamed"}
    assert old not in texts(seeded, old)
    assert texts(seeded, "Number 699 Coop") == {"Forum Number 699 Cooperation"}
    fts_intact(seeded)
    assert schema_sql(seeded) == before
    # the triggers are back: a later edit reaches the index as before
    seeded.remove("k5")
    assert texts(seeded, "Number 5 Coop") == set()
    fts_intact(seeded)


@pytest.mark.parametrize("start", ["blank", "seeded"])
def test_a_concept_replaced_by_a_later_file_of_the_same_import_is_searchable_once(request, tmp_path, start):
    g = request.getfixturevalue(start)
    first = write(tmp_path / "a.csv", LONG, long_rows(600, tag="Alpha"))
    second = write(tmp_path / "b.csv", LONG, long_rows(600, tag="Beta"))
    exchange.import_files(g, [first, second], on_conflict=OnConflict.REPLACE)
    assert texts(g, "Alpha Number") == set()
    assert len(texts(g, "Beta Number")) == 600
    fts_intact(g)


def test_a_second_wide_csv_file_finds_the_first_files_concepts_in_an_empty_database(blank, tmp_path):
    es = tmp_path / "es.csv"
    es.write_text("en,es\n" + "".join(f"Summit {i},Cumbre {i}\n" for i in range(800)), encoding="utf-8")
    pt = tmp_path / "pt.csv"
    pt.write_text("en,pt\n" + "".join(f"Summit {i},Cimeira {i}\n" for i in range(800)), encoding="utf-8")
    reports = exchange.import_files(blank, [es, pt], on_conflict=OnConflict.MERGE)
    assert [(r.report.added, r.report.merged) for r in reports] == [(800, 0), (0, 800)]
    assert {t.lang for t in blank.get("summit-799").terms} == {"en", "es", "pt"}
    assert texts(blank, "Cimeira 799") == {"Cimeira 799"}
    fts_intact(blank)


def test_a_csv_long_file_sorted_by_language_imports_whole_concepts_into_an_empty_database(blank, tmp_path):
    rows = long_rows(1100)
    by_language = rows[0::2] + rows[1::2]  # every concept's rows far apart: each later run is merged
    exchange.import_file(blank, write(tmp_path / "sorted.csv", LONG, by_language))
    assert len(blank) == 1100
    assert {t.lang for t in blank.get("k1099").terms} == {"en", "es"}
    fts_intact(blank)


@pytest.mark.parametrize("start", ["blank", "seeded"])
def test_an_import_that_fails_late_leaves_the_database_as_it_was(request, tmp_path, start):
    g = request.getfixturevalue(start)
    db_file = g.db.conn.path
    dump, schema = list(g.db.conn.iterdump()), schema_sql(g)
    with open(db_file, "rb") as f:
        data = f.read()
    bad = long_rows(1500) + ["k9999,meeting,,,no,en,Broken,best,full,no,,,,no,,"]
    path = write(tmp_path / "bad.csv", LONG, bad)
    with pytest.raises(GlossatorError, match="status 'best'") as err:
        exchange.import_file(g, path)
    assert (err.value.path, err.value.line) == (str(path), 3002)
    assert list(g.db.conn.iterdump()) == dump
    assert schema_sql(g) == schema
    with open(db_file, "rb") as f:
        assert f.read() == data  # the database file itself was not touched
    fts_intact(g)


def test_tbx_import_reads_as_it_goes_and_reports_bytes(blank, tmp_path):
    src = tmp_path / "src.db"
    g = Glossary.open(src, seed=False)
    exchange.import_file(g, write(tmp_path / "big.csv", LONG, long_rows(1500)))
    path = tmp_path / "big.tbx"
    with open(path, "w", encoding="utf-8") as out:
        exchange.export(g, "tbx", out)
    g.close()
    seen = []
    exchange.import_files(blank, [path], progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert 0 < seen[len(seen) // 2][0] < size  # the file was being read while concepts were written
    assert len(blank) == 1500 and texts(blank, "Number 1234 Coop") == {"Forum Number 1234 Cooperation"}


def _run_on_a_terminal(args: list[str], cwd) -> tuple[int, str, str]:
    """Run ``glossator`` with stderr on a pseudo-terminal and stdout on a pipe."""
    controller, terminal = pty.openpty()
    env = dict(os.environ, COLUMNS="100", TERM="xterm")
    env.pop("GLOSSATOR_DB", None)
    proc = subprocess.Popen([sys.executable, "-m", "glossator", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL)
    os.close(terminal)
    seen = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the child has exited
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read().decode()
    os.close(controller)
    return proc.wait(timeout=60), out, seen.decode(errors="replace")


@pytest.mark.slow
def test_the_cli_shows_a_byte_progress_bar_on_a_terminal_only(cli, tmp_path):
    path = write(tmp_path / "big.csv", LONG, long_rows(24_000))
    assert path.stat().st_size > 2_000_000
    code, out, terminal = _run_on_a_terminal(["glossary", "--db", "t.db", "import", "--json", path.name], tmp_path)
    assert code == 0, terminal
    assert '"added": 24000' in out  # the report on stdout, the bar only on the terminal
    assert "importing big.csv" in terminal and "MB" in terminal
    result = cli("glossary", "--db", "u.db", "import", path)  # stderr is not a terminal here
    assert result.exit_code == 0 and "importing" not in result.output


@pytest.mark.parametrize("fails", [False, True])
def test_a_wide_csv_import_into_a_seeded_database_leaves_its_indexes_as_they_were(seeded, tmp_path, fails):
    # Rows of an id-less format are matched to the seeded concepts through the preferred-term index,
    # which the import may drop and make again: the schema is the same afterwards, whatever happens.
    before, dump = schema_sql(seeded), list(seeded.db.conn.iterdump())
    rows = [f"Summit {i},Cumbre {i}" for i in range(1100)] + ["CELAC,Comunidad de Estados Latinoamericanos y Caribeños"]
    if fails:
        rows.append("Broken,Roto\x07")
    path = tmp_path / "sets.csv"
    path.write_text("en,es\n" + "\n".join(rows) + "\n", encoding="utf-8")
    if fails:
        with pytest.raises(GlossatorError):
            exchange.import_file(seeded, path, on_conflict=OnConflict.MERGE)
        assert list(seeded.db.conn.iterdump()) == dump
    else:
        exchange.import_file(seeded, path, on_conflict=OnConflict.MERGE)
        assert seeded.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert texts(seeded, "Cumbre 1099") == {"Cumbre 1099"}
    assert schema_sql(seeded) == before
    fts_intact(seeded)
