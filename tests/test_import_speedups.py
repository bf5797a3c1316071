"""Issue 11 "Load", third round: what the faster import must still do exactly
as before (bench/README.md "Glossary import, flat memory, third round").

Each test pins a behaviour that one of the speed-ups touches: the
``concepts.updated`` trigger that is dropped during an import, the batched
suffixes of invented ids, the FTS5 settings of the fill.
"""

from __future__ import annotations

import pytest
from test_bad_input import long_csv, row

from glossator.errors import GlossatorError
from glossator.glossary import exchange
from glossator.glossary.store import OnConflict

OLD = "2000-01-01T00:00:00Z"


def _updated(g, cid):
    return g.db.execute("SELECT updated FROM concepts WHERE id = ?", [cid]).fetchone()[0]


def _age(g, cid):
    with g.db.conn:
        g.db.conn.execute("UPDATE concepts SET updated = ? WHERE id = ?", (OLD, cid))


def test_a_merge_that_adds_terms_touches_the_concept_and_one_that_adds_none_does_not(blank, tmp_path):
    exchange.import_file(blank, long_csv(tmp_path, row(), name="first.csv"))
    _age(blank, "bri")
    exchange.import_file(blank, long_csv(tmp_path, row(), name="same.csv"), on_conflict=OnConflict.MERGE)
    assert _updated(blank, "bri") == OLD  # nothing new: untouched, as when the trigger did it
    exchange.import_file(blank, long_csv(tmp_path, row("Franja y Ruta", "es"), name="more.csv"),
                         on_conflict=OnConflict.MERGE)
    assert _updated(blank, "bri") > OLD
    assert [t.text for t in blank.get("bri").terms] == ["Belt and Road Initiative", "Franja y Ruta"]


def test_the_touch_trigger_is_back_after_an_import_and_after_a_failed_one(blank, tmp_path):
    exchange.import_file(blank, long_csv(tmp_path, row(), name="first.csv"))
    bad = long_csv(tmp_path, row().replace("bri,", "other,", 1), row("Broken", status="best"), name="bad.csv")
    try:
        exchange.import_file(blank, bad)
    except Exception:
        pass
    triggers = {r[0] for r in blank.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "terms_touch_concept_insert" in triggers
    _age(blank, "bri")
    with blank.db.conn:
        blank.db.conn.execute("INSERT INTO terms (concept_id, lang, text, status, kind) "
                              "VALUES ('bri', 'pt', 'Cinturão e Rota', 'preferred', 'full')")
    assert _updated(blank, "bri") > OLD


def test_the_fill_leaves_no_fts_setting_behind_and_search_finds_every_term(blank, tmp_path):
    rows = [row(f"Belt and Road Initiative {i}").replace("bri,", f"bri-{i},", 1) for i in range(300)]
    exchange.import_file(blank, long_csv(tmp_path, *rows))
    assert blank.db.execute("SELECT k FROM terms_fts_config").fetchall() == [("version",)]
    hits = blank.search("Road Initiative 29", limit=500)
    assert sorted(t.text for _, t in hits) == ["Belt and Road Initiative 29"] + [
        f"Belt and Road Initiative {i}" for i in range(290, 300)]


def test_a_setting_of_the_fts_hash_that_was_there_is_kept(blank, tmp_path):
    with blank.db.conn:
        blank.db.conn.execute("INSERT INTO terms_fts (terms_fts, rank) VALUES ('hashsize', 2097152)")
    exchange.import_file(blank, long_csv(tmp_path, row()))
    assert blank.db.execute("SELECT v FROM terms_fts_config WHERE k = 'hashsize'").fetchone()[0] == 2097152


def test_invented_ids_get_their_suffixes_in_file_order_across_batches(blank, tmp_path):
    # 1,200 rows: the writer settles ids 500 at a time; three rows share a first term
    lines = [f"Term {i},Término {i}" for i in range(1200)]
    lines[10] = "Summit,Cumbre"
    lines[700] = "Summit,Cima"
    lines[701] = "Summit-2,Cumbre dos"  # its own id, summit-2, went to the row before
    lines[1150] = "Summit,Reunión"
    path = tmp_path / "sets.csv"
    path.write_text("en,es\n" + "\n".join(lines) + "\n", encoding="utf-8")
    exchange.import_file(blank, path)
    got = {cid: blank.get(cid).preferred("es").text for cid in blank.ids() if cid.startswith("summit")}
    assert got == {"summit": "Cumbre", "summit-2": "Cima", "summit-2-2": "Cumbre dos", "summit-3": "Reunión"}
    assert len(blank) == 1200


def test_a_second_file_finds_concepts_the_first_file_left_in_its_last_batch(blank, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("en,es\nSummit,Cumbre\n", encoding="utf-8")
    second.write_text("en,pt\nSummit,Cúpula\n", encoding="utf-8")
    exchange.import_files(blank, [first, second], on_conflict=OnConflict.MERGE)
    assert blank.ids() == ["summit"]
    assert {t.lang: t.text for t in blank.get("summit").terms} == {"en": "Summit", "es": "Cumbre", "pt": "Cúpula"}


def test_every_character_the_control_checks_refuse_is_unprintable():
    # check_characters skips its regular expressions for printable text: exact only if this holds
    from glossator.glossary.model import _CONTROL_LINE, _CONTROL_TEXT

    refused = [chr(c) for c in range(0x110000) if _CONTROL_LINE.match(chr(c)) or _CONTROL_TEXT.match(chr(c))]
    assert len(refused) == 32 + 1 + 32 + 2
    assert not any(c.isprintable() for c in refused)


def test_a_wide_csv_row_reports_its_first_problem_as_before(blank, tmp_path):
    from test_bad_input import assert_refused

    path = tmp_path / "sets.csv"
    # the id made from 中拉论坛 is not a valid id: that comes before the control character in the es term
    path.write_text("zh,es\nCELAC,CELAC\n中拉论坛,Foro\x07 China\n", encoding="utf-8")
    assert_refused(blank, path, "concept id '中拉论坛' is not valid", line=3)
    # the definition's control character comes before the term's
    path.write_text("en,es,description\nForum,Foro\x07,Bad\x00definition\n", encoding="utf-8")
    assert_refused(blank, path, r"the definition of 'forum' .* NUL character", line=2)
    path.write_text("en,es\nForum,Foro\x07\n", encoding="utf-8")
    assert_refused(blank, path, r"the es term 'Foro\\x07' contains a control character \(U\+0007\) at position 5",
                   line=2)


def test_term_rows_go_in_as_full_chunks_then_powers_of_two():
    from glossator.glossary.bulk import _chunk_sizes

    for n in (0, 1, 7, 1999, 2000, 2001, 4567, 12345):
        sizes = _chunk_sizes(n, 2000)
        assert sum(sizes) == n
        rest = sizes[n // 2000:]
        assert sizes[:n // 2000] == [2000] * (n // 2000)
        assert all(s & (s - 1) == 0 for s in rest) and len(set(rest)) == len(rest)  # at most one of each


def test_an_import_leaves_the_page_cache_as_it_found_it(blank, tmp_path):
    before = blank.db.execute("PRAGMA cache_size").fetchone()[0]
    rows = [row(f"Term {i}").replace("bri,", f"c{i},", 1) for i in range(50)]
    exchange.import_file(blank, long_csv(tmp_path, *rows))
    assert blank.db.execute("PRAGMA cache_size").fetchone()[0] == before


def test_readers_take_columns_by_name_in_any_order_and_default_the_missing_ones(blank, tmp_path):
    # the readers index cells by the header's positions now, not by a dict per row
    long_path = tmp_path / "long.csv"
    long_path.write_text("term,extra,language,concept,status\nBelt and Road,x,en,bri,\nFranja,y,es,bri,admitted\n",
                         encoding="utf-8")
    wide_path = tmp_path / "wide.csv"
    wide_path.write_text("description,es,en\nA summit,Cumbre,Summit\n", encoding="utf-8")
    exchange.import_files(blank, [long_path, wide_path])
    bri = blank.get("bri")
    assert [(t.lang, t.text, t.status.value, t.kind.value, t.case_sensitive) for t in bri.terms] == [
        ("en", "Belt and Road", "preferred", "full", False), ("es", "Franja", "admitted", "full", False)]
    assert bri.domain is None and bri.definition is None and not bri.do_not_translate
    cumbre = blank.get("cumbre")  # the id comes from the first language column, es here
    assert cumbre.definition == "A summit" and {t.lang: t.text for t in cumbre.terms} == {"es": "Cumbre", "en": "Summit"}
    assert all(t.pos is None for t in cumbre.terms)


def test_a_wide_csv_row_meets_a_concept_that_has_no_terms_as_before(blank, tmp_path):
    # the terms table is empty, so the import takes its fast path; the concepts table is not
    with blank.db.conn:
        blank.db.conn.execute("INSERT INTO concepts (id) VALUES ('summit')")
    path = tmp_path / "sets.csv"
    path.write_text("en,es\nSummit,Cumbre\n", encoding="utf-8")
    with pytest.raises(GlossatorError, match="concept 'summit' already exists"):
        exchange.import_file(blank, path)
    exchange.import_file(blank, path, on_conflict=OnConflict.MERGE)
    assert {t.lang: t.text for t in blank.get("summit").terms} == {"en": "Summit", "es": "Cumbre"}


def test_wide_csv_rows_find_the_seeded_concepts_that_have_their_preferred_terms_across_batches(seeded, tmp_path):
    # The writer works in batches of 500 rows: a seeded concept found by its preferred term is given to
    # the first row that has it; a concept this file gave already (in an earlier batch or earlier in the
    # same one) is not given again.
    lines = [f"Term {i},Término {i}" for i in range(1200)]
    lines[5] = "Belt and Road Initiative,Iniciativa de la Franja y la Ruta"
    lines[7] = ",Comunidad de Estados Latinoamericanos y Caribeños"  # found by its es term
    lines[600] = "Belt and Road Initiative,Franja"
    lines[601] = "Community of Latin American and Caribbean States,Comunidad"
    lines[1100] = "Community of Latin American and Caribbean States,Otra Comunidad"
    path = tmp_path / "sets.csv"
    path.write_text("en,es\n" + "\n".join(lines) + "\n", encoding="utf-8")
    before = len(seeded)
    [report] = exchange.import_files(seeded, [path], on_conflict=OnConflict.MERGE)
    assert (report.report.added, report.report.merged) == (1198, 2)
    assert len(seeded) == before + 1198
    es = {cid: seeded.get(cid).preferred("es").text for cid in seeded.ids()
          if cid in ("celac", "belt-and-road-initiative") or cid.startswith(("belt-and-road-initiative-", "community-of"))}
    assert es == {"belt-and-road-initiative": "Iniciativa de la Franja y la Ruta",
                  "belt-and-road-initiative-2": "Franja",
                  "celac": "Comunidad de Estados Latinoamericanos y Caribeños",
                  "community-of-latin-american-and-caribbean-states": "Comunidad",
                  "community-of-latin-american-and-caribbean-states-2": "Otra Comunidad"}


def test_a_row_after_a_replace_finds_the_other_concept_that_has_the_replaced_preferred_term(blank, tmp_path):
    # Two concepts share the preferred term "Alpha". The first row takes the older one ("x") and
    # replaces it; a row two batches later no longer finds x's old term (it was deleted) and takes "y",
    # as a lookup in the table itself does.
    ids = tmp_path / "ids.csv"
    ids.write_text("concept,language,term\nx,en,Alpha\ny,en,Alpha\n", encoding="utf-8")
    exchange.import_file(blank, ids)
    lines = [f"Term {i},Término {i}" for i in range(1200)]
    lines[0] = "Alpha,Uno"
    lines[1100] = "Alpha,Dos"
    path = tmp_path / "sets.csv"
    path.write_text("en,es\n" + "\n".join(lines) + "\n", encoding="utf-8")
    [report] = exchange.import_files(blank, [path], on_conflict=OnConflict.REPLACE)
    assert report.report.replaced == 2
    assert {cid: blank.get(cid).preferred("es").text for cid in ("x", "y")} == {"x": "Uno", "y": "Dos"}
    assert not any(cid.startswith("alpha") for cid in blank.ids())
