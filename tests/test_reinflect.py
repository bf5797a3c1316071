"""Glossary verbs and adjectives written in the form the sentence needs (es, pt), from the
engine's own word: "a doença já tem propagar" was the TICO-19 pt output before."""

from __future__ import annotations

import pytest
from conftest import requires_bergamot

from glossator.glossary.model import Concept, Term
from glossator.translate import reinflect
from glossator.translate.documents import Block, Document
from glossator.translate.pipeline import Enforcer, translate_document


@pytest.mark.parametrize("text, rendering, term, expected", [
    ("a doença já se espalhou pela China", "espalhar", "propagar", "a doença já se propagou pela China"),
    ("los virus se propagaron", "propagar", "diseminar", "los virus se diseminaron"),
    ("Espalhando o vírus", "espalhar", "propagar", "Propagando o vírus"),
    ("dos indivíduos infectados", "infectados", "infetado", "dos indivíduos infetados"),
    ("células infectadas", "infectado", "infetado", "células infetadas"),
    ("o vírus espalhou-se", "espalhar", "difundir", None),  # -ar and -ir endings differ: left alone
    ("a espalhamento", "espalhar", "propagar", None),  # not an inflection of the class
    ("a casa", "casa", "lar", None),  # stems too short to trust
])
def test_transfer_writes_the_term_with_the_engines_ending(text, rendering, term, expected):
    done = reinflect.transfer(text, rendering, term)
    assert (done[0] if done else None) == expected


def test_inflected_forms_and_a_verbs_derivations_are_accepted():
    assert reinflect.inflected("a epidemia se propagou", "propagar") == "propagou"
    assert reinflect.inflected("a propagação do vírus", "propagar") is None
    assert reinflect.inflected("a propagação do vírus", "propagar", verb=True) == "propagação"
    assert reinflect.inflected("casos confirmados", "casos confirmados") is None  # single words only


@requires_bergamot
def test_pt_verbs_and_participles_take_the_sentences_form(blank):
    from glossator.translate.engines.bergamot import BergamotEngine

    blank.write([Concept("spread", [Term("en", "spread", pos="verb"), Term("pt", "propagar", pos="verb")]),
                 Concept("infected", [Term("en", "infected"), Term("pt", "infetado")])])
    src = ["At the time of this report, the disease has already spread throughout China.",
           "Almost half (47.7%) of infected individuals were over 50 years old.",
           "These actions are effective to prevent the spread of the virus."]
    doc = Document("t", [Block(s, n, "unit") for n, s in enumerate(src, 1)])
    segs = translate_document(doc, "pt", BergamotEngine(), Enforcer(blank)).segments
    texts = [s.translation for s in segs]
    assert "se propagou" in texts[0] and "propagar" not in texts[0], texts[0]
    assert "indivíduos infetados" in texts[1], texts[1]
    assert "o propagar" not in texts[2] and "propaga" in texts[2], texts[2]
    assert all(s.outcome.layer == "repair" for s in segs[:2])
