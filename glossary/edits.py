"""Edits to one concept, applied to a copy; the store validates and writes it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from glossator.errors import GlossaryIntegrityError

from . import langtags
from .model import Concept, Kind, Status, Term

Pair = tuple[str, str]


@dataclass
class ConceptEdit:
    domain: str | None = None
    definition: str | None = None
    source: str | None = None
    do_not_translate: bool | None = None
    prefer: list[Pair] = field(default_factory=list)
    add: list[Pair] = field(default_factory=list)
    deprecate: list[Pair] = field(default_factory=list)
    forbid: list[Pair] = field(default_factory=list)
    drop: list[Pair] = field(default_factory=list)
    new_term: dict = field(default_factory=dict)


def _find(terms: list[Term], pair: Pair, concept_id: str) -> int:
    lang, text = langtags.normalize(pair[0]), pair[1]
    for i, t in enumerate(terms):
        if t.lang == lang and t.text == text:
            return i
    raise GlossaryIntegrityError(f"concept {concept_id!r} has no {lang} term {text!r}",
                                 hint=f"'glossator glossary show {concept_id}' lists its terms")


def apply_edit(concept: Concept, edit: ConceptEdit) -> Concept:
    terms = list(concept.terms)
    for pair in edit.drop:
        terms.pop(_find(terms, pair, concept.id))
    for lang, text in edit.add:
        terms.append(Term(lang=lang, text=text, **{k: v for k, v in edit.new_term.items() if v is not None}))
    for pairs, status in ((edit.deprecate, Status.DEPRECATED), (edit.forbid, Status.FORBIDDEN)):
        for pair in pairs:
            i = _find(terms, pair, concept.id)
            terms[i] = replace(terms[i], status=status)
    for lang, text in edit.prefer:
        lang = langtags.normalize(lang)
        terms = [replace(t, status=Status.ADMITTED) if t.lang == lang and t.status == Status.PREFERRED else t
                 for t in terms]
        try:
            i = _find(terms, (lang, text), concept.id)
            terms[i] = replace(terms[i], status=Status.PREFERRED)
        except GlossaryIntegrityError:
            terms.append(Term(lang=lang, text=text, status=Status.PREFERRED, kind=Kind.FULL))
    return replace(
        concept,
        terms=terms,
        domain=concept.domain if edit.domain is None else edit.domain,
        definition=concept.definition if edit.definition is None else edit.definition,
        source=concept.source if edit.source is None else edit.source,
        do_not_translate=concept.do_not_translate if edit.do_not_translate is None else edit.do_not_translate,
    ).validate()
