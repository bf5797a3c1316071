"""How a term is written into the sentence: in the text's case where the glossary's is only
casual, and left to the engine where the engine only has to copy it (TICO-19, Google pt-BR)."""

from __future__ import annotations

import pytest
from conftest import requires_bergamot

from glossator.glossary import exchange
from glossator.translate.documents import Block, Document
from glossator.translate.pipeline import Enforcer, translate_document


@pytest.fixture
def tico_pt(blank, tico_dir):
    exchange.import_file(blank, tico_dir / "g_en_pt-BR.csv")
    return Enforcer(blank)


def test_a_casual_lower_case_term_takes_the_texts_capitals(tico_pt):
    # the list has "covid-19 cases" -> "casos de covid-19"; the text and the references write COVID-19
    [c] = tico_pt.constraints(tico_pt.matcher.find("There were 12 COVID-19 cases."), "pt-BR")
    assert c.value == "casos de COVID-19" and "casos de covid-19" in c.forms
    [c] = tico_pt.constraints(tico_pt.matcher.find("There were 12 covid-19 cases."), "pt-BR")
    assert c.forms == ("casos de covid-19",)
    [c] = tico_pt.constraints(tico_pt.matcher.find("The WHO said so."), "pt-BR")
    assert c.value == "OMS"  # a case-sensitive term is written as the glossary has it


@requires_bergamot
def test_a_term_the_engine_only_copies_is_not_masked(tico_pt):
    # Masked, "COVID-19" cost Bergamot its context: "a COVID-19 ... pacientes" came out
    # "o COVID-19 ... doentes" (European Portuguese), against the reference's "a COVID-19".
    from glossator.translate.engines.bergamot import BergamotEngine

    src = "As a new disease, COVID-19 has just begun to manifest its full clinical course over thousands of patients."
    doc = Document("t", [Block(src, 1, "unit")])
    on, off = (translate_document(doc, "pt-BR", BergamotEngine(), tico_pt, glossary=g).segments[0]
               for g in (True, False))
    assert on.outcome.layer in ("none", "n-best") and on.translation == off.translation
    assert "a COVID-19" in on.translation, on.translation
