"""Keep URLs, e-mail addresses and code spans out of machine translation.

Each protected span is replaced by a placeholder before translation and put
back afterwards. Measured once, by hand, on 2026-11-23 with the sentence
"Comments to {a} or visit {b} for details." (a one-off comparison, not a test):

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
``enforce.mask``/``enforce.unmask`` use these placeholders for glossary
terms and verbatim spans alike (``find`` also takes one that lost its final
X). When one does not come back exactly once,
the segment goes on to the later layers, and it is flagged if the
protected text is then missing.
"""

from __future__ import annotations

import re


def placeholder(i: int) -> str:
    return f"XP{i}X"


def find(text: str, i: int) -> list[tuple[int, int]]:
    """Where placeholder ``i`` came back in ``text``. Bergamot en->pt drops the final X of a
    placeholder between quotes in a list (TICO-19: 'such as "XP0X", "XP1X", or' came back as
    'como "XP0", "XP1" ou'): where the exact form is absent, that truncated form counts,
    provided no digit or X follows it (XP1 is not XP10)."""
    exact = [m.span() for m in re.finditer(re.escape(placeholder(i)), text)]
    return exact or [m.span() for m in re.finditer(rf"XP{i}(?![\dX])", text)]
