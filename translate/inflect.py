"""Plurals of Spanish and Portuguese terms, for plural mentions in the source.

"symptoms" matches the glossary's "symptom"; its Portuguese term "sintoma"
must then be written "sintomas". The noun phrase's head comes first in
these languages, so every word before the first preposition is put in the
plural ("caso confirmado" -> "casos confirmados", "lavado de manos" ->
"lavados de manos"). Regular rules only, written out because no maintained
Python library inflects Spanish and Portuguese nouns; a term with an
irregular plural should carry its plural as a variant in the glossary.
"""

from __future__ import annotations

import re

_STOP = {
    "es": {"de", "del", "en", "para", "por", "con", "sin", "a", "al", "y", "o", "e", "u", "la", "el", "los", "las"},
    "pt": {"de", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas", "para", "por", "com", "sem", "a", "ao",
           "e", "ou", "o", "os", "as"},
}
_ACCENT_DROP = str.maketrans("áéíóú", "aeiou")


def _plural_es(w: str) -> str:
    low = w.lower()
    if low[-1] in "aeiouáéó":
        return w + "s"
    if low.endswith("z"):
        return w[:-1] + "ces"
    if low.endswith(("s", "x")) and len(low) > 3 and not re.search(r"[áéíóú]", low[-3:]):
        return w  # "crisis", "tórax": unchanged
    if re.search(r"[áéíóú][nsl]$", low):
        return w[:-2] + w[-2].translate(_ACCENT_DROP) + w[-1] + "es"  # "sesión" -> "sesiones"
    return w + "es"


def _plural_pt(w: str) -> str:
    low = w.lower()
    if low.endswith("ão"):
        return w[:-2] + "ões"
    if low.endswith("m"):
        return w[:-1] + "ns"
    if low.endswith(("r", "z")):
        return w + "es"
    if low.endswith("s") and len(low) > 3:
        return w  # "vírus", "pires": unchanged
    if low.endswith("il"):
        return w[:-2] + "is"
    if low.endswith(("al", "ul")):
        return w[:-1] + "is"
    if low.endswith("el"):
        return w[:-2] + "éis"
    if low.endswith("ol"):
        return w[:-2] + "óis"
    return w + "s"


def plural(text: str, lang: str) -> str | None:
    """The plural of a noun phrase, or None where no rule applies (not es/pt)."""
    base = lang.split("-")[0]
    rule = {"es": _plural_es, "pt": _plural_pt}.get(base)
    if rule is None:
        return None
    words = text.split(" ")
    if len(words) > 1 and all(w[:1].isupper() for w in words[1:] if w.lower() not in _STOP[base]):
        # a name in apposition: only the head takes the plural ("Institutos Confucio")
        return " ".join([rule(words[0]) if words[0].isalpha() else words[0]] + words[1:])
    out = []
    for i, w in enumerate(words):
        if w.lower() in _STOP[base] or not w[:1].isalpha():
            out.extend(words[i:])
            break
        out.append(rule(w) if w.isalpha() and not w.isupper() else w)
    return " ".join(out)
