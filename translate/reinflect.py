"""Terms in the form the sentence needs (es, pt): the engine's own word, re-inflected.

A glossary holds a verb in its dictionary form ("spread" -> pt *propagar*) and
an adjective or participle in the masculine singular (*infetado*). Put in
place of a placeholder, that form breaks the sentence ("a doença já tem
propagar", "os indivíduos infetado"): measured on TICO-19, such terms cost
Portuguese more chrF than any other. Where the engine wrote its own word for
the term in the needed form (*espalhou*, *infectados*), this module writes
the glossary's word with the engine's ending instead (*propagou*,
*infetados*). Regular endings only (the same -ar/-er/-ir class, or the same
final vowel), written out because no maintained Python library conjugates
Spanish and Portuguese; where the endings differ, nothing is changed and the
usual layers follow.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .constraints import Constraint, missing

# Inflectional endings of Spanish and Portuguese, by the class of the dictionary form's ending.
_AR = ("ar", "o", "as", "a", "amos", "ais", "am", "an", "ei", "é", "ou", "ó", "aram", "aron", "ava", "avam",
       "aba", "aban", "ando", "ado", "ada", "ados", "adas", "ará", "arão", "arán", "aria", "ariam", "aría",
       "arían", "e", "em", "en", "es", "asse", "assem", "ase", "asen", "ara", "aran")
_ER_IR = ("er", "ir", "o", "es", "e", "emos", "imos", "em", "en", "eu", "iu", "ió", "eram", "iram", "ieron",
          "ia", "iam", "ía", "ían", "endo", "iendo", "indo", "ido", "ida", "idos", "idas", "erá", "irá", "erão",
          "irão", "erán", "irán", "a", "am", "an", "as")
ENDINGS = {"ar": _AR, "er": _ER_IR, "ir": _ER_IR, "o": ("o", "a", "os", "as"), "a": ("a", "as"), "e": ("e", "es")}
_MIN_STEM = 4


def _split(word: str) -> tuple[str, str] | None:
    """(stem, ending class) of a dictionary form: propagar -> (propag, ar), infetado -> (infetad, o)."""
    low = word.lower()
    for end in ("ar", "er", "ir", "o", "a", "e"):
        if low.endswith(end) and len(low) - len(end) >= _MIN_STEM:
            return word[: len(word) - len(end)], end
    return None


def _single(text: str) -> bool:
    return bool(text) and re.fullmatch(r"\w+", text) is not None


def inflected(text: str, term: str, verb: bool = False, taken: frozenset[str] = frozenset()) -> str | None:
    """A word of ``text`` that is ``term`` with one of its class's endings (propagou for propagar);
    for a ``verb``, also a word derived from it (propagação names what propagar does), unless
    that word is ``taken``: another term of the sentence (the noun's own propagação, TICO-19 2872
    "it may spread via feces ... while spread may be possible")."""
    split = _split(term) if _single(term) else None
    if split is None:
        return None
    stem, end = split
    for m in re.finditer(rf"\b{re.escape(stem)}(\w{{1,6}})\b", text, re.IGNORECASE):
        if m.group(1).lower() in ENDINGS[end]:
            return m.group(0)
        if verb and end in ("ar", "er", "ir") and m.group(0).lower() not in taken:
            return m.group(0)
    return None


_PARTICIPLE = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
_GERUND = {"ar": "ando", "er": "endo", "ir": "indo"}
# "estar" and a pronoun before a verb: Portuguese's progressive ("está se espalhando")
_ESTAR_PRONOUN = re.compile(r"\b(?:estou|est(?:á|ás|ão|amos|ava|avas|ávamos|avam|ive|eve|iveram|eja|ejam|ar|ando)"
                            r"|esteja|estejam)[\s-]+(?:se|me|te|nos|vos)\s+$", re.IGNORECASE)


def _fitting(before: str, ending: str, cls: str) -> str:
    """The engine's ``ending``, unless the words ``before`` it rule that form out. Bergamot
    en->pt wrote "como a doença está se espalhada" (TICO-19), a participle where "está se"
    wants the gerund; copied, it gave "está se propagada". After a form of "estar" and a
    pronoun the gerund is written instead ("está se propagando")."""
    if cls in _GERUND and ending.lower() in _PARTICIPLE and _ESTAR_PRONOUN.search(before):
        return _GERUND[cls]
    return ending


def transfer(text: str, rendering: str, term: str) -> tuple[str, str] | None:
    """``text`` with the engine's ``rendering`` of a term, in whatever form it took, replaced by
    ``term`` in that form (espalhar/espalhou + propagar -> propagou); and the word written."""
    if not (_single(rendering) and _single(term)):
        return None
    r, t = _split(rendering.lower().removesuffix("s") if rendering.lower().endswith(("os", "as", "es"))
                  else rendering.lower()), _split(term)
    if r is None or t is None or r[1] != t[1]:
        return None
    for m in re.finditer(rf"\b{re.escape(r[0])}(\w{{1,5}})\b", text, re.IGNORECASE):
        ending = m.group(1)
        if ending.lower() not in ENDINGS[r[1]]:
            continue
        word = t[0] + _fitting(text[: m.start()], ending, t[1])
        if m.group(0)[0].isupper():
            word = word[0].upper() + word[1:]
        return text[: m.start()] + word + text[m.end():], word
    return None


def accept_forms(text: str, constraints: list[Constraint]) -> list[Constraint]:
    """The constraints, each missing single-word term that ``text`` holds in another form of its
    class (propagou for propagar) accepting that form."""
    out = []
    gone = missing(text, constraints)
    for c in constraints:
        taken = frozenset(f.lower() for o in constraints if o.concept_id != c.concept_id for f in o.forms)
        word = (inflected(text, c.required.text, c.required.pos == "verb", taken)
                if c in gone and not c.required.case_sensitive else None)
        out.append(replace(c, forms=c.forms + (word,)) if word else c)
    return out


def repair(text: str, constraints: list[Constraint], renderings: dict[str, list[str]]) -> tuple[str, list[Constraint]]:
    """Re-inflect every missing single-word term from the engine's rendering of it; returns the text
    and the constraints, those repaired accepting the form written."""
    constraints = accept_forms(text, constraints)
    out = []
    for c in constraints:
        if c in missing(text, [c]) and not c.required.case_sensitive:
            for rendering in renderings.get(c.concept_id, []):
                done = transfer(text, rendering, c.required.text)
                if done:
                    text, word = done
                    c = replace(c, forms=c.forms + (word,))
                    break
        out.append(c)
    return text, out


def on_plain_output(indices, plain_of, constraints, allowed, alone_batch, avoid) -> dict:
    """For the segments ``indices`` whose plain translation missed a term: the re-inflected text
    where that satisfies every constraint, as {segment: (text, constraints)}. One call of
    ``alone_batch(terms)`` (the layers' fragment translation) renders the missing terms alone."""
    from .enforce import acceptable

    failing = {i: missing(plain_of[i][0].text, constraints[i]) for i in indices if plain_of[i]}
    terms = sorted({c.match.term.text for cs in failing.values() for c in cs if _single(c.required.text)})
    if not terms:
        return {}
    alone = dict(zip(terms, alone_batch(terms)))
    out = {}
    for i, cs in failing.items():
        renderings = {c.concept_id: [alone[c.match.term.text][0].text] for c in cs if alone.get(c.match.term.text)}
        text, fixed = repair(plain_of[i][0].text, constraints[i], renderings)
        if acceptable(text, fixed, avoid, allowed[i] | {f for c in fixed for f in c.forms}):
            out[i] = text, fixed
    return out
