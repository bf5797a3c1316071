"""Every engine, for real: Apertium and Bergamot where installed (CI installs
them), argos on a CTranslate2 package that the tests build themselves."""

from __future__ import annotations

import pytest
from conftest import requires_apertium, requires_bergamot

from glossator.translate.engines import argos
from glossator.translate.engines.apertium import ApertiumEngine
from glossator.translate.engines.base import EngineUnavailable
from glossator.translate.engines.bergamot import BergamotEngine
from glossator.translate.engines.select import EngineSet, ranking

SENTENCES = [
    "The Belt and Road Initiative provides a crucial framework.",
    "China and Mexico should deepen cooperation.",
    "The forum was held in Beijing on May 13.",
]


@requires_apertium
def test_apertium_translates_a_batch_in_one_process():
    out = ApertiumEngine().translate_batch(SENTENCES, "en", "es")
    assert len(out) == 3 and all(len(h) == 1 and h[0].score is None for h in out)
    assert "México" in out[1][0].text and "13" in out[2][0].text
    assert "*" not in " ".join(h[0].text for h in out)  # unknown-word marks are off


requires_apertium_pt_es = pytest.mark.skipif(not ApertiumEngine().supports("pt", "es"), reason="needs apertium-es-pt")


@requires_apertium_pt_es
def test_an_unknown_word_mark_inside_a_glued_word_never_reaches_the_translation():
    """Apertium's tokeniser cuts a word glued to the previous sentence ("adequada.muitos") after a
    known prefix and marks the rest: "adequada.mu*itos". The pivot route's second leg runs with
    marks on; the star leaked into TICO-19 outputs ("Covid-19.mi*sconcepções")."""
    [[h]] = ApertiumEngine().translate_batch(["Instruções para a auto-isolação adequada.muitos governos."],
                                             "pt", "es")
    assert "*" not in h.text and "muitos" in h.text
    assert "muitos" in h.unknown  # reported whole, so that the route's fallback sees a leaked word


@requires_apertium_pt_es
def test_a_star_in_one_text_leaves_the_other_texts_of_its_batch_their_unknown_word_marks():
    """A text with a star of its own goes without marks, in an apertium run of its own. It used to turn
    the marks off for its whole batch: a sentence's leaked words went unreported (so a route did not
    fall back) depending on the sentences batched with it, and a run batches many articles together."""
    engine = ApertiumEngine()
    glued = "Instruções para a auto-isolação adequada.muitos governos."
    [alone] = engine.translate_batch([glued], "pt", "es")
    starred, beside = engine.translate_batch(["O índice subiu 5 * 3 pontos.", glued], "pt", "es")
    assert beside == alone and "muitos" in beside[0].unknown
    assert "5 * 3" in starred[0].text and not starred[0].unknown


@requires_apertium
def test_apertium_keeps_segments_apart_even_with_newlines_inside():
    out = ApertiumEngine().translate_batch(["First line\nstill first.", "Second."], "en", "es")
    assert [[h.text for h in hs] for hs in out] == [["Primera línea todavía primero."], ["Segundo."]]


@requires_apertium
def test_apertium_batch_gives_what_one_call_per_segment_gives():
    """Short segments without final punctuation (table cells, headings) were chunked across
    the line breaks of one batch: "Country", "Trade data" came out as "Dato", "de Comercio del país"."""
    texts = ["Country", "Trade data", "Notes", "Mexico", "The forum met in Beijing."]
    engine = ApertiumEngine()
    batch = [h[0].text for h in engine.translate_batch(texts, "en", "es")]
    assert batch == [engine.translate_batch([t], "en", "es")[0][0].text for t in texts]


@requires_apertium
def test_apertium_unknown_pair_names_what_is_installed():
    with pytest.raises(EngineUnavailable, match="no apertium pair for en->zh") as err:
        ApertiumEngine().translate_batch(["x"], "en", "zh")
    assert "apt-get install" in err.value.hint


@requires_apertium
def test_apertium_es_to_pt():
    [[h]] = ApertiumEngine().translate_batch(["La Iniciativa de la Franja y la Ruta."], "es", "pt")
    assert "Iniciativa" in h.text


@requires_bergamot
def test_bergamot_calls_the_native_model_not_the_no_to_nao_wrapper():
    [[h]] = BergamotEngine().translate_batch(["The meeting in Mexico ended."], "en", "pt")
    assert "no México" in h.text and "não México" not in h.text


@requires_bergamot
def test_bergamot_refuses_european_portuguese():
    assert BergamotEngine().supports("en", "pt-BR")
    assert not BergamotEngine().supports("en", "pt-PT")


def test_argos_missing_pair_names_the_install_command(no_argos_packages):
    with pytest.raises(EngineUnavailable, match="no argos package for en->zh") as err:
        argos.ArgosEngine().translate_batch(["x"], "en", "zh")
    assert "glossator engines install en zh" in err.value.hint


def test_argos_installs_and_translates_with_n_best(argos_en_zh):
    assert argos_en_zh.from_code == "en" and argos_en_zh.to_code == "zh"
    engine = argos.ArgosEngine()
    assert engine.supports("en", "zh") and engine.supports("en", "zh-Hans") and not engine.supports("en", "zh-Hant")
    out = engine.translate_batch(SENTENCES, "en", "zh", n_best=3)
    assert [len(h) for h in out] == [3, 3, 3]
    for hyps in out:
        scores = [h.score for h in hyps]
        assert scores == sorted(scores, reverse=True)
        assert len({h.text for h in hyps}) == 3


def test_argos_sentence_translation_does_not_depend_on_its_batch(argos_en_zh):
    """A whole article's sentences in one call give what each gives alone (contract; the tiny
    model is too small for padding to move its scores: see the realistic test below)."""
    from conftest import SEED_ARTICLES
    from glossator.translate.segment import split_sentences

    paragraphs = [line.strip() for line in SEED_ARTICLES[4].read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = [p[s:e] for p in paragraphs for s, e in split_sentences(p)] + SENTENCES
    engine = argos.ArgosEngine()
    batch = engine.translate_batch(sentences, "en", "zh", n_best=2)
    single = [engine.translate_batch([s], "en", "zh", n_best=2)[0] for s in sentences]
    assert [[(h.text, h.score) for h in hs] for hs in batch] == \
        [[(h.text, h.score) for h in hs] for hs in single]


def test_argos_length_sorted_batches_give_each_sentence_what_it_gets_alone(argos_en_zh):
    """The batching bench/argos_speed.py compares (``batching=(1024, "tokens")``, length-sorted
    shared batches) against the default, one sentence per batch: same text per sentence, and the
    same score but for the last bits (padding in a shared batch changes float sums; this is why a
    near-tied beam can flip on other text, and why one sentence per batch stays the default)."""
    from conftest import SEED_ARTICLES
    from glossator.translate.segment import split_sentences

    lines = [line.strip() for line in SEED_ARTICLES[4].read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = [p[s:e] for p in lines for s, e in split_sentences(p)]
    shared = argos.ArgosEngine(batching=(1024, "tokens")).translate_batch(sentences, "en", "zh", n_best=1)
    alone = argos.ArgosEngine().translate_batch(sentences, "en", "zh", n_best=1)
    assert [h[0].text for h in shared] == [h[0].text for h in alone]
    assert [h[0].score for h in shared] == pytest.approx([h[0].score for h in alone], abs=1e-4)


def test_argos_engine_looks_its_package_up_once_per_pair(argos_en_zh, monkeypatch):
    """argos builds a new Package, and SentencePiece loads its model again, on every lookup;
    a document makes one engine call per enforcement layer (28 lookups for the seed articles)."""
    looked_up = []
    real = argos.find_package
    monkeypatch.setattr(argos, "find_package", lambda s, t: looked_up.append((s, t)) or real(s, t))
    engine = argos.ArgosEngine()
    for _ in range(3):
        [hyps] = engine.translate_batch(["The forum met in Beijing."], "en", "zh")
        assert hyps[0].text
    assert looked_up == [("en", "zh")]


def test_argos_batching_comes_from_the_environment_and_a_bad_value_is_refused(argos_en_zh, monkeypatch, cli, tmp_path):
    monkeypatch.setenv(argos.BATCHING_VARIABLE, "512:tokens")
    assert argos.ArgosEngine()._batching == (512, "tokens")
    [hyps] = argos.ArgosEngine().translate_batch(["The CELAC forum met in Beijing."], "en", "zh")
    assert hyps[0].text
    monkeypatch.setenv(argos.BATCHING_VARIABLE, "sentence")
    assert argos.ArgosEngine()._batching == (1, "examples")
    monkeypatch.setenv(argos.BATCHING_VARIABLE, "fast")
    article = tmp_path / "a.txt"
    article.write_text("The CELAC forum met in Beijing.\n", encoding="utf-8")
    result = cli("translate", str(article), "--to", "zh", "--engine", "argos", "--out", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert "GLOSSATOR_ARGOS_BATCHING='fast' is not a batching setting" in result.output
    assert "512:tokens" in result.output and "Traceback" not in result.output
    assert not list((tmp_path / "out").glob("**/*.po"))


@pytest.mark.slow
def test_argos_scores_are_bit_identical_alone_and_in_a_batch(argos_en_ja_realistic):
    """Seed 004's short lines, batched with each other, got scores a few ULPs off their
    scores alone on the realistic model, and one of them a different translation in a
    whole-article batch (bench/README.md). Every sentence is decoded in a batch of its own."""
    short = ["Wang Yi:", "Richer Cooperation Outcomes", "We must uphold multilateralism.",
             "Editor: Zhiyu Wang", "Closer Multilateral Cooperation"]
    engine = argos.ArgosEngine()
    batch = engine.translate_batch(short, "en", "ja", n_best=1)
    single = [engine.translate_batch([s], "en", "ja", n_best=1)[0] for s in short]
    assert [(h[0].text, h[0].score) for h in batch] == [(h[0].text, h[0].score) for h in single]


def test_auto_picks_the_best_measured_route_installed_here(argos_en_zh):
    es = EngineSet()
    assert es.choose("auto", "en", "zh").name == "argos"  # not measured: the direct engines' order
    best = {t: rows[0]["route"] for t, rows in ranking().items() if rows}
    if BergamotEngine._available():
        assert es.choose("auto", "en", "pt").name == best["pt"] == "bergamot:en-pt"
    if BergamotEngine._available() and ApertiumEngine().supports("pt", "es"):
        assert es.choose("auto", "en", "es-419").name == best["es"] == "bergamot:en-pt+apertium:pt-es"
    with pytest.raises(EngineUnavailable, match="bad engine or route 'deepl'"):
        es.choose("deepl", "en", "es")


def test_argos_install_refuses_a_file_that_is_not_a_package(argos_dir, tmp_path):
    bad = tmp_path / "x.argosmodel"
    bad.write_text("not a zip")
    with pytest.raises(EngineUnavailable, match="not an .argosmodel"):
        argos.install_from_file(bad)


@pytest.mark.slow
def test_glossator_argos_output_equals_argostranslate(argos_en_zh):
    """Same package, same beam settings: argostranslate.translate gives the same n-best.

    Both on their default compute type: argos-translate-lt leaves "auto" out, so CTranslate2
    decodes in the model's stored float32, and so must Glossator (passing "auto" picked int8
    here and changed the n-best).

    argos splits paragraphs with MiniSBD, whose models it downloads on first
    use, which cannot happen here. It is given one sentence at a time and its
    sentencizer is replaced by an identity split, so that both sides
    translate exactly the same units.
    """
    import argostranslate.translate as at

    class OneSentence:
        def split_sentences(self, text):
            return [text]

    translation = at.PackageTranslation(at.Language("en", "English"), at.Language("zh", "Chinese"), argos_en_zh)
    translation.sentencizer = OneSentence()
    from conftest import SEED_ARTICLES

    sentences = [s for line in SEED_ARTICLES[2].read_text(encoding="utf-8").splitlines() if line.strip()
                 for s in [line.strip()]][:6] + SENTENCES
    ours = argos.ArgosEngine().translate_batch(sentences, "en", "zh", n_best=4)
    for sentence, mine in zip(sentences, ours):
        theirs = translation.hypotheses(sentence, num_hypotheses=4)
        assert [h.text for h in mine] == [h.value for h in theirs]
        assert [round(h.score, 4) for h in mine] == [round(h.score, 4) for h in theirs]


@requires_apertium
def test_apertium_never_moves_words_between_segments():
    # seed 004 lines 10-11: a heading without a final stop, then a sentence; in
    # one line-per-segment batch the heading came out as "Países de Resultados"
    heading, sentence = "Richer Cooperation Outcomes", "Countries in the region have broadly supported it."
    engine = ApertiumEngine()
    batch = [h[0].text for h in engine.translate_batch([heading, sentence, "SAN FRANCISCO", "It rained."], "en", "es")]
    alone = [engine.translate_batch([t], "en", "es")[0][0].text
             for t in (heading, sentence, "SAN FRANCISCO", "It rained.")]
    assert batch == alone
    assert batch[0].startswith("Resultados") and batch[1].startswith("Países")


@requires_apertium
def test_apertium_keeps_empty_segments_in_place():
    out = ApertiumEngine().translate_batch(["Good morning.", "", "Thank you."], "en", "es")
    assert [h[0].text for h in out][1] == "" and out[2][0].text.startswith("Gracias")
