"""Segments in, translated and term-enforced segments out.

Per document and target language: the segments (each once, as the caller
segmented them), the terms each mentions, the constraints those give, then
the enforcement layers (see ``layers`` and ``enforce``) with as few engine
calls as possible. ``glossary=False`` runs the same path without enforcing,
for comparisons.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from glossator.glossary.model import Concept

from . import constraints as cons
from . import enforce
from .documents import Document
from .engines.base import Engine
from .engines.checked import CheckedEngine
from .fragments import FragmentMemo
from .layers import Item, Layers, first_texts
from .matcher import Match, TermMatcher
from .results import DocumentResult, SegmentResult
from .segment import Segment, segment_document

if TYPE_CHECKING:
    from glossator.glossary.store import Glossary
    from glossator.glossary.variants import Variants

__all__ = ["DocumentResult", "Enforcer", "SegmentResult", "first_pass", "mentions", "translate_document",
           "translate_segments"]


class Enforcer:
    """Glossary data prepared once per run: matcher, concepts, avoid-lists per language."""

    def __init__(self, glossary: Glossary, variants: Variants | None = None):
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


def verbatim_spans(doc: Document, seg: Segment) -> list[tuple[int, int]]:
    """The segment's protected spans (tags, code, URLs, link destinations), in its own offsets."""
    block = doc.blocks[seg.block]
    return [(max(s, seg.start) - seg.start, min(e, seg.end) - seg.start)
            for s, e in block.protected if s < seg.end and seg.start < e]


def mentions(matcher: TermMatcher, seg: Segment, verbatim: list[tuple[int, int]] | None = None,
             doc: Document | None = None) -> list[Match]:
    """The terms a segment mentions. A term inside a protected span (an HTML tag,
    code, URL, link destination) is not a mention: it gets no constraint."""
    if verbatim is None:
        if doc is None:
            raise TypeError("mentions() needs the segment's verbatim spans or its document")
        verbatim = verbatim_spans(doc, seg)
    return [m for m in matcher.find(seg.text) if not any(a < m.end and m.start < b for a, b in verbatim)]


def translate_document(doc: Document, target: str, engine: Engine, enforcer: Enforcer, *,
                       source: str = "en", n_best: int = 4, glossary: bool = True,
                       protect: bool = True, fragments: FragmentMemo | None = None) -> DocumentResult:
    """Every segment of ``doc``; see :func:`translate_segments`."""
    return translate_segments(doc, segment_document(doc), target, engine, enforcer, source=source, n_best=n_best,
                              glossary=glossary, protect=protect, fragments=fragments)


def translate_segments(doc: Document, segments: Iterable[Segment], target: str, engine: Engine,
                       enforcer: Enforcer, *, source: str = "en", n_best: int = 4, glossary: bool = True,
                       protect: bool = True, fragments: FragmentMemo | None = None) -> DocumentResult:
    """Translate these segments of ``doc`` (all of them, or those a catalog still lacks).

    ``protect=False`` skips layer 1, to measure and test the later layers on their own.
    ``fragments``: the run's memo of terms and clauses translated alone (see ``fragments``);
    by default this document gets its own.
    """
    t0 = time.perf_counter()
    items = _items(doc, segments, target, enforcer)

    def locate(text: str) -> tuple[str | None, int | None]:
        """The first sentence a text sent to the engine came from (whole, masked, a clause or a term)."""
        for it in items:
            if text == it.masked or text in it.segment.text:
                return it.segment.path, it.segment.line
        return (items[0].segment.path, items[0].segment.line) if items else (doc.path, None)

    checked = CheckedEngine(engine, locate)
    layers = Layers(checked, source, target, enforcer.avoid(target), n_best,
                    fragments if fragments is not None else FragmentMemo())
    if glossary and protect:
        layers.protect(items)
    pending = [it for it in items if it.outcome is None]
    fresh = [it for it in pending if it.plain is None]
    layers.translate_plain(pending)
    if glossary and protect and fresh:
        layers.reprotect(fresh)
        pending = [it for it in pending if it.outcome is None]
    if glossary:
        layers.plain_layers(pending)
    else:
        for it in pending:
            it.outcome = layers.off(it)
    return DocumentResult(doc.path, source, target, checked.name, [_result(it) for it in items],
                          time.perf_counter() - t0, glossary)


def first_pass(doc: Document, segments: Iterable[Segment], target: str, enforcer: Enforcer, *,
               glossary: bool = True) -> list[str]:
    """The texts :func:`translate_segments` sends to the engine first for these segments (at its
    ``n_best``), so that a run can translate many articles' first passes in one call (see ``prefetch``)."""
    return first_texts(_items(doc, segments, target, enforcer), target, protect=glossary)


def _items(doc: Document, segments: Iterable[Segment], target: str, enforcer: Enforcer) -> list[Item]:
    """Each segment with its protected spans, the terms it mentions and the constraints they give."""
    items = []
    for seg in segments:
        verbatim = verbatim_spans(doc, seg)
        found = mentions(enforcer.matcher, seg, verbatim)
        items.append(Item(seg, verbatim, found, enforcer.constraints(found, target)))
    return items


def _result(item: Item) -> SegmentResult:
    """The item's outcome, with the numbers and protected spans it lost flagged."""
    seg = item.segment
    assert item.outcome is not None, "every layer run leaves an outcome"
    o = enforce.check_numbers(seg.text, item.outcome, [(m.start, m.end) for m in item.matches])
    lost = [seg.text[s:e] for s, e in item.verbatim if seg.text[s:e] not in o.text]
    if lost:
        o.flags.append("protected text altered: " + ", ".join(lost))
    return SegmentResult(seg, item.matches, o)
