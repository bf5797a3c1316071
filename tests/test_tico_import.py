"""Real-world data: the TICO-19 COVID-19 terminologies import as they are."""

from __future__ import annotations

import pytest

from glossator.glossary import exchange
from glossator.glossary.store import OnConflict

F_FILES = ["f_en-es_XX.csv", "f_en-pt_XX.csv", "f_en-zh_CN.csv"]
G_FILES = ["g_en_es-419.csv", "g_en_pt-BR.csv", "g_en_zh-CN.csv"]


def test_facebook_layout_merges_three_languages_into_one_concept_per_entry(blank, tico_dir):
    for name in F_FILES:
        parsed, report = exchange.import_file(blank, tico_dir / name, on_conflict=OnConflict.MERGE)
        assert parsed.format == "tico"
    assert len(blank) == 306  # the 306 padding rows of the es file are passed over
    c = blank.get("tico-f-2")
    assert c.preferred("en").text == "acute bronchitis"
    assert c.preferred("es").text == "Bronquitis aguda"
    assert c.preferred("pt").text == "bronquite aguda"
    assert c.preferred("zh-CN").text == "急性支气管炎"
    assert {t.lang for t in c.terms} == {"en", "es", "pt", "zh-CN"}  # es_XX/pt_XX carry no region


def test_google_layout_keeps_pos_description_and_alternatives(blank, tico_dir):
    for name in G_FILES:
        exchange.import_file(blank, tico_dir / name, on_conflict=OnConflict.MERGE)
    assert len(blank) == 337
    contagious = blank.get("tico-g-1")
    assert contagious.definition.startswith("In the context of coronavirus")
    zh = contagious.terms_in("zh-CN")
    assert [t.text for t in zh] == ["可传染", "有传染性"]
    assert [t.status.value for t in zh] == ["preferred", "admitted"]
    assert contagious.preferred("es-419").text == "contagioso"
    assert contagious.preferred("en").pos == "adjective"
    # bracketed usage remarks become notes, not part of the term
    covid = [c for c in blank.concepts() if any("[when" in (t.note or "") or "when referring" in (t.note or "")
                                                 for t in c.terms)]
    assert covid and all("[" not in t.text for c in covid for t in c.terms)


def test_pt_br_lookup_falls_back_from_google_pt_br_to_nothing_but_pt_br(blank, tico_dir):
    exchange.import_file(blank, tico_dir / "g_en_pt-BR.csv")
    assert blank.lookup("tico-g-2", "pt-BR").text == "casos ativos"
    assert blank.lookup("tico-g-2", "pt") is None  # pt-BR data is not offered as generic pt


def test_importing_the_same_tico_file_twice_without_merge_fails_and_says_how(blank, tico_dir):
    exchange.import_file(blank, tico_dir / "f_en-pt_XX.csv")
    with pytest.raises(Exception, match="already exists") as err:
        exchange.import_file(blank, tico_dir / "f_en-pt_XX.csv")
    assert err.value.line == 2 and "merge" in err.value.hint


def test_all_capital_terms_are_case_sensitive_abbreviations(blank, tico_dir):
    """"who" in "people who" is not the WHO: the lists carry no case column, so the import marks
    acronyms (every letter a capital) case-sensitive."""
    from glossator.translate.matcher import TermMatcher

    exchange.import_file(blank, tico_dir / "g_en_pt-BR.csv")
    who = blank.get("tico-g-24")
    assert [(t.lang, t.text, t.kind.value, t.case_sensitive) for t in who.terms] == [
        ("en", "WHO", "abbreviation", True), ("pt-BR", "OMS", "abbreviation", True)]
    assert not blank.get("tico-g-2").terms[0].case_sensitive  # "active cases"
    matcher = TermMatcher.from_glossary(blank)
    assert [m.concept_id for m in matcher.find("People who travel")] == []
    assert [m.surface for m in matcher.find("The WHO said")] == ["WHO"]


def test_a_homograph_written_as_the_text_writes_it_wins(blank, tico_dir):
    """Google's pt-BR list has COVID-19 (tico-g-5) and covid-19 (tico-g-242): "COVID-19" in a
    sentence is the first, and gets COVID-19, not the lower-case rendering."""
    from glossator.translate.matcher import TermMatcher

    exchange.import_file(blank, tico_dir / "g_en_pt-BR.csv")
    matcher = TermMatcher.from_glossary(blank)
    assert [m.concept_id for m in matcher.find("COVID-19 kills")] == ["tico-g-5"]
    assert [m.concept_id for m in matcher.find("covid-19 kills")] == ["tico-g-242"]


def test_a_homograph_is_told_apart_by_the_part_of_speech_it_is_used_as(blank, tico_dir):
    """"spread" is a verb (tico-g-21, propagar) and a noun (tico-g-529, propagação): "the spread
    of" got the verb, inserted as "o propagar do vírus"."""
    from glossator.translate.matcher import TermMatcher

    exchange.import_file(blank, tico_dir / "g_en_pt-BR.csv")
    matcher = TermMatcher.from_glossary(blank)

    def spread(text):
        return [m.concept_id for m in matcher.find(text) if m.surface.lower() == "spread"]

    assert spread("to prevent the spread of the virus") == ["tico-g-529"]
    assert spread("it limits spread of the virus") == ["tico-g-529"]
    assert spread("the disease has already spread to Italy") == ["tico-g-21"]
    assert spread("Viruses spread fast.") == ["tico-g-21"]  # no cue: as before
