"""The same behaviour whatever translates: enforcement, PO writing and the translation memory,
parametrised over the local argos engine and a pool of two LibreTranslate servers (same package);
then the Engine protocol itself (order, n-best shape, empty input, placeholders) over every engine
and route installed here, the fake one (tests/fake_engine.py) included."""

from __future__ import annotations

import json
import os
import subprocess

import polib
import pytest
from conftest import SEED_ARTICLES, requires_bergamot, requires_libretranslate


@pytest.fixture(params=["argos", pytest.param("libretranslate", marks=[requires_libretranslate, pytest.mark.slow])])
def engine_args(request, argos_en_zh):
    if request.param == "argos":
        return ["--engine", "argos"]
    servers = request.getfixturevalue("libretranslate_pair")
    return ["--engine", "libretranslate", *[a for s in servers for a in ("--server", s.url)]]


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(SEED_ARTICLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    return path


def po_of(tmp_path, stem="story"):
    return tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / f"{stem}.po"


def run(cli, engine_args, *articles):
    r = cli("translate", *articles, "--to", "zh", "--json", *engine_args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_every_term_is_enforced_or_flagged(cli, engine_args, article):
    data = run(cli, engine_args, article)
    segs = data["results"]
    assert len(segs) == 20 and {s["engine"] for s in segs} == {engine_args[1]}
    assert any(s["concepts"] for s in segs)
    for s in segs:
        for applied in s["applied"]:
            assert applied["term"] in s["translation"]
        if s["layer"] == "failed":
            assert s["failures"] and any("needs review" in f for f in s["flags"])


def test_catalog_is_valid_and_complete(cli, engine_args, article, tmp_path):
    run(cli, engine_args, article)
    path = po_of(tmp_path)
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)
    po = polib.pofile(str(path))
    assert len(po) == 20 and all(e.msgstr and e.fuzzy for e in po)
    assert all(f"machine translation: {engine_args[1]}" in e.comment for e in po)


APPROVED = "七十多位专家出席了论坛。"


def translate_and_approve_one(cli, engine_args, article, tmp_path) -> tuple:
    """Translate the article, then approve a translator's text for its second entry, as in Poedit."""
    run(cli, engine_args, article)
    path = po_of(tmp_path)
    po = polib.pofile(str(path))
    po[1].msgstr, po[1].flags = APPROVED, []
    po.save(str(path))
    return path, po[1].msgid


def test_rerun_calls_no_engine_and_translator_edits_survive(cli, engine_args, article, tmp_path):
    path, approved = translate_and_approve_one(cli, engine_args, article, tmp_path)
    again = run(cli, engine_args, article)
    assert again["results"] == [] and again["catalogs"][0]["engine"] is None
    with article.open("a", encoding="utf-8") as f:
        f.write("The forum will meet again in Beijing next year.\n")
    third = run(cli, engine_args, article)
    assert [s["source"] for s in third["results"]] == ["The forum will meet again in Beijing next year."]
    kept = {e.msgid: e for e in polib.pofile(str(path))}[approved]
    assert kept.msgstr == APPROVED and not kept.fuzzy


def test_translation_memory_serves_approved_sentences(cli, engine_args, article, tmp_path):
    _, approved = translate_and_approve_one(cli, engine_args, article, tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(approved + "\nA sentence nobody has translated.\n", encoding="utf-8")
    data = run(cli, engine_args, other)
    assert [s["source"] for s in data["results"]] == ["A sentence nobody has translated."]
    reused = polib.pofile(str(po_of(tmp_path, "other")))[0]
    assert reused.msgstr == APPROVED and "translation memory" in reused.comment


# -- the Engine protocol itself, over every engine and route installed here ----------------------
# (name, pair, whether its placeholders survive: the synthetic argos model has random weights)
ENGINES = [
    pytest.param(("fake", ("en", "es"), True), id="fake"),
    pytest.param(("apertium", ("en", "es"), True), id="apertium", marks=pytest.mark.apertium),
    pytest.param(("bergamot", ("en", "pt"), True), id="bergamot", marks=requires_bergamot),
    pytest.param(("bergamot:en-pt+apertium:pt-es", ("en", "es"), True), id="route",
                 marks=[pytest.mark.apertium, requires_bergamot]),
    pytest.param(("argos", ("en", "zh"), False), id="argos-synthetic"),
    pytest.param(("libretranslate", ("en", "zh"), False), id="libretranslate",
                 marks=[requires_libretranslate, pytest.mark.slow]),
]
BATCH = ["The forum met in Beijing.", "China and Mexico should deepen cooperation.", "Trade rose 5% in 2024."]


@pytest.fixture(params=ENGINES)
def any_engine(request, fake_engine):
    from glossator.translate.engines.select import EngineSet

    spec, pair, keeps = request.param
    if spec == "argos":
        request.getfixturevalue("argos_en_zh")
    servers = [s.url for s in request.getfixturevalue("libretranslate_pair")] if spec == "libretranslate" else None
    engine = EngineSet(servers).route(spec)  # what the run uses: the engine inside a route
    assert engine.supports(*pair), f"{spec} cannot translate {pair} here"
    return engine, pair, keeps


def test_engine_answers_each_text_in_order_as_it_would_alone(any_engine):
    engine, (source, target), _ = any_engine
    together = engine.translate_batch(BATCH, source, target)
    alone = [engine.translate_batch([t], source, target)[0] for t in BATCH]
    assert [[h.text for h in hs] for hs in together] == [[h.text for h in hs] for hs in alone]
    assert all(hs and hs[0].text.strip() for hs in together)


def test_engine_n_best_is_one_list_per_text_best_first_at_most_n(any_engine):
    from glossator.translate.engines.base import Hypothesis

    engine, (source, target), _ = any_engine
    out = engine.translate_batch(BATCH, source, target, n_best=3)
    assert len(out) == len(BATCH)
    for hyps in out:
        assert 1 <= len(hyps) <= 3 and all(isinstance(h, Hypothesis) for h in hyps)
        assert len({h.text for h in hyps}) == len(hyps)  # no hypothesis twice
        scores = [h.score for h in hyps]
        assert all(s is None for s in scores) or scores == sorted(scores, reverse=True)
    assert [hs[0].text for hs in out] == [hs[0].text for hs in engine.translate_batch(BATCH, source, target)]


def test_engine_given_no_text_returns_no_list(any_engine):
    engine, (source, target), _ = any_engine
    assert engine.translate_batch([], source, target, n_best=3) == []


def test_engine_placeholders_round_trip_or_are_flagged(any_engine, seeded, tmp_path):
    """Placeholders for terms and verbatim text (here an e-mail and a URL) come back through
    the engine, each once, and the run puts back what they stand for; an engine that loses
    them (a model with random weights) gets the sentence flagged, never silently changed."""
    from glossator.translate.documents import read_document
    from glossator.translate.pipeline import Enforcer, translate_document

    engine, (source, target), keeps = any_engine
    masked = "Write to XP0X or visit XP1X for the XP2X report."
    [[best, *_]] = engine.translate_batch([masked], source, target, n_best=2)
    if keeps:
        assert [best.text.count(f"XP{i}X") for i in range(3)] == [1, 1, 1], best.text
    sentence = "Write to desk@example.org or visit https://example.org/celac for the CELAC report."
    (tmp_path / "t.md").write_text(sentence + "\n", encoding="utf-8")  # Markdown: e-mails and URLs are verbatim
    doc = read_document(tmp_path / "t.md")
    [seg] = translate_document(doc, target, engine, Enforcer(seeded), source=source).segments
    verbatim = ["desk@example.org", "https://example.org/celac"]
    kept = all(v in seg.translation for v in verbatim)
    assert kept or any(f.startswith("protected text altered") for f in seg.outcome.flags), seg.outcome.flags
    if keeps:
        assert kept and seg.outcome.layer in ("protect", "n-best") and not seg.outcome.failures, seg.translation
