"""Fragments (terms alone, clauses) sent to the engine length-capped and once per run's memo
(translate/fragments.py); sentences never capped. On the fake engine, then on the tests' synthetic
argos model, whose random weights run away on short inputs as the bench's trained model does."""

from __future__ import annotations

from fake_engine import ALL, FakeEngine

from glossator.glossary.model import Concept, Term
from glossator.translate import enforce, run
from glossator.translate.documents import Block, Document
from glossator.translate.engines.argos import MAX_DECODING_LENGTH, ArgosEngine
from glossator.translate.engines.base import LengthCap
from glossator.translate.fragments import FRAGMENT_CAP, FragmentMemo
from glossator.translate.pipeline import Enforcer, translate_document

BRI = "The Belt and Road Initiative provides a crucial framework."
MISRENDERED = {"Belt and Road Initiative": "Una Franja, Una Ruta"}  # deprecated in es: repair replaces it


def doc_of(*sentences: str, path: str = "test.txt") -> Document:
    return Document(path, [Block(s, n) for n, s in enumerate(sentences, 1)])


def alone(engine: FakeEngine, term: str) -> int:
    """Engine calls that carried ``term`` translated alone."""
    return sum(texts.count(term) for texts, *_ in engine.calls)


# -- the cap: fragments only ---------------------------------------------------------------------
def test_terms_alone_and_clauses_go_capped_and_sentences_never(seeded):
    engine = FakeEngine(drop=ALL, render=MISRENDERED)
    long = ", ".join(["The Belt and Road Initiative met its partners in many cities"] * 6) + "."
    assert len(enforce.split_long(long, [])) > 1
    translate_document(doc_of(BRI, long), "es", engine, Enforcer(seeded))
    capped = [texts for (texts, *_), cap in zip(engine.calls, engine.caps) if cap is not None]
    assert set(engine.caps) == {None, FRAGMENT_CAP}
    assert ["Belt and Road Initiative"] in capped  # the term alone (repair)
    assert any(len(texts) > 1 and all("XP0X" in t for t in texts) for texts in capped)  # the clauses
    assert not {BRI, long} & {t for texts in capped for t in texts}
    plain = {t for (texts, *_), cap in zip(engine.calls, engine.caps) if cap is None for t in texts}
    assert {BRI, long} <= plain  # the sentences themselves: uncapped


# -- the memo ----------------------------------------------------------------------------------
def test_a_term_missed_in_two_articles_of_a_run_goes_to_the_engine_alone_once(seeded, tmp_path):
    # CELAC, the Belt and Road Initiative...: the same term fails in many articles of one run
    paths = []
    for name, text in [("a.txt", BRI), ("b.txt", "Leaders praised the Belt and Road Initiative.")]:
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
        paths.append(tmp_path / name)
    engine = FakeEngine(drop=ALL, render=MISRENDERED)
    result = run.execute(run.plan(paths, ["es"], tmp_path / "locales", seeded), {"es": engine})
    assert all("Iniciativa de la Franja y la Ruta" in s.translation for r in result.reports for s in r.results)
    assert alone(engine, "Belt and Road Initiative") == 1


def test_a_term_reinflection_translated_alone_is_not_translated_again_by_repair(blank):
    # pt, a verb without gender: plain first; re-inflection looks the term up alone, fails (the fake
    # engine's marker makes it no single word), then repair needs the same rendering
    blank.write([Concept("spread", [Term("en", "spread", pos="verb"), Term("pt", "propagar", pos="verb")])])
    engine = FakeEngine(drop=ALL)
    [seg] = translate_document(doc_of("The disease has spread."), "pt", engine, Enforcer(blank)).segments
    assert seg.outcome.layer == "failed"
    assert alone(engine, "spread") == 1


def test_the_memo_is_bounded_and_keyed_by_engine_pair_and_text():
    engine, other = FakeEngine(), FakeEngine()
    memo = FragmentMemo(size=2)
    got = memo.translate(engine, ["a", "b", "a"], "en", "es")
    assert [h[0].text for h in got] == ["[es] a", "[es] b", "[es] a"]
    assert engine.calls == [(["a", "b"], "en", "es", 1)] and engine.caps == [FRAGMENT_CAP]
    memo.translate(engine, ["a", "b"], "en", "es")  # both kept: no call
    memo.translate(engine, ["a"], "en", "pt")  # another pair: sent, and "b" (least recently used) goes
    memo.translate(other, ["a"], "en", "es")  # another engine: sent
    assert len(memo) == 2 and len(engine.calls) == 2 and len(other.calls) == 1
    memo.translate(engine, ["b"], "en", "es")
    assert engine.calls[-1][0] == ["b"] and memo.hits == 3


# -- on CTranslate2 (the synthetic argos model) ------------------------------------------------
RUNAWAY = "peaceful development"  # a seed term this random model decodes to the 256-step limit alone


def pieces(pkg, text: str) -> int:
    return len(pkg.tokenizer.encode(text))


def test_argos_stops_a_capped_text_at_its_limit_and_never_past_ctranslate2s(argos_en_zh):
    engine = ArgosEngine()
    [[free]] = engine.translate_batch([RUNAWAY], "en", "zh")
    assert pieces(argos_en_zh, free.text) > 200  # a runaway, uncapped
    cap = LengthCap(3, 10)
    texts = [RUNAWAY, "Beijing", "The forum met in Beijing last week to discuss trade.", "peace"]
    together = engine.translate_batch(texts, "en", "zh", length_cap=cap)
    for text, hyps in zip(texts, together):  # one call per limit, results back in order
        assert hyps == engine.translate_batch([text], "en", "zh", length_cap=cap)[0]
        assert pieces(argos_en_zh, hyps[0].text) <= cap.limit(pieces(argos_en_zh, text)) + 1  # + target prefix
    # a cap beyond CTranslate2's own limit changes nothing: capped output is never longer
    [[wide]] = engine.translate_batch([RUNAWAY], "en", "zh", length_cap=LengthCap(1, 10 * MAX_DECODING_LENGTH))
    assert wide == free


def test_argos_repair_translates_a_runaway_term_alone_within_the_cap(argos_en_zh, seeded):
    sent: list[tuple[str, str]] = []

    class Recording(ArgosEngine):  # the real engine, its fragment calls written down
        def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
            out = super().translate_batch(texts, source, target, n_best, length_cap)
            sent.extend((t, h[0].text) for t, h in zip(texts, out) if length_cap is not None)
            return out

    translate_document(doc_of(f"China pursues {RUNAWAY}."), "zh", Recording(), Enforcer(seeded))
    [(_, rendering)] = [(t, r) for t, r in sent if t == RUNAWAY]
    limit = FRAGMENT_CAP.limit(pieces(argos_en_zh, RUNAWAY)) + 1
    assert pieces(argos_en_zh, rendering) <= limit < 200


# -- every engine wrapper passes the cap on ------------------------------------------------------
def test_a_route_passes_the_cap_to_every_leg(fake_engine):
    from glossator.translate.engines.select import EngineSet

    route = EngineSet().route("fake:en-pt+fake:pt-es")
    route.translate_batch(["forum"], "en", "es", length_cap=FRAGMENT_CAP)
    route.translate_batch(["The forum met."], "en", "es")
    assert fake_engine.caps == [FRAGMENT_CAP, FRAGMENT_CAP, None, None]


def test_a_plugin_written_before_the_cap_still_translates_fragments(seeded):
    from glossator.translate.engines import plugins

    class OldPlugin:  # a desk's engine whose translate_batch has no length_cap
        name = "old"

        def __init__(self):
            self.inner = FakeEngine(drop=ALL, render=MISRENDERED)

        def supports(self, source, target):
            return True

        def describe(self):
            return self.inner.describe()

        def translate_batch(self, texts, source, target, n_best=1):
            return self.inner.translate_batch(texts, source, target, n_best)

    plugins.register("old", OldPlugin)
    try:
        engine = plugins.make("old")
    finally:
        plugins.unregister("old")
    [seg] = translate_document(doc_of(BRI), "es", engine, Enforcer(seeded)).segments
    assert seg.outcome.layer == "repair" and "Iniciativa de la Franja y la Ruta" in seg.translation
    assert engine.inner.caps and set(engine.inner.caps) == {None}  # the plugin's own attribute, reached through
    assert plugins.taking_length_cap(engine.inner) is engine.inner  # one that takes it is not wrapped
