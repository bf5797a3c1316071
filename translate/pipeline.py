"""Articles in, translated segments out: read, segment, match terms, translate.

One engine call per document and target language carries every segment of
the document, so batching engines (argos) see the whole article at once.
Enforcing the matched terms on the output is the next layer's job; this one
records the matches with their spans so that it can.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .documents import Document, read_document
from .engines.base import Hypothesis
from .engines.select import EngineSet
from .matcher import Match, TermMatcher
from .protect import mask
from .segment import Segment, segment_document


@dataclass
class SegmentResult:
    segment: Segment
    matches: list[Match]
    hypotheses: list[Hypothesis]
    protected: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def translation(self) -> str:
        return self.hypotheses[0].text if self.hypotheses else ""

    def to_dict(self, engine: str | None = None) -> dict:
        s = self.segment
        return {"index": s.index, "engine": engine, "reference": s.reference, "source": s.text, "translation": self.translation,
                "n_best": [h.to_dict() for h in self.hypotheses], "concepts": [m.to_dict() for m in self.matches],
                "protected": self.protected, "flags": self.flags}


@dataclass
class DocumentResult:
    path: str
    source: str
    target: str
    engine: str
    segments: list[SegmentResult]
    seconds: float

    def to_dict(self) -> dict:
        return {"article": self.path, "source": self.source, "target": self.target, "engine": self.engine,
                "seconds": round(self.seconds, 3), "segments": [s.to_dict(self.engine) for s in self.segments]}


def _protected_spans(doc: Document, seg: Segment) -> list[tuple[int, int]]:
    block = doc.blocks[seg.block]
    return [(max(s, seg.start) - seg.start, min(e, seg.end) - seg.start)
            for s, e in block.protected if s < seg.end and seg.start < e]


def translate_document(doc: Document, target: str, engines: EngineSet, matcher: TermMatcher, *,
                       engine: str = "auto", source: str = "en", n_best: int = 4) -> DocumentResult:
    t0 = time.perf_counter()
    segments = segment_document(doc)
    chosen = engines.choose(engine, source, target)
    masked = [mask(s.text, _protected_spans(doc, s)) for s in segments]
    batches = chosen.translate_batch([m.text for m in masked], source, target, n_best=n_best) if segments else []
    results = []
    retry: list[int] = []
    for i, (seg, m, hyps) in enumerate(zip(segments, masked, batches)):
        restored = [Hypothesis(r, h.score) for h in hyps if (r := m.restore(h.text)) is not None]
        if m.originals and not restored:
            retry.append(i)
        results.append(SegmentResult(seg, matcher.find(seg.text), restored or hyps, list(m.originals)))
    if retry:
        again = chosen.translate_batch([segments[i].text for i in retry], source, target, n_best=n_best)
        for i, hyps in zip(retry, again):
            results[i].hypotheses = hyps
            lost = [o for o in results[i].protected if o not in hyps[0].text]
            if lost:
                results[i].flags.append("protected text altered: " + ", ".join(lost))
    return DocumentResult(doc.path, source, target, chosen.name, results, time.perf_counter() - t0)


def translate_articles(paths, targets: list[str], matcher: TermMatcher, *, engine: str = "auto",
                       source: str = "en", n_best: int = 4,
                       progress: Callable[[str, str], None] | None = None) -> list[DocumentResult]:
    docs = [read_document(p) for p in paths]  # every input is checked before any work starts
    engines = EngineSet()
    out = []
    for target in targets:
        for doc in docs:
            if progress:
                progress(doc.path, target)
            out.append(translate_document(doc, target, engines, matcher, engine=engine, source=source,
                                          n_best=n_best))
    return out
