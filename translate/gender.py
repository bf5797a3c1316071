"""The grammatical gender of a Spanish or Portuguese term that the glossary gives none, from
its head noun's ending.

Google's TICO-19 terminologies carry no gender. Where such a term goes in through a
placeholder, the engine chose the article for a word it never saw ("retardar o XP0X"), and
Glossator wrote "o propagação". The endings below decide the gender of the head noun (the
first word) for the great majority of words that carry them (-ção, -dade, -ión and -o, say);
endings with common exceptions (-e, -ão, -ista, -ma) decide nothing, and neither do words
in this module's short list of exceptions nor abbreviations. Hand-written because no
maintained Python library gives the gender of Spanish and Portuguese nouns.
"""

from __future__ import annotations

import re

# (ending, gender), longest first within each language; singular and plural
_ENDINGS = {
    "pt": [("ções", "f"), ("sões", "f"), ("ção", "f"), ("são", "f"), ("dades", "f"), ("dade", "f"),
           ("tude", "f"), ("gens", "f"), ("gem", "f"), ("ises", "f"), ("ise", "f"), ("ites", "f"),
           ("ite", "f"), ("mentos", "m"), ("mento", "m"), ("ismo", "m"), ("mas", None), ("ma", None),
           ("istas", None), ("ista", None), ("us", "m"), ("os", "m"), ("o", "m"), ("as", "f"), ("a", "f")],
    "es": [("ciones", "f"), ("siones", "f"), ("ción", "f"), ("sión", "f"), ("dades", "f"), ("dad", "f"),
           ("tudes", "f"), ("tud", "f"), ("umbre", "f"), ("itis", "f"), ("sis", "f"), ("ajes", "m"),
           ("aje", "m"), ("ismo", "m"), ("mas", None), ("ma", None), ("istas", None), ("ista", None),
           ("us", "m"), ("os", "m"), ("o", "m"), ("as", "f"), ("a", "f")],
}
# common words against their ending's rule
_EXCEPTIONS = {"dia", "dias", "mapa", "mapas", "mão", "mãos", "foto", "fotos", "tribo", "libido", "día", "días",
               "mano", "manos", "radio", "moto", "planeta", "planetas", "cometa", "cometas", "análisis", "alerta", "alertas"}
_GENDER = {"m": "masculine", "f": "feminine"}


def guess(term: str, lang: str) -> str | None:
    """"masculine", "feminine" or None (no rule, an exception, an abbreviation, not es/pt)."""
    endings = _ENDINGS.get(lang.split("-")[0])
    head = term.split(" ")[0]
    if endings is None or len(head) < 4 or not re.fullmatch(r"[^\W\d_]+", head) or not head[1:].islower():
        return None
    low = head.lower()
    if low in _EXCEPTIONS:
        return None
    for ending, gender in endings:
        if low.endswith(ending):
            return _GENDER.get(gender) if gender else None
    return None
