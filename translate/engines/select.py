"""Choosing an engine or route per target language, ``--engine auto`` included.

``auto`` takes, in order: LibreTranslate servers where the user configured
some that offer the pair (a pool is what they set up to scale out); the best
route for the target in ``route_ranking.json`` (measured on TICO-19 by
``bench/routes_quality.py``) that is installed here; then a direct engine
(argos, bergamot, apertium); then a pivot through another language, for a
pair no engine serves directly (zh->es through en).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from importlib import resources

from glossator.glossary import langtags

from .apertium import ApertiumEngine
from .argos import ArgosEngine, install_command
from . import plugins
from .base import Engine, EngineUnavailable
from .bergamot import BergamotEngine
from .route import Leg, Route, parse

NAMES = ("libretranslate", "argos", "bergamot", "apertium")
# Direct engines, best first, for pairs the ranking does not cover: a local
# argos model, then the Bergamot model (neural, but tiny), then Apertium's rules.
AUTO_ORDER = NAMES
PIVOTS = ("en", "pt", "es")


def all_names() -> tuple[str, ...]:
    """The built-in engines, then the plugins (see ``plugins``), which ``auto`` never picks."""
    return NAMES + tuple(n for n in plugins.names() if n not in NAMES)


def make(name: str, servers: list[str] | None = None, api_key: str | None = None) -> Engine:
    if name == "libretranslate":
        from .libretranslate import LibreTranslateEngine

        return LibreTranslateEngine(servers, api_key)
    local: dict[str, Callable[[], Engine]] = {"argos": ArgosEngine, "bergamot": BergamotEngine,
                                              "apertium": ApertiumEngine}
    builtin = local.get(name)
    return builtin() if builtin else plugins.make(name)


@lru_cache(maxsize=1)
def ranking() -> dict[str, list[dict[str, Any]]]:
    """{target language: [{"route", "chrF", "BLEU", ...}, best first]} as measured by bench/routes_quality.py."""
    text = resources.files("glossator.translate.engines").joinpath("route_ranking.json").read_text(encoding="utf-8")
    targets: dict[str, list[dict[str, Any]]] = json.loads(text)["targets"]
    return targets


class _Engines(dict[str, Engine]):
    """Engines by name, created on first use."""

    def __init__(self, servers: list[str] | None, api_key: str | None):
        super().__init__()
        self._args = servers, api_key

    def __missing__(self, name: str) -> Engine:
        self[name] = make(name, *self._args)
        return self[name]


class EngineSet:
    """Engines created once per run and shared across documents."""

    def __init__(self, servers: list[str] | None = None, api_key: str | None = None):
        self._engines = _Engines(servers, api_key)

    def get(self, name: str) -> Engine:
        return self._engines[name]

    def route(self, spec: str, fallback: str | None = None, repair: str | None = None) -> Route:
        return Route(parse(spec, all_names()), self._engines, self.route(fallback) if fallback else None,
                     self.route(repair) if repair else None)

    def choose(self, requested: str, source: str, target: str) -> Route:
        if requested != "auto":
            route = self.route(requested)
            if len(route.legs) > 1 and not route.supports(source, target):
                raise EngineUnavailable(f"route {route.name} cannot translate {source}->{target} here",
                                        hint="check `glossator engines` for the installed pairs")
            return route
        candidates = [r for r in self.ranked(source, target) if r.supports(source, target)]
        if candidates:
            return candidates[0]
        raise EngineUnavailable(
            f"no engine can translate {source}->{target} here",
            hint=f"install an argos package with: {install_command(source, target)}",
        )

    def ranked(self, source: str, target: str) -> list[Route]:
        """Every route ``auto`` considers for the pair, best first (installed or not)."""
        out = [self.route("libretranslate")]
        measured = ranking().get(langtags.base_language(target), []) if langtags.base_language(source) == "en" else []
        specs = [m["route"] for m in measured]
        for i, spec in enumerate(specs):  # fallback: the next direct route; repair: as measured
            nxt = next((s for s in specs[i + 1:] if "+" not in s), None)
            out.append(self.route(spec, nxt if "+" in spec and measured[i].get("fallback") else None,
                                  measured[i].get("repair")))
        out += [self.route(n) for n in AUTO_ORDER[1:]]
        return out + self.pivots(source, target)

    def pivots(self, source: str, target: str, names: tuple[str, ...] = AUTO_ORDER) -> list[Route]:
        """Every two-leg route source -> pivot -> target over these engines (installed or not)."""
        ends = (langtags.base_language(source), langtags.base_language(target))
        return [Route([Leg(a, source, p), Leg(b, p, target)], self._engines)
                for p in PIVOTS if p not in ends for a in names for b in names]

    def installed_routes(self) -> list[Route]:
        """Measured routes and two-leg pivots that are installed here, for ``glossator engines``."""
        seen, out = set(), []
        for target, rows in ranking().items():
            for row in rows:
                r = self.route(row["route"])
                if len(r.legs) > 1 and r.name not in seen and r.supports("en", target):
                    seen.add(r.name)
                    out.append(r)
        return out
