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
terms and verbatim spans alike. When one does not come back exactly once,
the segment goes on to the later layers, and it is flagged if the
protected text is then missing.
"""

from __future__ import annotations


def placeholder(i: int) -> str:
    return f"XP{i}X"
