"""Find glossary terms in source text with one Aho–Corasick automaton.

pyahocorasick scans the normalized text once for every term at the same
time, so the cost grows with the text, not with the glossary. On top of the
raw hits this module adds what a terminologist expects:

* case-insensitive matching, except for terms marked case-sensitive
  ("APEC" is not "apec", "ALBA" is not Spanish "alba");
* word boundaries for scripts written with spaces, none for Chinese;
* English plurals and possessives after a term ("Confucius Institutes",
  "CELAC's", "BRICS'");
* leftmost-longest selection, so "China-CELAC Forum" wins over "CELAC" and
  no two matches overlap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from . import word_class
from .normalize import key, normalize

# Suffixes after an English term, in the normalized text (apostrophes folded).
_EN_SUFFIXES = ("'s", "s'", "es", "s", "'")


@dataclass(frozen=True)
class TermEntry:
    concept_id: str
    text: str
    lang: str
    status: str
    kind: str
    case_sensitive: bool
    pos: str | None = None


@dataclass(frozen=True)
class Match:
    concept_id: str
    start: int  # span in the original text, suffix included
    end: int
    surface: str  # the original text of the span
    term: TermEntry
    inflection: str | None = None  # "plural" or "possessive" for English suffixes
    others: tuple[str, ...] = field(default=())  # other concepts with the same term (homographs)

    def to_dict(self) -> dict:
        return {"concept": self.concept_id, "start": self.start, "end": self.end, "surface": self.surface,
                "term": self.term.text, "status": self.term.status, "kind": self.term.kind,
                "inflection": self.inflection, "also": list(self.others)}


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _spaced_script(ch: str) -> bool:
    """True for characters of scripts that separate words with spaces."""
    if not ch.isalnum():
        return False
    name = unicodedata.name(ch, "")
    return not name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR"))


class TermMatcher:
    def __init__(self, entries: Iterable[TermEntry]):
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[TermEntry]] = {}
        for e in entries:
            k = key(e.text)
            if k:
                by_key.setdefault(k, []).append(e)
        for k, es in by_key.items():
            self._automaton.add_word(k, (k, tuple(es)))
        self.size = len(by_key)
        if by_key:
            self._automaton.make_automaton()

    @classmethod
    def from_glossary(cls, glossary, lang: str = "en") -> TermMatcher:
        return cls.from_glossary_concepts(glossary.concepts(), lang)

    @classmethod
    def from_glossary_concepts(cls, concepts, lang: str = "en") -> TermMatcher:
        from glossator.glossary import langtags

        langs = set(langtags.fallback_chain(lang))
        return cls(
            TermEntry(c.id, t.text, t.lang, t.status, t.kind, t.case_sensitive, t.pos)
            for c in concepts for t in c.terms if t.lang in langs
        )

    def find(self, text: str) -> list[Match]:
        if not self.size:
            return []
        norm = normalize(text)
        exact = normalize(text, lower=False).text  # same length and origins as norm
        candidates: list[tuple[int, int, Match]] = []
        for end_idx, (k, entries) in self._automaton.iter(norm.text):
            start = end_idx - len(k) + 1
            end = end_idx + 1
            if not self._left_ok(norm.text, start, k):
                continue
            stop, inflection = self._right_end(norm.text, end, k, entries[0].lang)
            if stop is None:
                continue
            surface_exact = exact[start:end]
            live = [e for e in entries if not e.case_sensitive or key(e.text, lower=False) == surface_exact]
            if not live:
                continue
            used_as = word_class.context(norm.text, start, stop) if len({e.pos for e in live}) > 1 else None
            live.sort(key=lambda e: _preference(e, surface_exact, used_as))
            s, e = norm.span(start, stop)
            concepts = tuple(dict.fromkeys(x.concept_id for x in live))
            m = Match(live[0].concept_id, s, e, text[s:e], live[0], inflection, concepts[1:])
            candidates.append((start, stop, m))
        return _leftmost_longest(candidates)

    @staticmethod
    def _left_ok(t: str, start: int, k: str) -> bool:
        if start == 0 or not _spaced_script(k[0]):
            return True
        # A Han character before "G20" is no word the term runs into ("出席G20峰会").
        return not _is_word_char(t[start - 1]) or not _spaced_script(t[start - 1])

    @staticmethod
    def _right_end(t: str, end: int, k: str, lang: str) -> tuple[int | None, str | None]:
        if not _spaced_script(k[-1]):
            return end, None
        if end < len(t) and _is_word_char(t[end]) and not _spaced_script(t[end]):
            return end, None  # "G20峰会"
        if end == len(t) or not _is_word_char(t[end]):
            if t.startswith("'", end) and lang.startswith("en"):
                # possessive "BRICS'" vs closing quote: only after a final s
                if k.endswith("s") and (end + 1 == len(t) or not _is_word_char(t[end + 1])):
                    return end + 1, "possessive"
                if t.startswith("'s", end) and (end + 2 == len(t) or not _is_word_char(t[end + 2])):
                    return end + 2, "possessive"
            return end, None
        if lang.startswith("en"):
            for suffix in _EN_SUFFIXES:
                if t.startswith(suffix, end):
                    after = end + len(suffix)
                    if after == len(t) or not _is_word_char(t[after]):
                        return after, ("possessive" if "'" in suffix else "plural")
        return None, None


def _preference(e: TermEntry, surface: str, used_as: str | None = None) -> tuple:
    # Prefer terms that are approved for use, then the term written as the
    # text writes it ("COVID-19" over a homograph "covid-19"), then the part
    # of speech the mention is used as ("the spread of": the noun): they
    # decide which concept a homograph is reported as.
    return ({"preferred": 0, "admitted": 1, "deprecated": 2, "forbidden": 3}[e.status],
            key(e.text, lower=False) != surface, word_class.mismatch(e.pos, used_as), e.concept_id)


def _leftmost_longest(cands: list[tuple[int, int, Match]]) -> list[Match]:
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[Match] = []
    reach = -1
    for start, stop, m in cands:
        if start >= reach:
            out.append(m)
            reach = stop
    return out
