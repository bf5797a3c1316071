"""Candidate terms a glossary does not have yet, for ``glossator glossary scan``.

Three kinds, the way terminologists harvest news copy by hand:

* ``pair``: a name defined in the text with its acronym, "Full Name (ACRONYM)";
* ``acronym``: an upper-case token such as SASS, SRE or NuBRICS;
* ``name``: a run of capitalised words joined by of/and/the/for…, such as
  "Intercontinental University of Mexico".

Spans already covered by a glossary match are left out. Candidates are
ranked by how often they occur, then by length. Regular expressions are
enough here: the patterns are few and fixed, and nothing scales with the
glossary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .acronyms import expansion

_WORD = r"[A-Z][\w'’\-–.]*"
# "at", "in" and "to" are left out on purpose: they chain separate names
# ("School of Government at the University of Development in Chile").
_JOIN = r"(?:of|and|the|for|on|de|del|la|los|y|e|do|da|das|dos|&)"
_NAME = re.compile(rf"\b{_WORD}(?:\s+(?:{_JOIN}\s+)*{_WORD})+")
_ACRONYM = re.compile(r"\b(?=[\w]*[A-Z][\w]*[A-Z])[A-Za-z]*[A-Z][A-Za-z0-9]*\b")
_PAIR = re.compile(rf"({_NAME.pattern})\s*\(\s*([A-Z][A-Za-z0-9&\-]{{1,12}})\s*\)")
# Words that name what an institution, event or document is: a run of
# capitalised words joined by "and" must contain one, or it is likely a
# coordination ("China and Mexico", "Latin American and Caribbean").
HEADS = {
    "academy", "agency", "agreement", "alliance", "association", "bank", "center", "centre", "charter",
    "commission", "committee", "community", "conference", "congress", "corp", "corporation", "council",
    "declaration", "department", "embassy", "festival", "forum", "fund", "group", "initiative", "institute",
    "institution", "market", "meeting", "ministry", "news", "office", "organization", "organisation",
    "parliament", "partnership", "party", "plan", "principle", "program", "programme", "report", "review",
    "school", "session", "sessions", "strategy", "summit", "survey", "treaty", "union", "university",
}
# Nationality and region words; a name made only of these and of country
# names (from CLDR, through Babel) is geography, not a term.
_GEO_WORDS = {"chinese", "mexican", "american", "latin", "caribbean", "brazilian", "peruvian", "chilean",
              "argentine", "spanish", "portuguese", "english", "asian", "european", "african", "pacific",
              "sino", "lac", "the", "and", "of"}
# Words that start sentences or headlines, not names.
_STOP_START = {"The", "A", "An", "In", "On", "At", "As", "By", "For", "With", "This", "That", "These", "Those",
               "He", "She", "It", "They", "We", "Both", "Since", "During", "Although", "While", "When", "Today",
               "Several", "Many", "Most", "Some", "All", "Our", "Their", "His", "Her"}
# Job titles before "of": "Director of the International Exchange Office" names the office.
_TITLES = {"Director", "Ambassador", "Minister", "President", "Secretary", "Counsellor", "Rector", "Editor",
           "Consul", "Chairman", "Chair", "Head", "Member", "Members", "Manager", "Dean", "Professor"}
_DATES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
          "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


@dataclass
class Candidate:
    text: str
    kind: str
    count: int = 0
    refs: list[str] = field(default_factory=list)
    expansion: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind, "count": self.count, "refs": self.refs[:5],
                "expansion": self.expansion}


def _after_possessive(name: str) -> str:
    """ "Mexico’s Foreign Affairs Ministry" -> "Foreign Affairs Ministry"."""
    parts = re.split(r"\S+(?:’s|'s)\s+", name)
    return parts[-1] if parts[-1].strip() else name


def _trim_name(name: str) -> str:
    words = name.split()
    for i, w in enumerate(words):
        if w.rstrip(".,") in _DATES:  # "Mexico on Wednesday": a date ends the name
            words = words[:i]
            break
    while words and (words[0] in _STOP_START or (words[0].endswith("ing") and len(words) > 1)):
        words = words[1:]
    for i, w in enumerate(words[:4]):
        if w == "of" and words[0] in _TITLES:
            words = words[i + 1:]
            while words and words[0] in ("the", "The"):
                words = words[1:]
            break
    while words and re.fullmatch(_JOIN, words[-1]):
        words = words[:-1]
    return " ".join(words).rstrip(".,;:")


def _geo_words() -> set[str]:
    from babel import Locale

    words = set(_GEO_WORDS)
    for name in Locale("en").territories.values():
        words.update(w.lower() for w in re.split(r"[\s\-–&.,()]+", name) if w)
    return words


def _is_term_like(name: str, geo: set[str]) -> bool:
    words = [w for w in re.split(r"[\s\-–]+", name) if w]
    lowered = [w.lower().rstrip(".").replace("’s", "").replace("'s", "") for w in words]
    if all(w in geo for w in lowered):
        return False
    joined_by_and = any(w in ("and", "y", "e", "&") for w in lowered)
    return not joined_by_and or any(w in HEADS for w in lowered)


def _is_title(text: str) -> bool:
    """A headline: most words capitalised, no sentence punctuation at the end."""
    words = [w for w in text.split() if w[:1].isalpha()]
    caps = sum(w[0].isupper() for w in words)
    return bool(words) and caps >= 0.7 * len(words) and not text.rstrip().endswith((".", "?", "!", "”", '"'))


def _covered(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in taken)


def find_candidates(segments: Iterable, matches_of) -> list[Candidate]:
    """``segments`` have ``.text`` and ``.reference``; ``matches_of(text)`` gives glossary matches."""
    found: dict[tuple[str, str], Candidate] = {}
    geo = _geo_words()

    def add(text: str, kind: str, ref: str, expansion: str | None = None) -> None:
        c = found.setdefault((kind, text), Candidate(text, kind, expansion=expansion))
        c.count += 1
        if ref not in c.refs:
            c.refs.append(ref)

    for seg in segments:
        text = seg.text
        taken = [(m.start, m.end) for m in matches_of(text)]
        for m in _PAIR.finditer(text):
            if not _covered(m.span(2), taken):
                full = expansion(m[2], _trim_name(m[1]), HEADS, guess=_trim_name(_after_possessive(m[1])))
                if full:  # without one it is only an acronym, found below
                    add(m[2], "pair", seg.reference, full)
                    taken.append(m.span(2))
        caps_runs = [r.span() for r in re.finditer(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,})+\b", text)]  # datelines
        for m in _ACRONYM.finditer(text):
            word = m[0]
            if _covered(m.span(), taken) or _covered(m.span(), caps_runs):
                continue
            if word.isupper() and (len(word) > 6 and not any(ch.isdigit() for ch in word)):
                continue  # a shouted word (EXTENSION), not an acronym
            if word.isupper() or word[:1].islower() or sum(ch.isupper() for ch in word[1:]) >= 2:
                add(word, "acronym", seg.reference)
        if _is_title(text):
            continue
        for m in _NAME.finditer(text):
            if _covered(m.span(), taken):
                continue
            name = _trim_name(_after_possessive(m[0]))
            if len(name.split()) >= 2 and not name.isupper() and _is_term_like(name, geo):
                add(name, "name", seg.reference)
    pairs = {c.text for c in found.values() if c.kind == "pair"}
    out = [c for c in found.values() if not (c.kind == "acronym" and c.text in pairs)]
    return sorted(out, key=lambda c: (-c.count, {"pair": 0, "acronym": 1, "name": 2}[c.kind], -len(c.text), c.text))
