"""The enforcement layers (see ``enforce``) run over a document's segments in batches.

Each segment travels as one :class:`Item` record: its matches, constraints,
masked text and the engine's plain n-best, and finally its outcome. A
:class:`Layers` run holds what every segment shares (engine, languages,
n-best, the target's avoid-list) and makes as few engine calls as possible:
one protected batch, a second one for the segments translated plainly first
that still miss a term, one plain batch for the rest, one batch of long
sentences clause by clause, one batch of terms translated alone. Those last two
are fragments (see ``fragments``): length-capped, and sent once per run's memo.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import constraints as cons
from . import enforce, reinflect
from .engines.base import Engine, Hypothesis
from .fragments import FragmentMemo
from .matcher import Match, TermMatcher
from .results import Layer, Outcome
from .segment import Segment


@dataclass
class Item:
    """One segment on its way through the layers."""

    segment: Segment
    verbatim: list[tuple[int, int]]  # protected spans (tags, code, URLs), offsets in the segment's text
    matches: list[Match]
    constraints: list[cons.Constraint]
    masked: str = ""  # the text sent with placeholders, once masked
    slots: list[enforce.Slot] = field(default_factory=list)
    plain: list[Hypothesis] | None = None  # the engine's n-best for the unmasked text
    outcome: Outcome | None = None
    also_allowed: frozenset[str] = frozenset()  # forms approved before a re-inflection changed the constraints

    @property
    def allowed(self) -> set[str]:
        """Approved texts, never taken for a deprecated rendering they contain."""
        return {f for c in self.constraints for f in c.forms} | self.also_allowed

    def mask(self, constraints: list[cons.Constraint]) -> str:
        self.masked, self.slots = enforce.mask(self.segment.text, constraints, self.verbatim)
        return self.masked


@dataclass
class Layers:
    engine: Engine
    source: str
    target: str
    avoid: TermMatcher
    n_best: int = 4
    memo: FragmentMemo = field(default_factory=FragmentMemo)  # the run's fragment translations

    def _batch(self, texts: list[str], n_best: int | None = None) -> list[list[Hypothesis]]:
        if not texts:  # nothing left for this layer: no engine call
            return []
        return self.engine.translate_batch(texts, self.source, self.target, n_best=n_best or self.n_best)

    def _fragments(self, texts: list[str], n_best: int = 1) -> list[list[Hypothesis]]:
        """Terms alone and clauses: capped, and each sent once per memo (see ``fragments``); none: no call."""
        return self.memo.translate(self.engine, texts, self.source, self.target, n_best)

    def _acceptable(self, text: str, item: Item) -> bool:
        return enforce.acceptable(text, item.constraints, self.avoid, item.allowed)

    # -- layers 1 and 2 ----------------------------------------------------
    def protect(self, items: list[Item]) -> None:
        """Layer 1, and layer 2 on its n-best.

        Where the glossary gives no gender for an es/pt term, a placeholder would
        cost the engine its article agreement ("um febre"), which Glossator then
        cannot repair: such segments go plain first, and are protected only if
        the engine missed a term.
        """
        plain_first = [_engine_first(it.constraints, self.target) for it in items]
        for it, first, hyps in zip(items, plain_first, self._batch(_first_texts(items, plain_first))):
            if first:
                it.plain = hyps
                it.outcome = self._accept_plain(it, hyps)
            else:
                it.outcome = self._accept_masked(it, hyps, Layer.PROTECT)
        second = [it for it, first in zip(items, plain_first) if first and it.outcome is None]
        second = self.reinflect(second)
        for it in second:  # protect only what the engine missed: a term it got right keeps its agreement
            failed = cons.missing(it.plain[0].text, it.constraints) if it.plain else it.constraints
            it.mask(failed or it.constraints)
        if second:
            for it, hyps in zip(second, self._batch([it.masked for it in second])):
                it.outcome = self._accept_masked(it, hyps, Layer.PROTECT)

    def reinflect(self, items: list[Item]) -> list[Item]:
        """Layer 3 before protecting: where the plain translation missed a term only by its form
        (a verb in dictionary form), give the glossary word the engine's own ending; returns the
        items still failing."""
        fixes = reinflect.on_plain_output(range(len(items)), {k: it.plain for k, it in enumerate(items)},
                                          [it.constraints for it in items], [it.allowed for it in items],
                                          self._fragments, self.avoid)
        for k, (text, fixed) in fixes.items():
            it = items[k]
            plain = it.plain or []
            it.also_allowed, it.constraints = frozenset(it.allowed), fixed
            it.outcome = Outcome(text, Layer.REPAIR, plain, enforce.applied(fixed, Layer.REPAIR),
                                 before=plain[0].text if plain and text != plain[0].text else None)
        return [it for it in items if it.outcome is None]

    def _accept_masked(self, item: Item, hyps: list[Hypothesis], first_layer: Layer) -> Outcome | None:
        for rank, h in enumerate(hyps):
            text = enforce.unmask(h.text, item.slots, self.target)
            if text is not None and self._acceptable(text, item):
                layer = Layer.NONE if not item.constraints else (first_layer if rank == 0 else Layer.N_BEST)
                return Outcome(text, layer, hyps, enforce.applied(item.constraints, layer))
        return None

    def _accept_plain(self, item: Item, hyps: list[Hypothesis]) -> Outcome | None:
        """Layer 2 on a plain (unprotected) run: the best hypothesis that satisfies every constraint."""
        for h in hyps:
            if self._acceptable(h.text, item):
                layer = Layer.N_BEST if item.constraints else Layer.NONE
                return Outcome(h.text, layer, hyps, enforce.applied(item.constraints, layer))
        return None

    def translate_plain(self, items: list[Item]) -> None:
        """The plain n-best of every item that has none yet, in one batch."""
        need = [it for it in items if it.plain is None]
        for it, hyps in zip(need, self._batch([it.segment.text for it in need])):
            it.plain = hyps

    def reprotect(self, items: list[Item]) -> None:
        """The engine dropped a placeholder of a fully masked sentence: protect only the terms its own
        plain translation lacks, so there are fewer to drop (seed 004 line 15 lost one of five).
        An acceptable plain hypothesis is taken as layer 2 here."""
        retry = []
        for it in items:
            if not it.plain:
                continue
            it.outcome = self._accept_plain(it, it.plain)
            if it.outcome is not None:
                continue
            failed = cons.missing(it.plain[0].text, it.constraints)
            if 0 < len(failed) < len(it.constraints):
                it.mask(failed)
                retry.append(it)
        if retry:
            for it, hyps in zip(retry, self._batch([it.masked for it in retry])):
                it.outcome = self._accept_masked(it, hyps, Layer.PROTECT)

    # -- without the glossary ------------------------------------------------
    @staticmethod
    def off(item: Item) -> Outcome:
        hyps = item.plain or []
        failures = [c.label() for c in cons.missing(hyps[0].text, item.constraints)] if hyps else []
        return Outcome(hyps[0].text if hyps else "", Layer.OFF, hyps, failures=failures)

    # -- layers 2 to 4 on the plain run ----------------------------------------
    def plain_layers(self, items: list[Item]) -> None:
        for it in items:  # layer 2 on the plain run's n-best
            it.outcome = self._accept_plain(it, it.plain or [])
        rest = self.by_clauses([it for it in items if it.outcome is None])
        if rest:
            self.repair(rest)

    def by_clauses(self, items: list[Item]) -> list[Item]:
        """Layer 3, first step: retranslate long failing sentences clause by clause, terms protected;
        returns the items still failing."""
        jobs: list[tuple[Item, list[list[enforce.Slot]]]] = []
        texts = []
        for it in items:
            text, cs = it.segment.text, it.constraints
            pieces = enforce.split_long(text, [(c.match.start, c.match.end) for c in cs])
            if len(pieces) < 2:
                continue
            parts = []
            for a, b in pieces:
                inside = [_shifted(c, a) for c in cs if a <= c.match.start and c.match.end <= b]
                masked, slots = enforce.mask(text[a:b], inside, [])
                parts.append(slots)
                texts.append(masked)
            jobs.append((it, parts))
        if not jobs:
            return items
        out = iter(self._fragments(texts))
        for it, parts in jobs:
            clauses = [enforce.unmask(next(out)[0].text, slots, self.target) for slots in parts]
            if any(p is None for p in clauses):
                continue
            text = " ".join(p.strip() for p in clauses if p is not None)
            if self._acceptable(text, it):
                plain = it.plain or []
                it.outcome = Outcome(text, Layer.REPAIR, plain, enforce.applied(it.constraints, Layer.REPAIR),
                                     flags=["translated clause by clause"], before=plain[0].text)
        return [it for it in items if it.outcome is None]

    def repair(self, items: list[Item]) -> None:
        """Layer 3: learn how the engine renders each term alone (one batch), replace those
        renderings by the approved terms; layer 4 for what is still wrong."""
        sources: dict[str, set[str]] = {}
        # enforce.repair looks up renderings only for the terms missing from the engine's text: a term the
        # engine already wrote as approved is not translated alone (one engine text saved per such term)
        missed = [cons.missing(it.plain[0].text if it.plain else "", it.constraints) for it in items]
        for failed in missed:
            for c in failed:
                en = c.concept.preferred(self.source)
                sources.setdefault(c.concept_id, set()).update({c.match.term.text} | ({en.text} if en else set()))
        unique = sorted({s for v in sources.values() for s in v})
        alone = dict(zip(unique, self._fragments(unique)))
        for it, failed in zip(items, missed):
            hyps = it.plain or []
            engine_text = hyps[0].text if hyps else ""
            renderings = {c.concept_id: [alone[s][0].text for s in sources[c.concept_id] if alone.get(s)] + [
                t.text for t in c.concept.terms if t.lang == c.required.lang and t.text != c.required.text]
                for c in failed}
            text, _ = enforce.repair(engine_text, it.constraints, renderings, self.avoid, it.allowed, self.target)
            still = cons.missing(text, it.constraints)
            bad = cons.violations(text, self.avoid, it.allowed)
            before = engine_text if text != engine_text else None
            if not still and not bad:
                it.outcome = Outcome(text, Layer.REPAIR, hyps, enforce.applied(it.constraints, Layer.REPAIR),
                                     before=before)
            else:
                ok = [c for c in it.constraints if c not in still]
                failures = [f"missing {c.label()}" for c in still] + [f"{v.term.status} rendering {v.surface!r}"
                                                                       for v in bad]
                it.outcome = Outcome(text, Layer.FAILED, hyps, enforce.applied(ok, Layer.REPAIR), failures,
                                     flags=["needs review: glossary constraint failed"], before=before)


def first_texts(items: list[Item], target: str, protect: bool = True) -> list[str]:
    """What a document's first engine call sends, at ``n_best``: with the glossary, what
    :meth:`Layers.protect` sends (each item masked, or plain where the engine goes first);
    without it (``protect=False``), what :meth:`Layers.translate_plain` sends, every plain text.
    A run translates these for many articles in one call (see ``prefetch``)."""
    if not protect:
        return [it.segment.text for it in items]
    return _first_texts(items, [_engine_first(it.constraints, target) for it in items])


def _first_texts(items: list[Item], plain_first: list[bool]) -> list[str]:
    """Every item masked (its masked text also locates an engine error), sent plain where ``plain_first``."""
    texts = []
    for it, first in zip(items, plain_first):
        masked = it.mask(it.constraints)
        texts.append(it.segment.text if first else masked)
    return texts


def _engine_first(constraints: list[cons.Constraint], target: str) -> bool:
    return bool(constraints) and target.split("-")[0] in ("es", "pt") and any(
        c.required.gender is None and not c.required.same_as_source
        # also where the engine only has to copy the term (COVID-19, SARS-CoV-2): a placeholder
        # costs it the context of the whole sentence for nothing
        and (c.required.kind == "full" or c.required.text.casefold() == c.match.term.text.casefold())
        for c in constraints)


def _shifted(c: cons.Constraint, offset: int) -> cons.Constraint:
    return replace(c, match=replace(c.match, start=c.match.start - offset, end=c.match.end - offset))
