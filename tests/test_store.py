"""Reading and writing the terminology database."""

from __future__ import annotations

import pytest

from glossator.errors import ConceptNotFound, GlossaryIntegrityError
from glossator.glossary.edits import ConceptEdit, apply_edit
from glossator.glossary.model import Concept, Kind, Status, Term
from glossator.glossary.store import Glossary, OnConflict, resolve_path


def bri(**kw) -> Concept:
    return Concept("bri", [
        Term("en", "Belt and Road Initiative"),
        Term("es", "Iniciativa de la Franja y la Ruta", gender="feminine", number="singular"),
        Term("es", "Una Franja, Una Ruta", status=Status.DEPRECATED, kind=Kind.VARIANT),
        Term("pt", "Iniciativa do Cinturão e Rota"),
    ], domain="initiative", **kw)


def test_first_use_creates_and_seeds_the_database(tmp_path):
    path = tmp_path / "new.db"
    g = Glossary.open(path)
    assert path.exists() and len(g) >= 60


def test_db_path_comes_from_option_then_env_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("GLOSSATOR_DB", raising=False)
    assert str(resolve_path(None)) == "glossary.db"
    monkeypatch.setenv("GLOSSATOR_DB", str(tmp_path / "env.db"))
    assert resolve_path(None) == tmp_path / "env.db"
    assert str(resolve_path("cli.db")) == "cli.db"


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my notes, not a database\n")
    with pytest.raises(Exception) as err:
        Glossary.open(path)
    assert "not a Glossator database" in str(err.value)
    assert path.read_text() == "my notes, not a database\n"


def test_pt_br_lookup_falls_back_to_pt(blank):
    blank.write([bri()])
    assert blank.lookup("bri", "pt-BR").text == "Iniciativa do Cinturão e Rota"
    blank.write([Concept("bri", [Term("pt-BR", "Iniciativa Cinturão e Rota")])], on_conflict=OnConflict.MERGE)
    assert blank.lookup("bri", "pt-BR").text == "Iniciativa Cinturão e Rota"
    assert blank.lookup("bri", "pt").text == "Iniciativa do Cinturão e Rota"
    assert blank.lookup("bri", "zh") is None


def test_write_is_all_or_nothing(blank):
    good = bri()
    bad = Concept("npc", [Term("en", "National People's Congress"), Term("en", "NPC")])  # two preferred
    with pytest.raises(GlossaryIntegrityError, match="two preferred en terms"):
        blank.write([good, bad])
    assert len(blank) == 0


@pytest.mark.parametrize("policy, expect_terms", [
    (OnConflict.SKIP, 4), (OnConflict.REPLACE, 1), (OnConflict.MERGE, 5),
])
def test_on_conflict_policies(blank, policy, expect_terms):
    blank.write([bri()])
    blank.write([Concept("bri", [Term("zh", "“一带一路”倡议")])], on_conflict=policy)
    assert len(blank.get("bri").terms) == expect_terms


def test_on_conflict_fail_names_the_concept(blank):
    blank.write([bri()])
    with pytest.raises(GlossaryIntegrityError, match="'bri' already exists"):
        blank.write([bri()])


def test_merge_that_would_add_a_second_preferred_is_refused(blank):
    blank.write([bri()])
    with pytest.raises(GlossaryIntegrityError, match="two preferred es"):
        blank.write([Concept("bri", [Term("es", "IFR")])], on_conflict=OnConflict.MERGE)
    assert len(blank.get("bri").terms) == 4


def test_search_finds_substrings_in_any_script(seeded):
    ids = {c.id for c, _ in seeded.search("拉共体")}
    assert {"celac", "china-celac-forum"} <= ids
    assert "celac" in {c.id for c, _ in seeded.search("Caribeños")}
    assert "china-celac-forum" in {c.id for c, _ in seeded.search("中拉")}  # shorter than a trigram
    franja = [t.text for _, t in seeded.search("franja", lang="es")]
    assert franja[:2] == ["Franja y la Ruta", "Una Franja, Una Ruta"]  # shortest first
    assert seeded.search("   ") == []
    assert seeded.search('"quoted"') == []


def test_edit_prefers_adds_and_deprecates_in_one_step(blank):
    blank.write([bri()])
    edited = apply_edit(blank.get("bri"), ConceptEdit(
        prefer=[("pt", "Iniciativa Cinturão e Rota")],
        add=[("es", "IFR")], new_term={"status": "admitted", "kind": "abbreviation", "case_sensitive": True},
        forbid=[("es", "Una Franja, Una Ruta")],
    ))
    blank.replace_concept(edited)
    c = blank.get("bri")
    assert c.preferred("pt").text == "Iniciativa Cinturão e Rota"
    assert {t.text: t.status for t in c.terms_in("pt")}["Iniciativa do Cinturão e Rota"] == Status.ADMITTED
    assert {t.text: t.status for t in c.terms_in("es")}["Una Franja, Una Ruta"] == Status.FORBIDDEN
    ifr = [t for t in c.terms if t.text == "IFR"][0]
    assert ifr.kind == Kind.ABBREVIATION and ifr.case_sensitive


def test_edit_of_a_missing_term_says_how_to_list_terms(blank):
    blank.write([bri()])
    with pytest.raises(GlossaryIntegrityError, match="glossary show bri"):
        apply_edit(blank.get("bri"), ConceptEdit(drop=[("es", "IFR")]))


def test_remove_and_missing_ids(blank):
    blank.write([bri()])
    blank.remove("bri")
    with pytest.raises(ConceptNotFound):
        blank.get("bri")
    assert blank.db.execute("SELECT count(*) FROM terms").fetchone()[0] == 0


def test_stats_count_languages_and_statuses(seeded):
    s = seeded.stats()
    assert s["concepts"] >= 60
    assert set(s["languages"]) >= {"en", "zh", "es", "pt"}
    assert s["statuses"]["deprecated"] > 0 and s["statuses"]["forbidden"] > 0
    assert s["do_not_translate"] >= 2
