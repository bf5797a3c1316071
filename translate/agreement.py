"""Make the article before an inserted term agree with it (Spanish, Portuguese).

When Glossator puts an approved term where the engine wrote something else,
the article the engine chose belongs to the old words: "el XP0X" becomes
"el Iniciativa…" unless it is fixed. This module rewrites the one word (or
the two words "de la", "a los") in front of the term, from the term's
gender and number in the glossary (where it gives no gender, the engine's
article keeps its gender and takes the term's number: "o XP0X" with the
plural "desinfetantes para as mãos" is "os"), including the contractions: es del/al,
pt do/da/no/na/ao/à/pelo/pela/dum/num… Capitalisation is kept.

Hand-written because no maintained library does determiner agreement for
these two languages; the tables are closed and small. Portuguese "a" is
both the feminine article and a preposition; before a term it is taken as
the article, which is what engines write there far more often.
"""

from __future__ import annotations

import re

# (preposition, definite?) -> forms by (gender, number)
_ES = {
    (None, True): {"ms": "el", "fs": "la", "mp": "los", "fp": "las"},
    (None, False): {"ms": "un", "fs": "una", "mp": "unos", "fp": "unas"},
    ("de", True): {"ms": "del", "fs": "de la", "mp": "de los", "fp": "de las"},
    ("a", True): {"ms": "al", "fs": "a la", "mp": "a los", "fp": "a las"},
}
_PT = {
    (None, True): {"ms": "o", "fs": "a", "mp": "os", "fp": "as"},
    (None, False): {"ms": "um", "fs": "uma", "mp": "uns", "fp": "umas"},
    ("de", True): {"ms": "do", "fs": "da", "mp": "dos", "fp": "das"},
    ("em", True): {"ms": "no", "fs": "na", "mp": "nos", "fp": "nas"},
    ("a", True): {"ms": "ao", "fs": "à", "mp": "aos", "fp": "às"},
    ("por", True): {"ms": "pelo", "fs": "pela", "mp": "pelos", "fp": "pelas"},
    ("de", False): {"ms": "dum", "fs": "duma", "mp": "duns", "fp": "dumas"},
    ("em", False): {"ms": "num", "fs": "numa", "mp": "nuns", "fp": "numas"},
}
TABLES = {"es": _ES, "pt": _PT}


def _index(table: dict) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for key, forms in table.items():
        for form in forms.values():
            out.setdefault(form, key)
    return out


_INDEX = {lang: _index(t) for lang, t in TABLES.items()}
_WORD_BEFORE = re.compile(r"(\w+)(\s+)(\w+)(\s+)$|(\w+)(\s+)$")


def _gn(gender: str | None, number: str | None, written: str | None = None) -> str | None:
    """The form to write: from the term's gender and number; where the glossary gives no gender
    but a number, the gender of the article the engine wrote (``written``, its own "ms", "fp"...)."""
    if gender in ("masculine", "feminine"):
        return gender[0] + ("p" if number == "plural" else "s")
    if written is None or number not in ("singular", "plural"):
        return None
    return written[0] + ("p" if number == "plural" else "s")


def _form_of(forms: dict[str, str], word: str) -> str:
    """Which of a table row's forms ("ms", "fp"...) ``word`` is."""
    return next(gn for gn, form in forms.items() if form == word)


def case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def agree(text: str, start: int, lang: str, gender: str | None, number: str | None) -> tuple[str, int]:
    """Fix the determiner before ``text[start:]``; returns the text and the term's new start."""
    base = lang.split("-")[0]
    if base not in TABLES or (_gn(gender, number) is None and number is None):
        return text, start
    head = text[:start]
    m = _WORD_BEFORE.search(head)
    if not m:
        return text, start
    index, table = _INDEX[base], TABLES[base]
    if m.group(1):  # two words before: maybe "de la", "a los"
        two = f"{m.group(1)} {m.group(3)}".lower()
        if two in index:
            key = index[two]
            gn = _gn(gender, number, _form_of(table[key], two))
            if gn is None:
                return text, start
            new = case_like(m.group(1), table[key][gn])
            cut = m.start()
            head = head[:cut] + new + m.group(4)
            return head + text[start:], len(head)
        word, space, cut = m.group(3), m.group(4), m.start(3)
    else:
        word, space, cut = m.group(5), m.group(6), m.start(5)
    found = index.get(word.lower())
    gn = _gn(gender, number, _form_of(table[found], word.lower())) if found is not None else None
    if found is None or gn is None:
        return text, start
    new = case_like(word, table[found][gn])
    head = head[:cut] + new + space
    return head + text[start:], len(head)


OPENERS = "“\"«‘"


def capitalize_at_sentence_start(text: str, start: int) -> str:
    """Upper-case the first letter of the term when it opens the sentence, or a quotation that
    opens it or follows a colon; a quoted term inside a sentence ('como “COVID-19”, “novo
    coronavírus”') keeps its case."""
    before = text[:start].rstrip()
    quoted = before.endswith(tuple(OPENERS))
    before = before.rstrip(OPENERS).rstrip()
    if (before == "" or before.endswith((".", "!", "?", "¿", "¡") + (":",) * quoted)) and text[start:start + 1].islower():
        return text[:start] + text[start].upper() + text[start + 1:]
    return text
