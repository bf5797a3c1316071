"""Every glossary term enforced, in layers, each verified before it is accepted.

1. **protect**: each matched term in the source is replaced by a placeholder
   (``XP0X``) that the engine carries through, and the approved target term
   is put in its place afterwards, with the article before it made to agree.
   Measured on the 108 seed segments with terms (207 term mentions), the
   placeholder came through Apertium en->es 207/207 and Bergamot en->pt
   201/207 times, against 191/207 and 150/207 for the target term written
   into the English source. The synthetic argos model, with random weights,
   keeps neither; a trained model is measured by bench/.
2. **n-best**: the best-scoring hypothesis that satisfies every constraint,
   from the protected run's n-best list, then from a plain run's.
3. **repair**: in the plain translation, the engine's own rendering of the
   term (found by translating the term alone, or from the glossary's other
   target renderings) is replaced by the approved term, and the article
   fixed (es/pt); deprecated and forbidden renderings are replaced too.
4. **failed**: the best output is kept, flagged for review, naming the
   missing terms.

Numbers of the source are checked in every output, and flagged when lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import gender
from .agreement import agree, capitalize_at_sentence_start
from .constraints import Constraint, missing, missing_numbers, occurrences, spaced, violations
from .protect import find, placeholder
from .results import Applied, Layer, Outcome
from .verb_agreement import agree_verb


@dataclass
class Slot:
    value: str                     # what the placeholder becomes
    constraint: Constraint | None  # None for verbatim text (URLs, code, HTML tags)
    glued: tuple[bool, bool] = (False, False)  # no space before / after it in the source


# what may follow a sentence's final stop: closing quotes and brackets
_CLOSERS = "\"'”’»)]」』）"


def _ends_sentence(text: str, end: int) -> bool:
    return end > 0 and text[end - 1] == "." and not text[end:].strip().strip(_CLOSERS)


def mask(text: str, constraints: list[Constraint], verbatim: list[tuple[int, int]]) -> tuple[str, list[Slot]]:
    # A term that ends in "." at the end of the sentence ("...Book Trading Corp.") shares
    # its stop with the sentence: the stop stays outside the placeholder, so that the
    # engine keeps it when the approved term has none.
    spans = [(c.match.start, c.match.end - _ends_sentence(text, c.match.end), Slot(c.value, c)) for c in constraints]
    spans += [(s, e, Slot(text[s:e], None)) for s, e in verbatim
              if not any(s < c.match.end and c.match.start < e for c in constraints)]
    spans.sort(key=lambda x: x[0])
    out: list[str] = []
    slots: list[Slot] = []
    pos = 0
    for s, e, slot in spans:
        if s < pos:
            continue
        out.append(text[pos:s])
        # A verbatim span written against a word ("<em>word</em>") gets spaces around its
        # placeholder, or "XP0Xword" would be one unknown token to the engine; unmask
        # takes the spaces out again.
        if slot.constraint is None:
            slot.glued = (s > 0 and _word(text[s - 1]), e < len(text) and _word(text[e]))
        elif s > 1 and text[s - 1] in ".!?" and text[s - 2].isalnum():
            # a term right after a stop with no space ("activity.Hand sanitizers", sentences run
            # together in TICO-19): Bergamot en->pt glued an article to it ("OXP0X"), which the
            # pivot route's Apertium then left in Portuguese; the space is the sentence's anyway
            out.append(" ")
        out.append(" " * slot.glued[0] + placeholder(len(slots)) + " " * slot.glued[1])
        slots.append(slot)
        pos = e
    out.append(text[pos:])
    return "".join(out), slots


def adapt_case(value: str, source_surface: str | None, case_sensitive: bool) -> str:
    """A sentence-case glossary entry ("Bronquitis aguda") used for a lower-case
    source mention ("acute bronchitis") is written in lower case: the capital
    belongs to the entry, not to the word. Case-sensitive terms, mentions that
    start with a capital, and entries with capitals inside are left alone."""
    if (case_sensitive or not source_surface or not source_surface[:1].islower() or not value[:1].isupper()
            or any(ch.isupper() for ch in value[1:])):
        return value
    return value[0].lower() + value[1:]


def insert(text: str, start: int, end: int, value: str, term, lang: str,
           source_surface: str | None = None) -> tuple[str, int]:
    """Put ``value`` at [start, end), fix the article before it; returns text and the value's end."""
    if term is not None:
        value = adapt_case(value, source_surface, term.case_sensitive)
    if _ends_sentence(text, end) and not value.endswith("."):
        end -= 1  # the rendering's stop is the sentence's too: keep it
    elif value.endswith(".") and text[end:end + 1] == ".":
        end += 1  # "XP0X." with a value that brings its own stop
    text = text[:start] + value + text[end:]
    if term is not None:
        tags = _TAGS_BEFORE.search(text, 0, start)
        if tags:  # "del <a href=…>Comunidad": the article agrees across the inline tags
            cut, at = agree(text[:tags.start()] + text[start:], tags.start(), lang, term.gender, term.number)
            text, start = cut[:at] + tags.group() + cut[at:], at + len(tags.group())
        else:
            text, start = agree(text, start, lang, term.gender, term.number)
    text = capitalize_at_sentence_start(text, start)
    return text, start + len(value)


_TAGS_BEFORE = re.compile(r"(?:</?[A-Za-z][^<>]*>)+$")


def unmask(translated: str, slots: list[Slot], lang: str) -> str | None:
    """Put the slots' values back; None if a placeholder is missing or doubled."""
    text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", translated)  # Apertium leaves "China  XP0X" after "’s"
    for i, slot in enumerate(slots):
        # no \b: a protected span right after a word ("[a link](url)") leaves "linkXP0X"
        found = find(text, i)
        if len(found) != 1:
            return None
        term = _agreeing(slot.constraint) if slot.constraint else None
        surface = slot.constraint.match.surface if slot.constraint else None
        start, end = found[0]
        if (not slot.glued[0] and start > 0 and text[start - 1].isalpha() and spaced(lang)
                and not re.search(r"XP\d+X?$", text[:start])):
            # the engine glued a word to a placeholder that stood apart in the source ("OXP0X",
            # Bergamot en->pt after "activity.XP0X"): the word is its own, the article usually
            text, start, end = text[:start] + " " + text[start:], start + 1, end + 1
        if slot.glued[1]:
            end += len(text[end:]) - len(text[end:].lstrip(" "))
        if slot.glued[0]:
            start -= len(text[:start]) - len(text[:start].rstrip(" "))
        text, value_end = insert(text, start, end, slot.value, term, lang, surface)
        if term is not None and term.number == "plural":
            # the engine conjugated for a placeholder, which reads as singular
            text = agree_verb(text, value_end - len(slot.value), value_end, lang, term.gender)
    return text


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def acceptable(text: str, constraints: list[Constraint], avoid, allowed: set[str]) -> bool:
    return not missing(text, constraints) and not violations(text, avoid, allowed)


def repair(text: str, constraints: list[Constraint], renderings: dict[str, list[str]], avoid, allowed: set[str],
           lang: str) -> tuple[str, list[Constraint]]:
    """Replace the engine's renderings by the approved terms; returns text and the constraints it fixed."""
    fixed = []
    taken: list[tuple[int, int]] = []
    for c in constraints:
        for form in c.forms:
            taken += occurrences(text, form, lang, c.required.case_sensitive)
    for c in missing(text, constraints):
        options = sorted({r for r in renderings.get(c.concept_id, []) if r and r not in c.forms},
                         key=len, reverse=True)
        for option in options:
            spans = [s for s in occurrences(text, option, lang)
                     if not any(s[0] < e and b < s[1] for b, e in taken)]
            if spans:
                start, end = spans[0]
                text, new_end = insert(text, start, end, c.value, _agreeing(c), lang, c.match.surface)
                shift = new_end - end
                taken = [(b + shift if b >= end else b, e + shift if e >= end else e) for b, e in taken]
                taken.append((new_end - len(c.value), new_end))
                fixed.append(c)
                break
    by_concept = {c.concept_id: c for c in constraints}
    for v in violations(text, avoid, allowed):
        owner = by_concept.get(v.concept_id)
        if owner is None:
            continue
        for s, e in occurrences(text, v.term.text, lang, v.term.case_sensitive):
            text, _ = insert(text, s, e, owner.value, _agreeing(owner), lang, owner.match.surface)
            fixed.append(owner)
            break
    return text, fixed


LONG_SEGMENT_WORDS = 40
CHUNK_WORDS = 25


def split_long(text: str, keep: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a long sentence at commas and semicolons outside ``keep`` spans,
    into pieces of about CHUNK_WORDS words.

    Small engines lose the thread on very long sentences: on the seed
    article 000 line 38 (a 100-word list of institutions) Bergamot repeats
    itself and drops the end, terms included. Translated clause by clause
    the same list comes out whole.
    """
    if len(text.split()) <= LONG_SEGMENT_WORDS:
        return [(0, len(text))]
    cuts = [m.end() for m in re.finditer(r"[,;]\s+", text)
            if not any(s <= m.start() < e for s, e in keep)]
    pieces, start, words = [], 0, 0
    last = 0
    for cut in cuts:
        words += len(text[last:cut].split())
        last = cut
        if words >= CHUNK_WORDS:
            pieces.append((start, cut))
            start, words = cut, 0
    pieces.append((start, len(text)))
    return pieces


def _agreeing(c: Constraint):
    """The term's grammar for article agreement, in the plural when the plural form is written,
    and with the gender its head noun's ending gives where the glossary gives none (gender.py)."""
    from dataclasses import replace

    term = c.required
    # a form other than the term's, case aside: "epidemia do COVID-19" for the list's "epidemia do
    # covid-19" is the text's capitals, not a plural ("As epidemia do COVID-19 apresentaram")
    if c.value.casefold() != term.text.casefold() and term.number != "plural":
        term = replace(term, number="plural")
    if term.gender is None and (guessed := gender.guess(term.text, term.lang)):
        term = replace(term, gender=guessed)
    return term


def applied(constraints: list[Constraint], layer: Layer) -> list[Applied]:
    return [{"concept": c.concept_id, "source": c.match.surface, "term": c.value, "layer": layer}
            for c in constraints]


def check_numbers(source: str, outcome: Outcome, term_spans: Sequence[tuple[int, int]] = ()) -> Outcome:
    """Flag numbers of the source that the output lost. Numbers inside glossary
    terms are left to the glossary: "14th Five-Year Plan" is "XIV Plan Quinquenal"."""
    for s, e in sorted(term_spans, reverse=True):
        source = source[:s] + " " + source[e:]
    lost = missing_numbers(source, outcome.text)
    if lost:
        outcome.flags.append("number missing: " + ", ".join(lost))
    return outcome
