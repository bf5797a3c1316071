"""What the pipeline gives back: per segment, the enforcement outcome; per document, the segments.

``Layer`` says which enforcement layer (see ``enforce``) produced a segment's
text. It is a ``StrEnum``, so that it is written as its value in PO comments,
JSON and tables, and compares equal to that string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypedDict

from .engines.base import Hypothesis
from .matcher import Match
from .segment import Segment


class Layer(StrEnum):
    NONE = "none"        # no constraint: the engine's best hypothesis
    PROTECT = "protect"  # placeholders carried through, approved terms put back
    N_BEST = "n-best"    # the best hypothesis that satisfies every constraint
    REPAIR = "repair"    # the engine's rendering of a term replaced by the approved one
    FAILED = "failed"    # kept, flagged for review
    OFF = "off"          # --no-glossary: nothing enforced


class Applied(TypedDict):
    """A glossary term written into a translation, and the layer that wrote it (a dict in
    JSON, in the same shape)."""

    concept: str
    source: str  # the source mention
    term: str    # the approved target term written
    layer: Layer


@dataclass
class Outcome:
    text: str
    layer: Layer
    hypotheses: list[Hypothesis]
    applied: list[Applied] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    before: str | None = None  # the engine's text, when layer 3 changed it


@dataclass
class SegmentResult:
    segment: Segment
    matches: list[Match]
    outcome: Outcome

    @property
    def translation(self) -> str:
        return self.outcome.text

    def to_dict(self, engine: str | None = None) -> dict[str, Any]:
        s, o = self.segment, self.outcome
        return {"index": s.index, "engine": engine, "reference": s.reference, "source": s.text,
                "translation": o.text, "layer": o.layer, "n_best": [h.to_dict() for h in o.hypotheses],
                "concepts": [m.to_dict() for m in self.matches], "applied": o.applied,
                "failures": o.failures, "flags": o.flags, "engine_text": o.before}


@dataclass
class DocumentResult:
    path: str
    source: str
    target: str
    engine: str
    segments: list[SegmentResult]
    seconds: float
    glossary: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.path, "source": self.source, "target": self.target, "engine": self.engine,
                "glossary": self.glossary, "seconds": round(self.seconds, 3),
                "segments": [s.to_dict(self.engine) for s in self.segments]}
