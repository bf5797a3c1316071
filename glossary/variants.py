"""Regional variants: which of a glossary's language tags a target may use.

A target first uses its own chain (``pt-BR`` -> ``pt-BR``, ``pt``; see
:func:`langtags.fallback_chain`). Where a concept has no term there, the
target may fall back to a regional variant of the same language: ``es`` and
``es-ES`` may use ``es-419`` terms, ``pt`` may use ``pt-BR`` ones, ``zh``
``zh-Hans`` or ``zh-CN`` ones. Which variant wins is an order per language,
kept in the glossary's ``settings`` table (``glossator glossary variants``)
and overridable per run (``translate --variants``); fallback can be turned
off per language (or for a whole run). Traditional Chinese keeps its own
rules: a Hant target never uses a Simplified term, and a Simplified or bare
``zh`` target never uses a Traditional one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from glossator.errors import GlossatorError

from . import langtags

# Used where the glossary sets no order: the desk writes for Latin America.
DEFAULT_ORDER = {"es": ("es-419", "es-ES"), "pt": ("pt-BR", "pt-PT"), "zh": ("zh-Hans", "zh-CN", "zh-SG")}
OFF = "off"
_KEY = "variants."  # settings key prefix: variants.es = "es-ES,es-419" or "off"


@dataclass(frozen=True)
class Variants:
    """The variant policy of one run: preferred order per language, and where fallback is off."""

    languages: frozenset[str] = frozenset()  # every language tag the glossary holds
    order: dict[str, tuple[str, ...]] = field(default_factory=dict)  # base language -> tags, best first
    off: frozenset[str] = frozenset()  # base languages without regional fallback ("*": all)

    def fallback(self, lang: str) -> bool:
        return "*" not in self.off and langtags.base_language(lang) not in self.off

    def siblings(self, target: str) -> list[str]:
        """The regional variants ``target`` may fall back to, best first (without its own chain)."""
        base = langtags.base_language(target)
        hant = base == "zh" and langtags.script_of(target) == "Hant"
        if hant or not self.fallback(target):
            return []
        own = set(langtags.fallback_chain(target))
        mine = sorted(t for t in self.languages if langtags.base_language(t) == base and t not in own
                      and not (base == "zh" and langtags.script_of(t) == "Hant"))
        preferred = self.order.get(base, DEFAULT_ORDER.get(base, ()))
        rank = {t: i for i, t in enumerate(preferred)}
        return sorted(mine, key=lambda t: (rank.get(t, len(rank)), t))

    def chain(self, target: str) -> list[str]:
        """Tags whose terms ``target`` uses, most wanted first."""
        return langtags.fallback_chain(target) + self.siblings(target)

    def with_run(self, prefer: Iterable[str] = (), fallback: bool = True) -> Variants:
        """This policy with a run's choices: ``prefer`` tags first for their language, or no fallback."""
        order = dict(self.order)
        for tag in reversed([langtags.normalize(t) for t in prefer]):
            base = langtags.base_language(tag)
            if tag == base:
                raise GlossatorError(f"--variants {tag}: name a regional variant such as {base}-419 or {base}-BR",
                                     hint="e.g. --variants es-ES,pt-PT; --no-variant-fallback turns fallback off")
            order[base] = (tag,) + tuple(t for t in order.get(base, DEFAULT_ORDER.get(base, ())) if t != tag)
        # A variant named for the run turns that language's fallback back on; --no-variant-fallback wins.
        off = (self.off - {langtags.base_language(t) for t in prefer}) | (set() if fallback else {"*"})
        return Variants(self.languages, order, frozenset(off))


def load(glossary) -> Variants:
    """The glossary's stored policy, with the language tags it holds."""
    languages = frozenset(r[0] for r in glossary.db.execute("SELECT DISTINCT lang FROM terms"))
    order, off = {}, set()
    for key, value in glossary.db.execute("SELECT key, value FROM settings WHERE key LIKE 'variants.%'"):
        base = key[len(_KEY):]
        if value == OFF:
            off.add(base)
        else:
            order[base] = tuple(v for v in value.split(",") if v)
    return Variants(languages, order, frozenset(off))


def store(glossary, lang: str, order: list[str] | None = None, *, off: bool = False) -> None:
    """Set (or with neither ``order`` nor ``off``, reset) a language's variant policy in the glossary."""
    base = langtags.normalize(lang)
    if base != langtags.base_language(base):
        raise GlossatorError(f"{lang!r} is a regional tag; name the language (es, pt, zh)",
                             hint="e.g. glossator glossary variants es es-ES es-419")
    tags = [langtags.normalize(t) for t in order or ()]
    for t in tags:
        if langtags.base_language(t) != base or t == base:
            raise GlossatorError(f"{t!r} is not a regional variant of {base!r}",
                                 hint=f"e.g. {base}-419, {base}-BR, {base}-Hans")
        if base == "zh" and langtags.script_of(t) == "Hant":
            raise GlossatorError(f"{t!r} is Traditional Chinese; zh and Simplified targets never use it",
                                 hint="Traditional targets keep their own chain (zh-TW -> zh-Hant)")
    with glossary.db.conn:
        glossary.db.conn.execute("DELETE FROM settings WHERE key = ?", (_KEY + base,))
        if off or tags:
            glossary.db.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                                     (_KEY + base, OFF if off else ",".join(tags)))


def resolved(concept, target: str, variants: Variants):
    """The preferred term ``target`` gets for ``concept`` under ``variants`` (None: none reachable)."""
    return concept.preferred(target, chain=variants.chain(target))


def coverage(concepts, target: str, variants: Variants) -> dict:
    """How a target reaches the glossary: concepts with a term of its own chain, via each variant,
    and those whose terms in the language sit only in variants it cannot reach."""
    own = set(langtags.fallback_chain(target))
    chain = variants.chain(target)
    base = langtags.base_language(target)
    via: Counter[str] = Counter()
    unreachable: Counter[str] = Counter()
    direct = 0
    for c in concepts:
        term = c.preferred(target, chain=chain)
        if term is not None and term.lang in own:
            direct += 1
        elif term is not None:
            via[term.lang] += 1
        else:
            langs = sorted({t.lang for t in c.terms if langtags.base_language(t.lang) == base})
            if langs:
                unreachable["+".join(langs)] += 1
    return {"target": target, "own": direct, "via": dict(sorted(via.items())),
            "unreachable": dict(sorted(unreachable.items()))}


def warning(cov: dict, variants: Variants) -> str | None:
    """One line for a run whose imported terms cannot reach its target, or None."""
    if not cov["unreachable"]:
        return None
    n = sum(cov["unreachable"].values())
    parts = ", ".join(f"{k} {v}" for k, v in cov["unreachable"].items())
    target = cov["target"]
    if langtags.base_language(target) == "zh" and langtags.script_of(target) == "Hant":
        why = "a Traditional Chinese target never uses Simplified terms"
    elif not variants.fallback(target):
        why = ("regional fallback is off: drop --no-variant-fallback, pass --variants, or see "
               "'glossator glossary variants'")
    else:
        why = "no fallback reaches them"
    return f"{target}: {n} concept(s) have terms only in variants this run cannot use ({parts}); {why}"


def targets(languages: Iterable[str], extra: Iterable[str] = ()) -> list[str]:
    """The targets worth a coverage line: every tag the glossary holds, each one's bare language,
    and ``extra``."""
    return sorted(set(languages) | {langtags.base_language(t) for t in languages} | set(extra))


def describe(variants: Variants, lang: str) -> str:
    """A language's policy in words: ``es-419, es-ES (default)`` or ``off``."""
    base = langtags.base_language(lang)
    if not variants.fallback(base):
        return OFF
    if base in variants.order:
        return ", ".join(variants.order[base])
    return ", ".join(DEFAULT_ORDER.get(base, ())) + " (default)" if base in DEFAULT_ORDER else "any (default)"


def run_warnings(concepts, targets: Iterable[str], variants: Variants) -> list[str]:
    """A warning line per target that some of the glossary's terms cannot reach."""
    concepts = list(concepts)
    lines = (warning(coverage(concepts, t, variants), variants) for t in targets)
    return [line for line in lines if line]
