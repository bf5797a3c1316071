"""A run's first pass for many articles in one engine call (translate/prefetch.py): on the tests'
synthetic argos model (CTranslate2) the catalogs are those of one run per article, one call reaches
the engine for the articles' first pass, and a failure is still reported per article."""

from __future__ import annotations

import shutil

import polib
import pytest
from conftest import SEED_ARTICLES, requires_apertium, requires_bergamot
from fake_engine import FakeEngine

from glossator.translate import prefetch, run
from glossator.translate.engines.argos import ArgosEngine
from glossator.translate.engines.base import EngineFailed
from glossator.translate.engines.checked import EmptyTranslation
from glossator.translate.po.paths import catalog_path

SEEDS = [SEED_ARTICLES[k] for k in (2, 1, 3)]  # 7, 19 and 32 lines


class Counting(ArgosEngine):
    """The real argos engine, every call that reaches it written down (texts, length cap)."""

    def __init__(self):
        super().__init__()
        self.calls: list[tuple[list[str], object]] = []

    def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
        self.calls.append((list(texts), length_cap))
        return super().translate_batch(texts, source, target, n_best, length_cap)


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    return [shutil.copy(p, folder / f"{k}.txt") for k, p in enumerate(SEEDS)]


def catalogs(result: run.RunResult) -> dict[str, list[tuple]]:
    """Every catalog's entries and every segment's outcome, by article."""
    out = {}
    for r in result.reports:
        po = polib.pofile(str(r.path))
        out[r.path.name] = ([(e.msgctxt, e.msgid, e.msgstr, sorted(e.flags), e.tcomment) for e in po],
                            [(s.segment.text, s.translation, s.outcome.layer, s.outcome.failures)
                             for s in r.results])
    return out


def sentences(result: run.RunResult) -> int:
    return sum(len(r.results) for r in result.reports)


@pytest.mark.parametrize("glossary", [False, True], ids=["glossary-off", "glossary-on"])
def test_a_run_of_several_articles_writes_what_one_run_per_article_writes(argos_en_zh, articles, tmp_path,
                                                                          seeded, glossary):
    engine = Counting()
    together = run.execute(run.plan(articles, ["zh"], tmp_path / "all", seeded), {"zh": engine}, glossary=glossary)
    first = engine.calls[0][0]
    assert engine.calls[0][1] is None and len(first) == sentences(together)  # every article's first pass
    assert all(t not in first for texts, _ in engine.calls[1:] for t in texts)  # none sent again
    alone: dict[str, list[tuple]] = {}
    for k, path in enumerate(articles):
        alone |= catalogs(run.execute(run.plan([path], ["zh"], tmp_path / f"one{k}", seeded), {"zh": Counting()},
                                      glossary=glossary))
    assert catalogs(together) == alone and len(alone) == 3


def test_the_first_pass_of_a_runs_articles_is_one_call_to_the_engine(argos_en_zh, articles, tmp_path, seeded):
    engine = Counting()
    steps: list[run.Step] = []
    result = run.execute(run.plan(articles, ["zh"], tmp_path / "locales", seeded), {"zh": engine},
                         glossary=False, progress=steps.append)
    [(texts, cap)] = engine.calls  # glossary off: the first pass is all there is
    assert cap is None and texts == [s.segment.text for r in result.reports for s in r.results]
    assert [(len(s.jobs), s.sentences) for s in steps] == [(3, len(texts)), (1, None), (1, None), (1, None)]
    assert str(steps[0]) == f"argos: {len(texts)} sentences of 3 article(s) -> zh"
    assert str(steps[1]) == f"argos: {articles[0]} -> zh"


def test_a_group_ends_with_the_article_that_fills_it(argos_en_zh, articles, tmp_path, seeded, monkeypatch):
    monkeypatch.setattr(prefetch, "GROUP_SENTENCES", 21)  # 0.txt has 20: it shares its group with 1.txt
    engine = Counting()
    steps: list[run.Step] = []
    result = run.execute(run.plan(articles, ["zh"], tmp_path / "locales", seeded), {"zh": engine},
                         glossary=False, progress=steps.append)
    per_article = [len(r.results) for r in result.reports]
    assert per_article[0] < 21 <= per_article[0] + per_article[1]
    assert [len(texts) for texts, _ in engine.calls] == [per_article[0] + per_article[1], per_article[2]]
    assert [(len(s.jobs), s.sentences) for s in steps] == [
        (2, per_article[0] + per_article[1]), (1, None), (1, None), (1, per_article[2]), (1, None)]


def test_when_the_group_call_fails_each_article_calls_the_engine_and_the_error_names_its_file(articles, tmp_path,
                                                                                            seeded):
    broken = SEEDS[1].read_text(encoding="utf-8").split("\n")[3].split(".")[0]  # a sentence of 1.txt
    engine = FakeEngine(fail=broken)
    out = tmp_path / "locales"
    with pytest.raises(EngineFailed, match="broke on a text") as err:
        run.execute(run.plan(articles, ["es"], out, seeded), {"es": engine}, glossary=False)
    assert err.value.path == str(articles[1])
    assert [len({a.name for a in articles if any(t in a.read_text() for t in texts)}) for texts, *_ in engine.calls
            ] == [3, 1, 1]  # the group's call, then 0.txt's (written) and 1.txt's (failed) own calls
    assert catalog_path(out, "es", "0").exists() and not catalog_path(out, "es", "1").exists()


def test_an_empty_translation_answered_ahead_is_refused_with_its_articles_file_and_line(articles, tmp_path,
                                                                                      seeded):
    line = 4
    empty = SEEDS[1].read_text(encoding="utf-8").split("\n")[line - 1].split(".")[0]
    engine = FakeEngine(empty=empty)
    with pytest.raises(EmptyTranslation) as err:
        run.execute(run.plan(articles, ["es"], tmp_path / "locales", seeded), {"es": engine}, glossary=False)
    assert (err.value.path, err.value.line) == (str(articles[1]), line)
    assert len(engine.calls) == 1  # answered ahead, checked per article


@requires_apertium
def test_apertium_gives_a_run_of_several_articles_what_it_gives_each_alone(articles, tmp_path, seeded):
    """Apertium is not neighbour-free (its pipeline carries state across paragraphs: see the next
    test), so a run sends it each article's texts in calls of their own."""
    from glossator.translate.engines.apertium import ApertiumEngine

    together = run.execute(run.plan(articles, ["es"], tmp_path / "all", seeded), {"es": ApertiumEngine()})
    alone: dict[str, list[tuple]] = {}
    for k, path in enumerate(articles):
        alone |= catalogs(run.execute(run.plan([path], ["es"], tmp_path / f"one{k}", seeded),
                                      {"es": ApertiumEngine()}))
    assert catalogs(together) == alone


@requires_apertium
def test_an_articles_spanish_from_apertium_does_not_depend_on_the_article_run_before_it(tmp_path, seeded):
    """Apertium's pipeline carries state from one paragraph to the next: sent after seed 004 (which ends
    "Editor: Zhiyu Wang"), 10 of seed 000's first-pass sentences come out differently ("Attendees
    Comprometido en discusiones" against "Comprometió" alone). So Apertium's articles are not
    translated in one call: each article's Spanish is what a run of that article alone gives."""
    from glossator.translate.engines.apertium import ApertiumEngine

    folder = tmp_path / "articles"
    folder.mkdir()
    before, after = (shutil.copy(SEED_ARTICLES[k], folder / f"{n}.txt") for n, k in enumerate((4, 0)))
    together = run.execute(run.plan([before, after], ["es"], tmp_path / "all", seeded), {"es": ApertiumEngine()})
    alone = run.execute(run.plan([after], ["es"], tmp_path / "one", seeded), {"es": ApertiumEngine()})
    assert catalogs(together)["1.po"] == catalogs(alone)["1.po"]


def test_which_engines_may_take_many_articles_in_one_call(argos_en_zh):
    from glossator.translate.engines.apertium import ApertiumEngine
    from glossator.translate.engines.base import neighbour_free
    from glossator.translate.engines.checked import CheckedEngine
    from glossator.translate.engines.plugins import taking_length_cap
    from glossator.translate.engines.select import EngineSet

    engines = EngineSet()

    class Undeclared:  # a desk's plugin that says nothing
        name = "inhouse"

        def translate_batch(self, texts, source, target, n_best=1):
            return [[] for _ in texts]

    assert neighbour_free(CheckedEngine(ArgosEngine()), "en", "zh")  # under any wrapper
    assert not neighbour_free(ArgosEngine(batching=(512, "tokens")), "en", "zh")
    assert not neighbour_free(ApertiumEngine(), "en", "es")
    assert not neighbour_free(taking_length_cap(Undeclared()), "en", "es")
    assert neighbour_free(engines.route("bergamot"), "en", "pt")
    assert not neighbour_free(engines.route("bergamot:en-pt+apertium:pt-es"), "en", "es")
    assert neighbour_free(engines.route("argos:en-zh+bergamot:zh-pt"), "en", "pt")  # every leg is
    assert not neighbour_free(engines.route("argos:en-zh+bergamot:zh-pt", repair="bergamot"), "en", "pt")
    assert not neighbour_free(engines.route("argos:en-zh+bergamot:zh-pt", fallback="apertium"), "en", "pt")
    assert neighbour_free(engines.route("argos:en-zh+bergamot:zh-pt", fallback="bergamot"), "en", "pt")


def test_with_shared_argos_batches_each_article_gets_its_own_calls(argos_en_zh, articles, tmp_path, seeded):
    class SharedBatches(Counting):
        def __init__(self):
            super().__init__()
            self._batching = (512, "tokens")

    engine = SharedBatches()
    steps: list[run.Step] = []
    result = run.execute(run.plan(articles, ["zh"], tmp_path / "locales", seeded), {"zh": engine},
                         glossary=False, progress=steps.append)
    assert [len(texts) for texts, _ in engine.calls] == [len(r.results) for r in result.reports]
    assert all(s.sentences is None for s in steps)  # no group step: one article at a time


@requires_apertium
@requires_bergamot
def test_a_route_through_apertium_is_called_per_article_and_writes_what_each_article_alone_gets(tmp_path, seeded):
    """es by Bergamot (en->pt, neighbour-free) and Apertium (pt->es, not): the route is not
    neighbour-free, so neither leg gets a call for both articles, and each catalog is what a run of
    its article alone writes."""
    from glossator.translate.engines.apertium import ApertiumEngine
    from glossator.translate.engines.bergamot import BergamotEngine
    from glossator.translate.engines.route import Route, parse
    from glossator.translate.engines.select import NAMES

    class Recorded:
        def __init__(self, engine):
            self.engine, self.name, self.calls = engine, engine.name, []
            self.neighbour_free = engine.neighbour_free

        def supports(self, source, target):
            return self.engine.supports(source, target)

        def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
            self.calls.append(list(texts))
            return self.engine.translate_batch(texts, source, target, n_best, length_cap)

    def route():
        legs = {"bergamot": Recorded(BergamotEngine()), "apertium": Recorded(ApertiumEngine())}
        return Route(parse("bergamot:en-pt+apertium:pt-es", NAMES), legs), legs

    folder = tmp_path / "articles"
    folder.mkdir()
    paths = [shutil.copy(SEED_ARTICLES[k], folder / f"{n}.txt") for n, k in enumerate((4, 0))]
    alone: dict[str, list[tuple]] = {}
    first_calls = []  # each article's first call to each leg, in a run of its own
    for k, path in enumerate(paths):
        one, legs = route()
        alone |= catalogs(run.execute(run.plan([path], ["es"], tmp_path / f"one{k}", seeded), {"es": one}))
        first_calls.append((legs["bergamot"].calls[0], legs["apertium"].calls[0]))
    both, legs = route()
    together = run.execute(run.plan(paths, ["es"], tmp_path / "all", seeded), {"es": both})
    assert catalogs(together) == alone
    for leg, (first0, first1) in zip(("bergamot", "apertium"), zip(*first_calls)):
        assert first0 in legs[leg].calls and first1 in legs[leg].calls  # each article's own first call



@requires_apertium
def test_an_engine_that_is_not_neighbour_free_gets_each_articles_fragments_as_a_run_of_it_alone_sends_them(
        tmp_path, seeded):
    """The run's fragment memo (terms and clauses translated alone, translate/fragments.py) is a channel
    between articles too: with Apertium, whose output for a text can change with the texts before it in
    the call ("People's Daily" comes out "Personas' Diarios" after "APEC Economic Leaders' Meeting",
    "Personas Diarios" alone), an article's fragment call must not depend on which articles ran before
    it. Seeds 000 and 003 both translate "LAC" alone: run together, 003's is answered from 000's call."""
    from glossator.translate.engines.apertium import ApertiumEngine

    class Fragments(ApertiumEngine):
        def __init__(self):
            super().__init__()
            self.fragments: list[list[str]] = []

        def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
            if length_cap is not None:
                self.fragments.append(list(texts))
            return super().translate_batch(texts, source, target, n_best, length_cap)

    folder = tmp_path / "articles"
    folder.mkdir()
    paths = [shutil.copy(SEED_ARTICLES[k], folder / f"{n}.txt") for n, k in enumerate((0, 3))]
    alone = []
    for k, path in enumerate(paths):
        engine = Fragments()
        run.execute(run.plan([path], ["es"], tmp_path / f"one{k}", seeded), {"es": engine})
        alone += engine.fragments
    engine = Fragments()
    run.execute(run.plan(paths, ["es"], tmp_path / "all", seeded), {"es": engine})
    assert alone and engine.fragments == alone


def test_a_wrapper_that_says_whether_it_is_neighbour_free_is_believed_over_the_engine_it_wraps(argos_en_zh):
    """A desk's plugin built on EngineWrapper (engines/base.py) that joins its texts before calling argos
    says ``neighbour_free = False``: its own word counts, not that of the argos engine under it."""
    from glossator.translate.engines.apertium import ApertiumEngine
    from glossator.translate.engines.base import EngineWrapper, neighbour_free
    from glossator.translate.engines.checked import CheckedEngine

    class Joining(EngineWrapper):
        neighbour_free = False

    class OneProcessPerText(EngineWrapper):
        neighbour_free = True

    assert not neighbour_free(Joining(ArgosEngine()), "en", "zh")
    assert not neighbour_free(CheckedEngine(Joining(ArgosEngine())), "en", "zh")
    assert neighbour_free(CheckedEngine(OneProcessPerText(ApertiumEngine())), "en", "es")
    assert neighbour_free(CheckedEngine(ArgosEngine()), "en", "zh")  # a wrapper that does not say: the engine's word
