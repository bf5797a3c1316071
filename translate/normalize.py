"""Matching-form text: the same string for every spelling of a name.

``normalize`` maps dash variants to ``-``, apostrophes to ``'``, runs of
white space to one space and (optionally) letters to lower case, and keeps
for every output character the index of the input character it came from,
so a match found in the normalized text maps back to an exact span of the
original, which is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
APOSTROPHES = "'\u2018\u2019\u02bc\u2032\uff07"
_FOLD = {ord(c): "-" for c in DASHES} | {ord(c): "'" for c in APOSTROPHES}
_SPACE = re.compile(r"\s")


_WHITESPACE = {ord(c): " " for c in map(chr, range(0x3001)) if c.isspace()}
_TABLE = str.maketrans({**_FOLD, **_WHITESPACE})


@dataclass(frozen=True)
class Normalized:
    text: str
    origin: tuple[int, ...] | None  # origin[i] = source index of text[i], plus len(source); None = identity

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the normalized span [start, end)."""
        if self.origin is None:
            return start, end
        return self.origin[start], (self.origin[end - 1] + 1 if end > start else self.origin[start])


def fold_char(ch: str, lower: bool) -> str:
    ch = ch.translate(_FOLD)
    if lower:
        low = ch.lower()
        # Keep one character per character ("İ".lower() has two), so the
        # lower-case and exact forms of a text align position by position.
        return low if len(low) == 1 else ch
    return ch


def normalize(text: str, lower: bool = True) -> Normalized:
    # Fast path, done in C by str.translate and str.lower: when no run of
    # white space has to shrink and lower-casing keeps every length, each
    # output character comes from the input character at the same index.
    folded: str | None = text.translate(_TABLE)
    if lower and folded is not None:
        low = folded.lower()
        folded = low if len(low) == len(folded) else None
    if folded is not None and "  " not in folded:
        return Normalized(folded, None)
    return _normalize_slow(text, lower)


def _normalize_slow(text: str, lower: bool) -> Normalized:
    out: list[str] = []
    origin: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        if _SPACE.match(ch):
            if prev_space:
                continue
            prev_space = True
            out.append(" ")
            origin.append(i)
            continue
        prev_space = False
        out.append(fold_char(ch, lower))
        origin.append(i)
    origin.append(len(text))
    return Normalized("".join(out), tuple(origin))


def key(text: str, lower: bool = True) -> str:
    """The normalized form of a term, stripped."""
    return normalize(text.strip(), lower).text
