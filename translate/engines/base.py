"""The engine interface: a batch of segments in, n-best hypotheses out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from glossator.errors import GlossatorError


class EngineUnavailable(GlossatorError):
    """An engine, or its model for a language pair, is not installed."""


class EngineFailed(GlossatorError):
    """An installed engine failed while translating."""


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float | None = None  # log-probability where the engine gives one
    route: str | None = None    # the route that produced it, where a route fell back per sentence
    unknown: tuple[str, ...] = ()  # source words the engine did not know (Apertium's marks)

    def to_dict(self) -> dict:
        return {"text": self.text, "score": self.score, **({"route": self.route} if self.route else {})}


class Engine(Protocol):
    name: str

    def supports(self, source: str, target: str) -> bool:
        """True when a model for the pair is installed and usable now."""

    def translate_batch(self, texts: list[str], source: str, target: str, n_best: int = 1) -> list[list[Hypothesis]]:
        """One list of hypotheses per input text, best first; at most ``n_best`` each."""

    def describe(self) -> dict:
        """What is installed: name, version, language pairs, n-best support."""
