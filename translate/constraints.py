"""What a translation must and must not contain, and checking it.

For every glossary concept matched in a source segment the target must
contain the approved term: the preferred term of the target language, or,
where the source used an abbreviation or short form and the glossary has
one in the target language too, that form ("NPC" -> es "APN", zh 全国人大,
rather than spelling out the full name each time; Chinese short forms stand
in for English abbreviations). A do-not-translate
concept with no target term keeps the source form verbatim. The concept's
deprecated and forbidden target renderings must not appear, and numbers in
the source must come through.

Chinese is checked by substring (no spaces); other languages on word
boundaries, case-insensitively unless the term is case-sensitive.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field

from glossator.glossary.model import Concept, Kind, Status, Term

from .matcher import Match, TermEntry, TermMatcher
from .inflect import plural
from .normalize import normalize

APPROVED = (Status.PREFERRED, Status.ADMITTED)
AVOID = (Status.DEPRECATED, Status.FORBIDDEN)


@dataclass
class Constraint:
    match: Match
    concept: Concept
    required: Term
    avoid: list[Term] = field(default_factory=list)
    forms: tuple[str, ...] = ()  # accepted spellings, the one to write first

    def __post_init__(self) -> None:
        if not self.forms:
            self.forms = (self.required.text,)

    @property
    def concept_id(self) -> str:
        return self.concept.id

    @property
    def value(self) -> str:
        """What to write: the approved term, in the plural where the source mention is plural."""
        return self.forms[0]

    def label(self) -> str:
        return f"{self.match.surface} → {self.value}"


def required_term(concept: Concept, match: Match, target: str, chain: list[str] | None = None) -> Term | None:
    """``chain``: the language tags the run's variant policy lets ``target`` use (see glossary.variants)."""
    preferred = concept.preferred(target, chain=chain)
    reduced = (Kind.ABBREVIATION, Kind.SHORT)
    source_kind = match.term.kind
    if source_kind in reduced and preferred is not None:
        # Same kind first; then the other reduced kind, since Chinese shortens
        # where English abbreviates (NPC -> 全国人大).
        options = [t for t in concept.terms if t.lang == preferred.lang and t.status in APPROVED
                   and t.kind in reduced]
        options.sort(key=lambda t: (t.kind != source_kind, t.status != Status.PREFERRED))
        if options:
            return options[0]
    if preferred is not None:
        return preferred
    if concept.do_not_translate:
        return Term(lang=target, text=match.surface, same_as_source=True)
    return None


def build(matches: list[Match], concepts: dict[str, Concept], target: str,
          chain: list[str] | None = None) -> list[Constraint]:
    out = []
    for m in matches:
        concept = concepts.get(m.concept_id)
        if concept is None:
            continue
        req = required_term(concept, m, target, chain)
        if req is None:
            continue
        lang = req.lang
        avoid = [t for t in concept.terms if t.lang == lang and t.status in AVOID]
        out.append(Constraint(m, concept, req, avoid, _forms(m, req, target)))
    return out


def _forms(m: Match, req: Term, target: str) -> tuple[str, ...]:
    forms: tuple[str, ...] = (req.text,)
    if (m.inflection == "plural" and req.number != "plural" and not req.case_sensitive
            and req.kind not in (Kind.ABBREVIATION,) and not req.same_as_source):
        many = plural(req.text, target)
        if many and many != req.text:
            forms = (many, req.text)
    cased = tuple(_as_written(f, m, req) for f in forms)
    return tuple(dict.fromkeys(cased + forms))


_TOKEN = re.compile(r"[\w-]+")


def _as_written(form: str, m: Match, req: Term) -> str:
    """``form`` with the words it shares with the source term in the case the text writes them:
    a glossary's "casos de covid-19" for "COVID-19 cases" is written "casos de COVID-19"."""
    if req.case_sensitive:
        return form
    # glossary spelling -> the text's, for the source term's words the text writes in another case
    written = {a: b for a, b in zip(_TOKEN.findall(m.term.text), _TOKEN.findall(m.surface))
               if a.casefold() == b.casefold() and a != b}
    return _TOKEN.sub(lambda t: written.get(t.group(), t.group()), form) if written else form


# Scripts that do not set words apart with spaces, and Korean, whose particles attach to the word
# before them: there a term's edges are not word boundaries.
_UNSPACED = frozenset({"zh", "yue", "ja", "ko", "th", "lo", "km", "my"})


def spaced(lang: str) -> bool:
    """Whether ``lang`` (a tag: zh-Hant, zh_CN...) writes a term's edges as word boundaries."""
    return re.split(r"[-_]", lang, maxsplit=1)[0].lower() not in _UNSPACED


def occurrences(text: str, term: str, lang: str, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Spans of ``term`` in ``text``, dash/apostrophe/space-insensitive."""
    lower = not case_sensitive
    hay, needle = normalize(text, lower), normalize(term.strip(), lower).text
    if not needle:
        return []
    spans = []
    start = hay.text.find(needle)
    while start >= 0:
        end = start + len(needle)
        left_ok = start == 0 or not (hay.text[start - 1].isalnum() and needle[0].isalnum())
        right_ok = end == len(hay.text) or not (hay.text[end].isalnum() and needle[-1].isalnum())
        if not spaced(lang) or (left_ok and right_ok):
            spans.append(hay.span(start, end))
        start = hay.text.find(needle, start + 1)
    return spans


def missing(text: str, constraints: list[Constraint]) -> list[Constraint]:
    """Constraints whose term (in any accepted form) is not in ``text`` as often as the source needs it."""
    def key(c):
        return c.required.lang, c.forms, c.required.case_sensitive

    need = Counter(key(c) for c in constraints)
    short = set()
    for k, n in need.items():
        spans = {s for form in k[1] for s in occurrences(text, form, k[0], k[2])}
        if len(spans) < n:
            short.add(k)
    return [c for c in constraints if key(c) in short]


def avoid_matcher(concepts: dict[str, Concept] | list[Concept], target: str,
                  chain: list[str] | None = None) -> TermMatcher:
    """A matcher for every deprecated or forbidden term of the target language: of its own chain,
    and of the one regional variant each concept's approved term comes from (with ``chain``), so
    that a term one region deprecates is never held against a concept that uses another's."""
    from glossator.glossary import langtags

    own = set(langtags.fallback_chain(target))
    items = concepts.values() if isinstance(concepts, dict) else concepts
    entries = []
    for c in items:
        used = c.preferred(target, chain=chain) if chain else None
        langs = own | {used.lang} if used is not None else own
        entries += [TermEntry(c.id, t.text, t.lang, t.status, t.kind, t.case_sensitive)
                    for t in c.terms if t.lang in langs and t.status in AVOID]
    return TermMatcher(entries)


def violations(text: str, avoid: TermMatcher, allowed: Set[str] = frozenset()) -> list[Match]:
    """Deprecated or forbidden renderings in ``text`` (approved texts in ``allowed`` excepted)."""
    return [m for m in avoid.find(text) if m.term.text not in allowed]


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _digits(token: str) -> str:
    return re.sub(r"[.,\s\u202f\u00a0]", "", token)


def missing_numbers(source: str, target: str) -> list[str]:
    """Numbers of the source not found in the target. Thousands separators and
    the decimal mark may change (518.4 -> 518,4; 17,000 -> 17.000 or 17 000)."""
    have = Counter(_digits(t) for t in _NUMBER.findall(_group_spaces(target)))
    lost = []
    for token in _NUMBER.findall(source):
        key = _digits(token)
        if have[key] > 0:
            have[key] -= 1
        else:
            lost.append(token)
    return lost


def _group_spaces(text: str) -> str:
    # "17 000" (thin or plain space as thousands separator) -> "17000"
    return re.sub(r"(?<=\d)[\s\u202f\u00a0](?=\d{3}\b)", "", text)
