"""Keep URLs, e-mail addresses and code spans out of machine translation.

Each protected span is replaced by a placeholder before translation and put
back afterwards. Measured on 2026-11-23 with the sentence "Comments to
{a} or visit {b} for details." (see tests/test_protect.py):

=============  ==========================  ===========================
placeholder    apertium eng-spa            bergamot en-pt
=============  ==========================  ===========================
raw e-mail     kept                        mangled (``zhangsh-cicg…``)
``__P0__``     kept                        ``__P0___`` (underscore added)
``⟦0⟧ {0} #0#`` kept                       brackets dropped
``[0]``        kept                        kept
``XP0X``       kept                        kept
=============  ==========================  ===========================

``XP0X`` survives both and is one token-like word, so it is the default.
When a placeholder does not come back exactly once, the caller retranslates
the segment unmasked and flags it if the protected text is then missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Masked:
    text: str
    originals: tuple[str, ...]

    def restore(self, translated: str) -> str | None:
        """The translation with the originals put back, or None if a placeholder was lost."""
        out = translated
        for i, original in enumerate(self.originals):
            token = placeholder(i)
            if len(re.findall(rf"\b{token}\b", out)) != 1:
                return None
            out = re.sub(rf"\b{token}\b", lambda _m, o=original: o, out)
        return out


def placeholder(i: int) -> str:
    return f"XP{i}X"


def mask(text: str, spans: list[tuple[int, int]]) -> Masked:
    if not spans:
        return Masked(text, ())
    parts, originals, pos = [], [], 0
    for i, (s, e) in enumerate(sorted(spans)):
        parts.append(text[pos:s])
        parts.append(placeholder(i))
        originals.append(text[s:e])
        pos = e
    parts.append(text[pos:])
    return Masked("".join(parts), tuple(originals))
