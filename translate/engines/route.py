"""Routes: chains of engines through pivot languages, each one an Engine.

A route is written ``engine:src-tgt`` per leg, legs joined by ``+``::

    bergamot:en-pt+apertium:pt-es    English -> Portuguese (Bergamot) -> Spanish (Apertium)
    apertium:en-es                   one leg: Apertium's direct pair
    apertium                         one engine, for whatever pair it is asked

A route has ``translate_batch(texts, source, target, n_best, length_cap)`` like every
engine, so term protection (the ``XP0X`` placeholders cross every leg: Bergamot
keeps them, Apertium's unknown-word marks are taken off them), n-best and the
catalogs work on it unchanged. Every route also writes the target language's
typographic quotes (see ``quotes``).

Per-sentence fallback: where the last leg reports words it did not know
(Apertium's ``*surto``: Portuguese left in the Spanish), the route can either
retranslate the sentence with a ``fallback`` route, whose name its hypotheses
then carry (``Hypothesis.route``, shown in the catalog comment), or ``repair``
the leaked words one by one with a route from the pivot language to the target
(``surto`` -> pt->en->es). bench/routes_quality.py measures both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from glossator.glossary import langtags

from . import base, quotes
from .base import Engine, EngineInfo, EngineUnavailable, Hypothesis, LengthCap

_LEG = re.compile(r"([a-z][a-z0-9_]*)(?::([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*?)-([a-z]{2,3}(?:-[A-Za-z0-9]+)?))?")
SYNTAX = "engine[:src-tgt][+engine:src-tgt...], e.g. bergamot:en-pt+apertium:pt-es"


@dataclass(frozen=True)
class Leg:
    engine: str
    source: str | None = None  # None: whatever pair the route is asked for (a one-leg route)
    target: str | None = None

    def __str__(self) -> str:
        return f"{self.engine}:{self.source}-{self.target}" if self.source else self.engine


def parse(spec: str, names: tuple[str, ...]) -> list[Leg]:
    """``bergamot:en-pt+apertium:pt-es`` -> legs; raises EngineUnavailable on a bad spec."""
    legs = []
    for part in spec.split("+"):
        m = _LEG.fullmatch(part.strip())
        if not m or m.group(1) not in names:
            raise EngineUnavailable(f"bad engine or route {spec!r} (at {part!r})",
                                    hint=f"use auto, one of {', '.join(names)}, or a route: {SYNTAX}")
        legs.append(Leg(m.group(1), m.group(2), m.group(3)))
    if len(legs) > 1 and any(leg.source is None for leg in legs):
        raise EngineUnavailable(f"route {spec!r}: every leg of a chain needs its pair",
                                hint=f"write it as {SYNTAX}")
    for a, b in zip(legs, legs[1:]):
        if a.target != b.source:
            raise EngineUnavailable(f"route {spec!r}: {a} ends in {a.target} but {b} starts from {b.source}",
                                    hint=f"write it as {SYNTAX}")
    return legs


class Route:
    def __init__(self, legs: list[Leg], engines: dict[str, Engine], fallback: Route | None = None,
                 repair: Route | None = None):
        self.legs, self._engines, self.fallback, self.repair = legs, engines, fallback, repair
        self.name = "+".join(str(leg) for leg in legs)

    def _pairs(self, source: str, target: str) -> list[tuple[Engine, str, str]] | None:
        """Each leg's engine and pair for source->target, or None if the route does not serve it."""
        if len(self.legs) == 1 and self.legs[0].source is None:
            return [(self._engines[self.legs[0].engine], source, target)]
        first, last = self.legs[0], self.legs[-1]
        if not (_same(first.source, source) and _same(last.target, target)):
            return None
        # a route of several legs names every leg's languages (parse() requires it)
        pairs = [(self._engines[leg.engine], leg.source or source, leg.target or target) for leg in self.legs]
        return pairs[:-1] + [(pairs[-1][0], pairs[-1][1], target)]  # keep the caller's region (pt-BR, es-419)

    def supports(self, source: str, target: str) -> bool:
        pairs = self._pairs(source, target)
        return pairs is not None and all(e.supports(s, t) for e, s, t in pairs)

    def neighbour_free(self, source: str, target: str) -> bool:
        """Every leg's engine is, and so is the fallback; a word repair learns words from every
        text of a call, so a route with one is not (see ``base.neighbour_free``)."""
        pairs = self._pairs(source, target)
        if pairs is None or not all(base.neighbour_free(e, s, t) for e, s, t in pairs):
            return False
        return len(pairs) == 1 or (self.repair is None  # both only act on a chain: see translate_batch
                                   and (self.fallback is None or self.fallback.neighbour_free(source, target)))

    def translate_batch(self, texts: list[str], source: str, target: str, n_best: int = 1,
                        length_cap: LengthCap | None = None) -> list[list[Hypothesis]]:
        pairs = self._pairs(source, target)
        if pairs is None:
            raise EngineUnavailable(f"route {self.name} does not translate {source}->{target}")
        hyps = _chain(pairs, [quotes.plain(t) for t in texts], n_best, length_cap)
        if self.fallback is not None and len(pairs) > 1:
            leaky = [i for i, hs in enumerate(hyps) if hs and hs[0].unknown]
            if leaky:
                again = self.fallback.translate_batch([texts[i] for i in leaky], source, target, n_best,
                                                      length_cap=length_cap)
                for i, hs in zip(leaky, again):
                    hyps[i] = [replace(h, route=h.route or self.fallback.name) for h in hs]
        if self.repair is not None and len(pairs) > 1:
            hyps = _repair(hyps, self.repair, pairs[-1][1], target, self.name)
        return [[replace(h, text=quotes.typographic(h.text, target)) for h in hs] for hs in hyps]

    def describe(self) -> EngineInfo:
        return EngineInfo(self.name, [f"{self.legs[0].source}->{self.legs[-1].target}"],
                          n_best=any(self._engines[leg.engine].describe().n_best for leg in self.legs[:1]))


def _chain(pairs: list[tuple[Engine, str, str]], texts: list[str], n_best: int,
           length_cap: LengthCap | None = None) -> list[list[Hypothesis]]:
    """The first leg gives n-best; each later leg translates every hypothesis once. A fragment's
    ``length_cap`` bounds every leg: each leg's input is a fragment too."""
    engine, s, t = pairs[0]
    hyps = engine.translate_batch(texts, s, t, n_best=n_best, length_cap=length_cap)
    for engine, s, t in pairs[1:]:
        flat = [h.text for hs in hyps for h in hs]
        out = iter(engine.translate_batch(flat, s, t, n_best=1, length_cap=length_cap) if flat else [])
        nxt = []
        for hs in hyps:
            seen: dict[str, Hypothesis] = {}
            for h in hs:
                new = next(out)
                if new and new[0].text not in seen:
                    seen[new[0].text] = Hypothesis(new[0].text, h.score, unknown=new[0].unknown)
            nxt.append(list(seen.values()))
        hyps = nxt
    return hyps


def _repair(hyps: list[list[Hypothesis]], route: Route, pivot: str, target: str, name: str) -> list[list[Hypothesis]]:
    """Replace each leaked pivot word by its translation through ``route`` where that
    comes back as one word the route knows; names and unknown words stay as they are."""
    words = sorted({w for hs in hyps for h in hs for w in h.unknown if w[:1].islower()})
    if not words:
        return hyps
    fixed = _one_word(words, route, pivot, target, "{}")
    # A verb alone comes back as a noun phrase ("buscam" -> "El Buscando"); after a plural subject
    # pronoun it comes back conjugated, and pro-drop leaves one word ("eles buscam" -> "Buscan").
    frame = _PLURAL_SUBJECT.get(langtags.base_language(pivot))
    verbs = [w for w in words if w not in fixed and w.endswith(("am", "em", "an", "en"))]
    if frame and verbs:
        fixed |= _one_word(verbs, route, pivot, target, frame)
    if not fixed:
        return hyps
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(fixed, key=len, reverse=True))) + r")(?!\w)")
    note = f"{name}, words by {route.name}"
    return [[replace(h, text=pattern.sub(lambda m: fixed[m.group(1)], h.text), route=note if pattern.search(h.text)
                     else h.route, unknown=tuple(w for w in h.unknown if w not in fixed)) for h in hs] for hs in hyps]


_PLURAL_SUBJECT = {"pt": "eles {}", "es": "ellos {}"}


def _one_word(words: list[str], route: Route, pivot: str, target: str, frame: str) -> dict[str, str]:
    """The words whose translation in ``frame`` comes back as one word the route knows."""
    fixed = {}
    for w, out in zip(words, route.translate_batch([frame.format(w) for w in words], pivot, target)):
        new = out[0].text if out else ""
        if out and not out[0].unknown and re.fullmatch(r"\w+", new) and new.lower() != w:
            fixed[w] = new[0].lower() + new[1:]
    return fixed


def _same(leg_lang: str | None, lang: str) -> bool:
    return leg_lang is not None and leg_lang in langtags.fallback_chain(lang) + [langtags.base_language(lang)]
