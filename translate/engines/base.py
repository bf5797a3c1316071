"""The engine interface: a batch of segments in, n-best hypotheses out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

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


@dataclass
class EngineInfo:
    """What an engine or route can do here: every engine's ``describe()`` gives this one shape."""

    engine: str
    pairs: list[str]                 # "en->pt", installed and usable now
    n_best: bool
    install: str | None = None       # how to install it, where that is a command
    package_dir: str | None = None   # argos: where its packages live
    packages: list[dict[str, str]] | None = None  # argos: pair, version, path of each package
    servers: list[dict[str, Any]] | None = None   # libretranslate: each server's health

    def to_dict(self) -> dict[str, Any]:
        """As ``glossator engines --json`` has always printed it: the keys an engine has, in its
        order (a server pool always says how to install, null when servers are configured)."""
        out: dict[str, Any] = {"engine": self.engine, "pairs": self.pairs}
        if self.packages is not None:
            out["packages"] = self.packages
        out["n_best"] = self.n_best
        if self.package_dir is not None:
            out["package_dir"] = self.package_dir
        if self.servers is not None:
            out["servers"] = self.servers
        if self.servers is not None or self.install is not None:
            out["install"] = self.install
        return out


@dataclass(frozen=True)
class LengthCap:
    """A bound on how long a translation may run: at most ``ratio`` times the input's length
    plus ``extra``, counted in the engine's own units (an argos model's SentencePiece pieces).

    The enforcement layers pass one for the fragments they translate on their own (a term
    alone, a clause of a long sentence; see ``translate/fragments.py``), where a small model
    may run on to its decoding limit ("CICG" -> "CICCCCCC..."). Sentences are never capped:
    their output must stay the engine's own (argostranslate's, for an argos package).
    """

    ratio: float
    extra: int

    def limit(self, length: int) -> int:
        return int(self.ratio * length) + self.extra


class Engine(Protocol):
    """An engine may also say that a text's translation never depends on the other texts of the call
    (``neighbour_free``: a bool, or a method taking the pair); see :func:`neighbour_free`."""

    name: str

    def supports(self, source: str, target: str) -> bool:
        """True when a model for the pair is installed and usable now."""

    def translate_batch(self, texts: list[str], source: str, target: str, n_best: int = 1,
                        length_cap: LengthCap | None = None) -> list[list[Hypothesis]]:
        """One list of hypotheses per input text, best first; at most ``n_best`` each.

        A run sends the first pass of many articles in one call (``translate/prefetch.py``), but only
        to an engine that declares itself ``neighbour_free``: elsewhere an article's translation
        would depend on the other articles of the run.

        ``length_cap``: an engine that decodes step by step stops each text there (argos:
        CTranslate2's ``max_decoding_length``); an engine with no such setting (Apertium,
        Bergamot, LibreTranslate's API) ignores it, and a wrapper (a route, the output check,
        a plugin) passes it on to the engines it wraps."""

    def describe(self) -> EngineInfo:
        """What is installed: name, language pairs, n-best support, how to install."""


class EngineWrapper:
    """An engine around another one (the output check, a plugin adapter): the wrapped engine's name,
    pairs and description; a subclass writes its own ``translate_batch``."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.name = engine.name

    def supports(self, source: str, target: str) -> bool:
        return self.engine.supports(source, target)

    def describe(self) -> EngineInfo:
        return self.engine.describe()


def unwrapped(engine: Engine) -> Engine:
    """The engine under any :class:`EngineWrapper` (a document's output check, a plugin adapter)."""
    while isinstance(engine, EngineWrapper):
        engine = engine.engine
    return engine


def neighbour_free(engine: Engine, source: str, target: str) -> bool:
    """Whether ``engine`` translates each text of a call as it would alone (source -> target): its
    ``neighbour_free`` attribute, or method: the outermost wrapper's that declares one, else the
    engine's under them (a plugin built on :class:`EngineWrapper` may say otherwise). An engine that
    does not say (a desk's plugin) is taken not to be: its articles are sent one by one, as before
    runs grouped them."""
    declared = getattr(engine, "neighbour_free", None)
    while declared is None and isinstance(engine, EngineWrapper):  # the outermost that says, says it
        engine = engine.engine
        declared = getattr(engine, "neighbour_free", None)
    return bool(declared(source, target) if callable(declared) else declared)
