"""Articles in, translated and term-enforced segments out.

Per document and target language: segment, find terms, build constraints,
then run the enforcement layers (see ``enforce``) with as few engine calls
as possible: one protected batch for the whole document, one plain batch
for the segments that still fail, one batch of terms translated alone for
the repairs. ``glossary=False`` runs the same path without enforcing, for
comparisons.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from glossator.glossary.model import Concept

from . import constraints as cons
from . import enforce, reinflect
from .documents import Document
from .engines.base import Engine
from .engines.checked import CheckedEngine
from .matcher import Match, TermMatcher
from .segment import Segment, segment_document


@dataclass
class SegmentResult:
    segment: Segment
    matches: list[Match]
    outcome: enforce.Outcome

    @property
    def translation(self) -> str:
        return self.outcome.text

    def to_dict(self, engine: str | None = None) -> dict:
        s, o = self.segment, self.outcome
        return {"index": s.index, "engine": engine, "reference": s.reference, "source": s.text,
                "translation": o.text, "layer": o.layer, "n_best": [h.to_dict() for h in o.hypotheses],
                "concepts": [m.to_dict() for m in self.matches], "applied": o.applied, "failures": o.failures,
                "flags": o.flags, "engine_text": o.before}


@dataclass
class DocumentResult:
    path: str
    source: str
    target: str
    engine: str
    segments: list[SegmentResult]
    seconds: float
    glossary: bool = True

    def to_dict(self) -> dict:
        return {"article": self.path, "source": self.source, "target": self.target, "engine": self.engine,
                "glossary": self.glossary, "seconds": round(self.seconds, 3),
                "segments": [s.to_dict(self.engine) for s in self.segments]}


class Enforcer:
    """Glossary data prepared once per run: matcher, concepts, avoid-lists per language."""

    def __init__(self, glossary, variants=None):
        """``variants``: the run's regional variant policy (default: the glossary's own)."""
        from glossator.glossary import variants as regional

        self.concepts: dict[str, Concept] = {c.id: c for c in glossary.concepts()}
        self.matcher = TermMatcher.from_glossary_concepts(self.concepts.values(), "en")
        self.variants = variants or regional.load(glossary)
        self._avoid: dict[str, TermMatcher] = {}

    def chain(self, target: str) -> list[str]:
        """The glossary languages whose terms ``target`` uses, best first (regional fallback included)."""
        return self.variants.chain(target)

    def constraints(self, matches: list[Match], target: str) -> list[cons.Constraint]:
        return cons.build(matches, self.concepts, target, self.chain(target))

    def avoid(self, target: str) -> TermMatcher:
        if target not in self._avoid:
            self._avoid[target] = cons.avoid_matcher(self.concepts, target, self.chain(target))
        return self._avoid[target]


def _verbatim_spans(doc: Document, seg: Segment) -> list[tuple[int, int]]:
    block = doc.blocks[seg.block]
    return [(max(s, seg.start) - seg.start, min(e, seg.end) - seg.start)
            for s, e in block.protected if s < seg.end and seg.start < e]


def mentions(matcher: TermMatcher, seg: Segment, verbatim: list[tuple[int, int]] | None = None,
             doc: Document | None = None) -> list[Match]:
    """The terms a segment mentions. A term inside a protected span (an HTML tag,
    code, URL, link destination) is not a mention: it gets no constraint."""
    if verbatim is None:
        verbatim = _verbatim_spans(doc, seg)
    return [m for m in matcher.find(seg.text) if not any(a < m.end and m.start < b for a, b in verbatim)]


def translate_document(doc: Document, target: str, engine: Engine, enforcer: Enforcer, *,
                       source: str = "en", n_best: int = 4, glossary: bool = True,
                       protect: bool = True, only: set[str] | None = None) -> DocumentResult:
    """``protect=False`` skips layer 1, to measure and test the later layers on their own;
    ``only`` limits the work to segments with these texts (what a catalog still lacks)."""
    t0 = time.perf_counter()
    segments = segment_document(doc)
    if only is not None:
        seen: set[str] = set()
        segments = [s for s in segments if s.text in only and not (s.text in seen or seen.add(s.text))]
    masked: dict[int, tuple] = {}

    def locate(text: str) -> tuple[str | None, int | None]:
        """The first sentence a text sent to the engine came from (whole, masked, a clause or a term)."""
        for i, s in enumerate(segments):
            if text == masked.get(i, ("",))[0] or text in s.text:
                return s.path, s.line
        return (segments[0].path, segments[0].line) if segments else (doc.path, None)

    engine = CheckedEngine(engine, locate)
    verbatim = [_verbatim_spans(doc, s) for s in segments]
    matches = [mentions(enforcer.matcher, s, vb) for s, vb in zip(segments, verbatim)]
    constraints = [enforcer.constraints(m, target) for m in matches]
    avoid = enforcer.avoid(target)
    allowed = [{f for c in cs for f in c.forms} for cs in constraints]
    outcomes: list[enforce.Outcome | None] = [None] * len(segments)

    def accept_masked(i, hyps, masked_i, first_layer):
        for rank, h in enumerate(hyps):
            text = enforce.unmask(h.text, masked_i[1], target)
            if text is not None and enforce.acceptable(text, constraints[i], avoid, allowed[i]):
                layer = "none" if not constraints[i] else (first_layer if rank == 0 else "n-best")
                outcomes[i] = enforce.Outcome(text, layer, hyps, enforce.applied(constraints[i], layer))
                return

    plain_of: dict[int, list] = {}
    if glossary and protect:
        # Where the glossary gives no gender for an es/pt term, a placeholder would
        # cost the engine its article agreement ("um febre"), which Glossator then
        # cannot repair: let the engine try first, and protect only if it fails.
        plain_first = {i for i, cs in enumerate(constraints) if _engine_first(cs, target)}
        masked.update((i, enforce.mask(s.text, cs, vb))
                      for i, (s, cs, vb) in enumerate(zip(segments, constraints, verbatim)))
        texts = [segments[i].text if i in plain_first else masked[i][0] for i in range(len(segments))]
        for i, hyps in enumerate(engine.translate_batch(texts, source, target, n_best=n_best)):
            if i in plain_first:
                plain_of[i] = hyps
                _accept_plain(i, hyps, constraints, avoid, allowed, outcomes)
            else:
                accept_masked(i, hyps, masked[i], "protect")
        second = [i for i in sorted(plain_first) if outcomes[i] is None]
        for i, (text, fixed) in reinflect.on_plain_output(second, plain_of, constraints, allowed, engine, source,
                                                          target, avoid).items():
            constraints[i], allowed[i] = fixed, allowed[i] | {f for c in fixed for f in c.forms}
            outcomes[i] = enforce.Outcome(text, "repair", plain_of[i], enforce.applied(fixed, "repair"),
                                          before=plain_of[i][0].text if text != plain_of[i][0].text else None)
        second = [i for i in second if outcomes[i] is None]
        for i in second:  # protect only what the engine missed: a term it got right keeps its agreement
            failed = cons.missing(plain_of[i][0].text, constraints[i]) if plain_of[i] else constraints[i]
            masked[i] = enforce.mask(segments[i].text, failed or constraints[i], verbatim[i])
        if second:
            again = engine.translate_batch([masked[i][0] for i in second], source, target, n_best=n_best)
            for i, hyps in zip(second, again):
                accept_masked(i, hyps, masked[i], "protect")

    pending = [i for i, o in enumerate(outcomes) if o is None]
    need_plain = [i for i in pending if i not in plain_of]
    plain_of.update(zip(need_plain, engine.translate_batch([segments[i].text for i in need_plain], source, target,
                                                           n_best=n_best)))
    if not glossary:
        for i in pending:
            hyps = plain_of[i]
            outcomes[i] = enforce.Outcome(hyps[0].text if hyps else "", "off", hyps,
                                          failures=[c.label() for c in cons.missing(hyps[0].text, constraints[i])]
                                          if hyps else [])
    else:
        _plain_layers(pending, plain_of, segments, constraints, engine, source, target, avoid, allowed, outcomes)

    results = []
    for i, seg in enumerate(segments):
        o = enforce.check_numbers(seg.text, outcomes[i], [(m.start, m.end) for m in matches[i]])
        lost = [seg.text[s:e] for s, e in verbatim[i] if seg.text[s:e] not in o.text]
        if lost:
            o.flags.append("protected text altered: " + ", ".join(lost))
        results.append(SegmentResult(seg, matches[i], o))
    return DocumentResult(doc.path, source, target, engine.name, results, time.perf_counter() - t0, glossary)


def _accept_plain(i, hyps, constraints, avoid, allowed, outcomes) -> bool:
    """Layer 2 on a plain (unprotected) run: take the best hypothesis that satisfies every constraint."""
    for h in hyps:
        if enforce.acceptable(h.text, constraints[i], avoid, allowed[i]):
            layer = "n-best" if constraints[i] else "none"
            outcomes[i] = enforce.Outcome(h.text, layer, hyps, enforce.applied(constraints[i], layer))
            return True
    return False


def _engine_first(constraints: list, target: str) -> bool:
    # Also where the engine only has to copy the term (COVID-19, SARS-CoV-2): a placeholder
    # costs it the context of the whole sentence for nothing.
    return bool(constraints) and target.split("-")[0] in ("es", "pt") and any(
        c.required.gender is None and not c.required.same_as_source
        and (c.required.kind.value == "full" or c.required.text.casefold() == c.match.term.text.casefold())
        for c in constraints)


def _plain_layers(pending, plain_of, segments, constraints, engine, source, target, avoid, allowed, outcomes):
    # layer 2 on the plain run's n-best
    need_repair = [i for i in pending if not _accept_plain(i, plain_of[i], constraints, avoid, allowed, outcomes)]
    need_repair = _chunked(need_repair, segments, constraints, engine, source, target, avoid, allowed, outcomes,
                           plain_of)
    if not need_repair:
        return
    # Layer 3: learn how the engine renders each term alone, in one batch.
    sources: dict[str, set[str]] = {}
    for i in need_repair:
        for c in constraints[i]:
            en = c.concept.preferred(source)
            sources.setdefault(c.concept_id, set()).update({c.match.term.text} | ({en.text} if en else set()))
    unique = sorted({s for v in sources.values() for s in v})
    alone = dict(zip(unique, engine.translate_batch(unique, source, target, n_best=1))) if unique else {}
    for i in need_repair:
        hyps = plain_of[i]
        engine_text = hyps[0].text if hyps else ""
        renderings = {}
        for c in constraints[i]:
            renderings[c.concept_id] = [alone[s][0].text for s in sources[c.concept_id] if alone.get(s)] + [
                t.text for t in c.concept.terms if t.lang == c.required.lang and t.text != c.required.text]
        text, fixed = enforce.repair(engine_text, constraints[i], renderings, avoid, allowed[i], target)
        still = cons.missing(text, constraints[i])
        bad = cons.violations(text, avoid, allowed[i])
        if not still and not bad:
            outcomes[i] = enforce.Outcome(text, "repair", hyps, enforce.applied(constraints[i], "repair"),
                                          before=engine_text if text != engine_text else None)
        else:
            ok = [c for c in constraints[i] if c not in still]
            failures = [f"missing {c.label()}" for c in still] + [f"{v.term.status} rendering {v.surface!r}"
                                                                   for v in bad]
            outcomes[i] = enforce.Outcome(text, "failed", hyps, enforce.applied(ok, "repair"), failures,
                                          flags=["needs review: glossary constraint failed"],
                                          before=engine_text if text != engine_text else None)


def _chunked(indices, segments, constraints, engine, source, target, avoid, allowed, outcomes, plain_of):
    """Layer 3, first step: retranslate long failing sentences clause by clause, terms protected."""
    jobs = []  # (segment, chunk slots)
    texts = []
    for i in indices:
        seg, cs = segments[i], constraints[i]
        pieces = enforce.split_long(seg.text, [(c.match.start, c.match.end) for c in cs])
        if len(pieces) < 2:
            continue
        parts = []
        for a, b in pieces:
            inside = [_shifted(c, a) for c in cs if a <= c.match.start and c.match.end <= b]
            masked, slots = enforce.mask(seg.text[a:b], inside, [])
            parts.append(slots)
            texts.append(masked)
        jobs.append((i, parts))
    if not jobs:
        return indices
    out = iter(engine.translate_batch(texts, source, target, n_best=1))
    rest = set(indices)
    for i, parts in jobs:
        pieces = [enforce.unmask(next(out)[0].text, slots, target) for slots in parts]
        if any(p is None for p in pieces):
            continue
        text = " ".join(p.strip() for p in pieces)
        if enforce.acceptable(text, constraints[i], avoid, allowed[i]):
            outcomes[i] = enforce.Outcome(text, "repair", plain_of[i], enforce.applied(constraints[i], "repair"),
                                          flags=["translated clause by clause"], before=plain_of[i][0].text)
            rest.discard(i)
    return [i for i in indices if i in rest]


def _shifted(c: cons.Constraint, offset: int) -> cons.Constraint:
    from dataclasses import replace

    return replace(c, match=replace(c.match, start=c.match.start - offset, end=c.match.end - offset))
