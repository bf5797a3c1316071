"""Harvesting candidate terms that the glossary lacks."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from glossator.translate.acronyms import expansion
from glossator.translate.candidates import HEADS, find_candidates
from glossator.translate.matcher import TermEntry, TermMatcher


@dataclass
class Seg:
    text: str
    reference: str = "a.txt:1"


def harvest(*texts, known=()):
    m = TermMatcher(TermEntry(f"k{i}", t, "en", "preferred", "full", False) for i, t in enumerate(known))
    return {(c.kind, c.text): c for c in find_candidates([Seg(t, f"a.txt:{n}") for n, t in enumerate(texts, 1)], m.find)}


def test_name_with_acronym_in_brackets_is_a_pair_with_its_expansion():
    got = harvest("Experts from the BRICS Studies Center (NuBRICS) met.", "NuBRICS said so.")
    pair = got[("pair", "NuBRICS")]
    assert pair.expansion == "BRICS Studies Center" and pair.count == 1
    assert ("acronym", "NuBRICS") not in got  # reported once, as the pair


def test_known_terms_countries_and_coordinations_are_not_candidates():
    got = harvest("China and Mexico met the Shanghai Academy of Social Sciences in Latin America.",
                  known=["Shanghai Academy of Social Sciences"])
    assert not [k for k in got if k[1] in ("China and Mexico", "Latin America", "Shanghai Academy of Social Sciences")]


def test_titles_datelines_and_headlines_are_trimmed_or_dropped():
    got = harvest("Zhou, Director of the International Exchange Office at the university, spoke.",
                  "SAN FRANCISCO, Nov. 16 (Xinhua) — talks began.",
                  "Deeper Cultural and Civilizational Exchange")
    assert ("name", "International Exchange Office") in got
    assert not [k for k in got if "SAN" in k[1] or "FRANCISCO" in k[1] or "Civilizational" in k[1]]


def test_ranking_by_frequency():
    got = list(harvest("The SRE spoke.", "The SRE and the TV spoke.").values())
    assert [c.text for c in got][:2] == ["SRE", "TV"] and got[0].count == 2 and got[0].refs == ["a.txt:1", "a.txt:2"]


def _expansions(text):
    return {c.text: c.expansion for c in find_candidates([Seg(text)], lambda _: []) if c.kind == "pair"}


def test_expansion_of_an_acronym_in_brackets_leaves_out_what_precedes_the_name():
    # The name regex runs on across "of the" and "and the"; the acronym's letters tell where the name starts.
    assert _expansions("Ministers of the Community of Latin American and Caribbean States (CELAC) met.") == {
        "CELAC": "Community of Latin American and Caribbean States"}
    assert _expansions("China and the Community of Latin American and Caribbean States (CELAC) agreed.") == {
        "CELAC": "Community of Latin American and Caribbean States"}
    assert _expansions("ECLAC Executive Secretary José Manuel Salazar-Xirinachs and the Inter-American "
                       "Development Bank (IDB) spoke.") == {"IDB": "Inter-American Development Bank"}
    assert _expansions("the National Committee of the Chinese People's Political Consultative Conference (CPPCC)") == {
        "CPPCC": "Chinese People's Political Consultative Conference"}
    # ...and where it does not: "Communications Group" alone also spells C-I-C-G.
    assert _expansions("organized by China International Communications Group (CICG) Center") == {
        "CICG": "China International Communications Group"}


def test_expansions_that_the_letters_confirm_or_that_stand_alone_are_kept():
    assert _expansions("the Economic Commission for Latin America and the Caribbean (ECLAC) said") == {
        "ECLAC": "Economic Commission for Latin America and the Caribbean"}
    assert _expansions("It joined the Asia-Pacific Economic Cooperation (APEC) in 1991.") == {
        "APEC": "Asia-Pacific Economic Cooperation"}
    assert _expansions("Brazil and Argentina founded the Southern Common Market (Mercosur).") == {
        "Mercosur": "Southern Common Market"}


def test_no_expansion_is_proposed_when_the_letters_cannot_say_where_the_name_starts():
    # A Spanish acronym after an English run that joins words with "and the": the run may hold
    # two names ("China and the ..."), and the letters cannot tell, so no guess.
    got = {c.text: c for c in find_candidates(
        [Seg("the Economic Commission for Latin America and the Caribbean (CEPAL) said")], lambda _: [])}
    assert got["CEPAL"].expansion is None and got["CEPAL"].kind == "acronym"


_WORDS = st.sampled_from(["China", "and", "the", "Community", "of", "Latin", "States", "Bank", "Inter-American",
                          "Development", "People's", "Forum", "Ministers", "for", "Caribbean"])


@given(st.lists(_WORDS, min_size=1, max_size=9), st.text("ABCDILPSG", min_size=2, max_size=6))
def test_an_expansion_is_none_or_whole_words_that_end_the_name(words, acronym):
    name = " ".join(words)
    got = expansion(acronym, name, HEADS)
    assert got is None or name == got or name.endswith(" " + got)
