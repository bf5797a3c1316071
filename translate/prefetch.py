"""A run's first pass for many articles in one engine call.

Each article's first engine call sends every sentence it needs once: masked, or plain where the
engine goes first, and every plain text with the glossary off (``layers.first_texts``). Made one
article after the other, each such call ends waiting for its longest batch on one thread while the
other cores idle: raw CTranslate2 took 1.61 s for the 241 seed sentences in one call per article,
1.47 s in one call (bench/README.md, "Argos on a trained model"). So ``run.execute`` collects the
first-pass texts of consecutive articles of a target, up to :data:`GROUP_SENTENCES` (a group ends
after the article that reaches it, so that a run of 500 articles neither holds every translation
at once nor keeps its progress still), translates them in one call (:func:`translate_ahead`, each
text once), and gives each article's job a :class:`PrefetchedEngine`.

That engine answers a call from the group's results when every text of the call was translated
ahead with the same languages and n-best and no length cap, and passes any other call (retries of
what the engine missed, fragments, a job planned again after a translator's save) to the engine.
It sits under the output check that the pipeline wraps around each article's engine
(``engines/checked.py``), so an empty translation is refused with that article's file and line as
before; and it is an ``EngineWrapper``, so the fragment memo keys on the engine under it. If the
group's call fails, nothing is translated ahead: each article calls the engine itself, and the
error names that article (the output check locates an engine's failure).

Only an engine that declares itself ``neighbour_free`` (``engines.base.neighbour_free``) is called
so, because only there the output stays that of one run per article: argos's default (each
sentence decoded in a batch of its own), Bergamot (a call per sentence), LibreTranslate (the
server translates each text on its own), and a route of such engines. Apertium is not: its
pipeline carries state from one paragraph to the next, so a sentence can come out differently
with other text before it (after seed 004's last line, "Editor: Zhiyu Wang", 10 of seed 000's
first-pass sentences changed: "Attendees Comprometido" against "Comprometió" alone), and neither
are argos's shared batches (``GLOSSATOR_ARGOS_BATCHING=512:tokens``: a sentence's batch neighbours
decide the last bits of its scores), a route with word repair (``engines/route.py`` replaces a
leaked word it learnt from any text of the call wherever the word appears), or a plugin that does
not say. Their articles are translated one call each, as before runs grouped them, so an article's
draft never depends on which articles share its run (within an article, Apertium's state still
carries from one paragraph to the next, as it always has). The es route
``bergamot:en-pt+apertium:pt-es`` is therefore called per article: that costs 14% of an es run of
the seed articles against grouping them (bench/article_calls.py, Apertium's process starts); making
only its Bergamot leg in one call was built and measured, and gained nothing (1.04 of per-article
calls, within the noise), so it was taken out.
"""

from __future__ import annotations

from .engines.base import Engine, EngineWrapper, Hypothesis, LengthCap

GROUP_SENTENCES = 500  # first-pass texts translated in one call, at least (a group ends with an article)


class PrefetchedEngine(EngineWrapper):
    """``engine``, with the translations of some texts (at ``n_best``, ``source`` -> ``target``) known ahead."""

    def __init__(self, engine: Engine, source: str, target: str, n_best: int,
                 known: dict[str, list[Hypothesis]] | None = None):
        super().__init__(engine)
        self.pair, self.n_best = (source, target), n_best
        self.known = known or {}

    def translate_batch(self, texts: list[str], source: str, target: str, n_best: int = 1,
                        length_cap: LengthCap | None = None) -> list[list[Hypothesis]]:
        if (texts and length_cap is None and (source, target) == self.pair and n_best == self.n_best
                and all(t in self.known for t in texts)):
            return [list(self.known[t]) for t in texts]  # a list of its own: two articles may share a sentence
        return self.engine.translate_batch(texts, source, target, n_best=n_best, length_cap=length_cap)


def translate_ahead(engine: Engine, texts: list[str], source: str, target: str, n_best: int) -> PrefetchedEngine:
    """``engine`` with ``texts`` translated in one call, each once (only for an engine that is
    ``neighbour_free``). If that call fails, nothing is known ahead: each article's own call then
    fails again, and its error names the article (file and line)."""
    unique = list(dict.fromkeys(texts))
    known: dict[str, list[Hypothesis]] = {}
    if unique:
        try:
            known = dict(zip(unique, engine.translate_batch(unique, source, target, n_best=n_best), strict=True))
        except Exception:  # any failure, an engine plugin's too: the articles' own calls report it as before
            known = {}
    return PrefetchedEngine(engine, source, target, n_best, known)
