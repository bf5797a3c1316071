"""Double quotation marks around machine translation.

Bergamot's en->pt model drops curly quotes (“…”) together with what they
mean: on the seed articles 30 quotations came out unmarked ("uma comunidade
com um futuro compartilhado"), while the same sentences with straight quotes
keep them. So every engine gets straight double quotes, and the target
language's typographic quotes are written afterwards:

* pt, zh: “ ” (nested ‘ ’), as CLDR and both languages' press write them;
* es: « » (nested “ ”), the RAE's first choice (Ortografía 2010, 3.4.8.2:
  "se recomienda utilizar en primer lugar las comillas angulares");
* es with a Latin American region (es-419, es-MX, es-AR, ...): “ ” (nested
  ‘ ’), which the RAE admits and the Latin American press (the desk's
  readers) uses almost exclusively.

Single quotes are left alone: ’ is an apostrophe far more often than a quote.
No library pairs quotation marks in machine output, hence this small module.
"""

from __future__ import annotations

import re

from glossator.glossary import langtags

_ANGLE = ("«", "»", "“", "”")
_ENGLISH = ("“", "”", "‘", "’")
_DOUBLE = re.compile(r'["“”„«»]')


def marks(target: str) -> tuple[str, str, str, str]:
    """(open, close, nested open, nested close) for a language tag."""
    base, region = langtags.base_language(target), langtags.split(target)[2]
    if base == "es" and region in (None, "ES"):
        return _ANGLE
    return _ENGLISH


def plain(text: str) -> str:
    """Every double quotation mark as a straight one, for the engines."""
    return _DOUBLE.sub('"', text)


def typographic(text: str, target: str) -> str:
    """Straight double quotes as the target's typographic ones: outside a quotation
    a quote opens; inside one it closes, unless it stands where an opening quote
    does (after white space or a bracket, before a word), where it opens a nested one."""
    o, c, no, nc = marks(target)
    out, depth = [], 0
    for i, ch in enumerate(text):
        if ch != '"':
            out.append(ch)
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if depth == 0 or ((before.isspace() or before in "([{—–/") and not after.isspace()):
            out.append(o if depth % 2 == 0 else no)
            depth += 1
        else:
            depth -= 1
            out.append(c if depth % 2 == 0 else nc)
    return "".join(out)
