"""Which words before "(ACRONYM)" the acronym stands for.

The name pattern in :mod:`candidates` runs on across "of the" and "and
the", so the run before the brackets may hold more than the name:
"Ministers of the Community of ... States (CELAC)", "China and the
Community of ... (CELAC)". The acronym's own letters say where its name
starts, as in Schwartz & Hearst's abbreviation algorithm, with one rule
more: every capitalised word of the name gives its initial to the acronym
("China and the Community of ..." has one C too many for CELAC). Where the
letters do not fit (a Spanish acronym such as CELAC or Mercosur after an
English name), a run without "the" is taken whole, a run with "the" only
after its last "the" and only if that part names an institution; otherwise
nothing is proposed, since a wrong expansion is worse than none.

Hand-written: the abbreviation libraries (scispacy's detector, the
schwartz_hearst ports) need a spaCy pipeline or find their own pairs in
raw text, while here the pair is already found and only its start is open.
"""

from __future__ import annotations

import re
from functools import cache

# Words that join the words of a name and give no letter to its acronym.
JOINS = frozenset({"of", "and", "the", "for", "on", "de", "del", "la", "los", "y", "e", "do", "da", "das", "dos",
                   "&"})


def _letters_fit(acronym: str, words: list[str]) -> bool:
    """``acronym``'s letters, in order, taken from ``words``: the first from the first word's initial,
    each capitalised word's initial used, letters inside words allowed ("Asia-Pacific" gives A and P)."""
    letters = [ch.lower() for ch in acronym if ch.isalnum()]
    text, initials = "", []
    for w in words:
        if text:
            text += " "
        if w[:1].isupper():
            initials.append(len(text))
        text += w
    low = text.lower()

    @cache
    def fit(i: int, pos: int, used: int) -> bool:
        # i: next letter; pos: next position in text; used: capitalised initials consumed so far
        if used < len(initials) and initials[used] < pos:
            return False  # a capitalised word was skipped
        if i == len(letters):
            return used == len(initials)
        for p in range(pos, len(low)):
            if low[p] != letters[i]:
                continue
            at_initial = used < len(initials) and initials[used] == p
            if used < len(initials) and initials[used] < p:
                return False
            if fit(i + 1, p + 1, used + at_initial):
                return True
        return False

    return bool(words) and words[0][:1].lower() == letters[0] and fit(1, 1, 1 if initials[:1] == [0] else 0)


def expansion(acronym: str, name: str, heads: frozenset[str] | set[str], guess: str | None = None) -> str | None:
    """The part of ``name`` (the words just before "(acronym)") that ``acronym`` stands for, or None.

    ``heads`` are the words that name what an institution is (bank, community, market...).
    ``guess`` is the run to fall back on when the letters fit nowhere (``name`` without
    the owner of a possessive, "Mexico's Foreign Ministry (SRE)"); by default ``name``.
    """
    if not acronym or not acronym[0].isalnum():
        return None
    words = name.split()
    for start in range(len(words)):  # longest first: "China International Communications Group (CICG)"
        if words[start].lower() in JOINS or not words[start][:1].isupper():
            continue
        if _letters_fit(acronym, words[start:]):
            return " ".join(words[start:])
    words = (name if guess is None else guess).split()
    lowered = [w.lower() for w in words]
    if "the" not in lowered:
        return " ".join(words) or None
    rest = words[len(lowered) - lowered[::-1].index("the"):]
    if rest and any(re.sub(r"\W", "", w.lower()) in heads for w in rest):
        return " ".join(rest)
    return None
