"""Which word class an English mention is used in, from the words around it, to tell
homographs of different parts of speech apart.

Google's TICO-19 pt-BR list has "spread" twice: a verb (*propagar*) and a noun
(*propagação*). "the spread of the virus" wants the noun; "the disease has
spread" the verb. A tagger would be the general answer (spaCy, Stanza), but
it costs a model download and seconds per article for a decision needed only
between homographs; these few function words settle the cases news text has.
Nothing is decided where neither list applies.
"""

from __future__ import annotations

import re

# before a noun: articles, possessives, demonstratives, and the adjectives that go with "spread"
_NOUN_BEFORE = {"the", "a", "an", "its", "their", "his", "her", "our", "your", "this", "these", "those",
                "further", "rapid", "global", "international", "community", "local", "wider", "continued",
                "airborne", "of"}  # "rate of spread", "levels of spread": "of" is followed by a noun
_NOUN_AFTER = {"of"}
# the subject of a clause: opens it, and a modal follows ("although spread may be possible")
_CLAUSE_START = {"", "although", "though", "but", "and", "while", "because", "since", "if", "so", "when"}
_MODAL = {"may", "might", "can", "could", "will", "would", "should", "must"}
# "it's spread", "that's spread": a contraction of has/is, not a possessive
_CONTRACTED = {"it", "that", "what", "he", "she", "there", "who", "which", "where", "here", "how"}
_POSSESSIVE = re.compile(r"([a-z]+)['’]s\s+$")
# before a verb: infinitive "to", auxiliaries and modals, subject pronouns
_VERB_BEFORE = {"to", "has", "have", "had", "will", "would", "can", "could", "may", "might", "must", "should",
                "shall", "not", "it", "they", "we", "he", "she", "already", "also", "rapidly", "quickly", "easily",
                "who", "which"}
_WORD = re.compile(r"[A-Za-z]+")


def context(text: str, start: int, end: int) -> str | None:
    """"noun", "verb" or None for the mention ``text[start:end]`` (``text`` lower-cased)."""
    before = _WORD.findall(text[max(0, start - 30):start])
    after = _WORD.findall(text[end:end + 20])
    prev, nxt = (before[-1] if before else ""), (after[0] if after else "")
    owner = _POSSESSIVE.search(text[max(0, start - 30):start])
    if prev in _NOUN_BEFORE or nxt in _NOUN_AFTER or (owner and owner.group(1) not in _CONTRACTED):
        return "noun"  # "the disease's spread"
    if prev in _VERB_BEFORE:
        return "verb"
    if prev in _CLAUSE_START and nxt in _MODAL:
        return "noun"
    return None


def mismatch(pos: str | None, used_as: str | None) -> bool:
    """True when a term of part of speech ``pos`` does not fit a mention used as ``used_as``."""
    if used_as == "noun":
        return pos == "verb"
    if used_as == "verb":
        return pos != "verb"
    return False
