"""Harvesting candidate terms that the glossary lacks."""

from __future__ import annotations

from dataclasses import dataclass

from glossator.translate.candidates import find_candidates
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
