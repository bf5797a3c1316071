"""The term matcher: unit cases on the seed glossary, and properties with hypothesis."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from glossator.translate.matcher import TermEntry, TermMatcher
from glossator.translate.normalize import APOSTROPHES, DASHES, normalize


@pytest.fixture(scope="module")
def seed_matcher(tmp_path_factory):
    from glossator.glossary.store import Glossary

    g = Glossary.open(tmp_path_factory.mktemp("m") / "g.db")
    return TermMatcher.from_glossary(g)


def found(matcher, text):
    return [(m.concept_id, m.surface) for m in matcher.find(text)]


def test_dash_variants_and_longest_match(seed_matcher):
    for dash in ["-", "–", "—", "‐", "‑", "－"]:
        text = f"the China{dash}CELAC Forum met"
        assert found(seed_matcher, text) == [("china-celac-forum", f"China{dash}CELAC Forum")]


def test_case_insensitive_unless_marked(seed_matcher):
    assert found(seed_matcher, "the two sessions and the Two Sessions") == [
        ("two-sessions", "two sessions"), ("two-sessions", "Two Sessions")]
    assert found(seed_matcher, "apec and alba at dawn") == []
    assert found(seed_matcher, "APEC and ALBA") == [("apec", "APEC"), ("alba", "ALBA")]


def test_possessives_plurals_and_apostrophes(seed_matcher):
    ms = seed_matcher.find("CELAC’s members, CELAC's plans, 68 Confucius Institutes and BRICS' role")
    assert [(m.concept_id, m.surface, m.inflection) for m in ms] == [
        ("celac", "CELAC’s", "possessive"), ("celac", "CELAC's", "possessive"),
        ("confucius-institute", "Confucius Institutes", "plural"), ("brics", "BRICS'", "possessive")]
    assert found(seed_matcher, "whole-process people’s democracy") == [
        ("whole-process-peoples-democracy", "whole-process people’s democracy")]


def test_word_boundaries(seed_matcher):
    assert found(seed_matcher, "UNESCO and the UNDP") == [("unesco", "UNESCO")]  # no "UN" inside a word
    assert found(seed_matcher, "the UN, the U.S. and NPC deputies") == [
        ("united-nations", "UN"), ("united-states", "U.S."), ("npc", "NPC")]


def test_abbreviation_and_full_form_find_the_same_concept(seed_matcher):
    ids = {c for c, _ in found(seed_matcher, "National People's Congress (NPC)")}
    assert ids == {"npc"}


def test_deprecated_forms_are_found_and_reported_as_such(seed_matcher):
    [m] = seed_matcher.find("the One Belt, One Road plan")
    assert m.concept_id == "belt-and-road-initiative" and m.term.status == "deprecated"


def test_chinese_needs_no_spaces():
    m = TermMatcher([TermEntry("celac", "拉共体", "zh", "preferred", "short", False),
                     TermEntry("forum", "中国－拉共体论坛", "zh", "preferred", "full", False)])
    assert [(x.concept_id, x.surface) for x in m.find("第四届中国-拉共体论坛部长级会议和拉共体成员")] == [
        ("forum", "中国-拉共体论坛"), ("celac", "拉共体")]


def test_latin_and_digit_terms_inside_chinese_text_need_no_spaces():
    # Chinese writes "出席G20峰会" and "落实2030年议程": a Han character is not a word the term runs into.
    m = TermMatcher([TermEntry("g20", "G20", "zh", "preferred", "abbreviation", True),
                     TermEntry("agenda", "2030年可持续发展议程", "zh", "preferred", "full", False),
                     TermEntry("apec", "APEC", "en", "admitted", "abbreviation", True)])
    assert [(x.concept_id, x.surface) for x in m.find("习近平出席G20峰会并落实2030年可持续发展议程。")] == [
        ("g20", "G20"), ("agenda", "2030年可持续发展议程")]
    assert m.find("APECX and XAPEC are other words") == []  # Latin next to Latin still is


def test_cost_does_not_depend_on_glossary_size():
    # Not a timing: the automaton is walked once per text, whatever the number of terms.
    small = TermMatcher([TermEntry("c0", "alpha beta", "en", "preferred", "full", False)])
    big = TermMatcher([TermEntry(f"c{i}", f"alpha beta {i}", "en", "preferred", "full", False) for i in range(5000)]
                      + [TermEntry("c0", "alpha beta", "en", "preferred", "full", False)])
    text = "alpha beta gamma " * 100
    found = [(m.concept_id, m.start, m.end, m.surface) for m in big.find(text)]
    assert found == [(m.concept_id, m.start, m.end, m.surface) for m in small.find(text)]
    assert found == [("c0", 17 * i, 17 * i + 10, "alpha beta") for i in range(100)]


words = st.text(alphabet=string.ascii_letters, min_size=2, max_size=8)
phrases = st.lists(words, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(phrases, min_size=1, max_size=12, unique_by=str.lower), st.lists(phrases, max_size=25))
def test_matches_never_overlap_and_point_at_their_text(terms, pieces):
    matcher = TermMatcher(TermEntry(f"c{i}", t, "en", "preferred", "full", False) for i, t in enumerate(terms))
    text = " ".join(pieces + terms[:3])
    ms = matcher.find(text)
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start
    for m in ms:
        assert text[m.start:m.end] == m.surface
        assert normalize(m.surface).text.startswith(normalize(m.term.text).text)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=2, max_size=4), st.data())
def test_case_dash_and_apostrophe_variants_find_the_same_concept(parts, data):
    term = "-".join(parts[:2]) + ("'s " + " ".join(parts[2:]) if len(parts) > 2 else "")
    matcher = TermMatcher([TermEntry("target", term, "en", "preferred", "full", False)])
    dash = data.draw(st.sampled_from(DASHES))
    apostrophe = data.draw(st.sampled_from(APOSTROPHES))
    variant = term.replace("-", dash).replace("'", apostrophe)
    variant = data.draw(st.sampled_from([variant, variant.upper(), variant.lower(), variant.title()]))
    assume(len(normalize(variant).text) == len(normalize(term).text))
    ms = matcher.find(f"before {variant} after")
    assert [m.concept_id for m in ms] == ["target"]
    assert ms[0].surface == variant
