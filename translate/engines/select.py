"""Choosing an engine per target language, ``--engine auto`` included."""

from __future__ import annotations

from .apertium import ApertiumEngine
from .argos import ArgosEngine, install_command
from .base import Engine, EngineUnavailable
from .bergamot import BergamotEngine

NAMES = ("libretranslate", "argos", "bergamot", "apertium")
# Best first: LibreTranslate servers where the user configured some (a pool
# is what they set up to scale out; without servers it supports nothing),
# then a local argos model, then the Bergamot model (neural, but tiny), then
# Apertium's rules.
AUTO_ORDER = NAMES


def make(name: str, servers: list[str] | None = None, api_key: str | None = None) -> Engine:
    if name == "libretranslate":
        from .libretranslate import LibreTranslateEngine

        return LibreTranslateEngine(servers, api_key)
    return {"argos": ArgosEngine, "bergamot": BergamotEngine, "apertium": ApertiumEngine}[name]()


class EngineSet:
    """Engines created once per run and shared across documents."""

    def __init__(self, servers: list[str] | None = None, api_key: str | None = None):
        self._engines: dict[str, Engine] = {}
        self._servers, self._api_key = servers, api_key

    def get(self, name: str) -> Engine:
        if name not in self._engines:
            self._engines[name] = make(name, self._servers, self._api_key)
        return self._engines[name]

    def choose(self, requested: str, source: str, target: str) -> Engine:
        if requested != "auto":
            if requested not in NAMES:
                raise EngineUnavailable(f"unknown engine {requested!r}", hint=f"use auto or one of {', '.join(NAMES)}")
            return self.get(requested)
        for name in AUTO_ORDER:
            engine = self.get(name)
            if engine.supports(source, target):
                return engine
        raise EngineUnavailable(
            f"no engine can translate {source}->{target} here",
            hint=f"install an argos package with: {install_command(source, target)}",
        )
