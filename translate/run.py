"""A translate run as a library: articles and target languages in, catalogs and a summary out.

    from glossator.translate import run
    p = run.plan(["story.md"], ["es", "pt"], Path("locales"), glossary)   # reads and checks everything
    result = run.execute(p, EngineSet())                                  # translates, writes
    result.summaries()                                                    # what the CLI's table shows

:func:`plan` reads every article and every existing catalog and plans each
catalog (what is kept, reused from memory, or needs MT) before anything is
translated or written, so bad input stops the run with nothing changed.
:func:`execute` chooses an engine per target that needs MT (the missing-language
policy: a target with no engine stops the run, or with ``skip_missing`` is
reported and skipped), then runs each catalog job (see ``catalog_job``), the first
engine call of a group of articles made for all of them at once where the engine
translates each text as it would alone (``neighbour_free``; see ``prefetch``).
Neither prints: the CLI renders :class:`RunResult` as a table or as JSON.
A caller that may run beside another should hold ``glossator.safefile.folder_lock(out)``
around both steps, as ``glossator translate`` does.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from glossator.errors import GlossatorError
from glossator.glossary import langtags
from glossator.glossary import variants as regional
from glossator.glossary.variants import Variants

from . import catalog_job, glossary_sync, prefetch
from .catalog_job import CatalogJob, CatalogReport
from .documents import Document, read_document
from .engines.base import Engine, EngineUnavailable, neighbour_free
from .fragments import FragmentMemo
from .pipeline import Enforcer
from .po import catalog as cat
from .po import merge
from .po.files import read_existing
from .po.memory import TranslationMemory
from .po.paths import catalog_path, check_names, template_path
from .results import Layer
from .segment import segment_document

if TYPE_CHECKING:
    from glossator.glossary.store import Glossary

    from .engines.select import EngineSet

SOURCE = "en"


def parse_targets(spec: str) -> list[str]:
    """``"zh,es,pt"`` as normalised BCP 47 tags, each once, in order."""
    targets = list(dict.fromkeys(langtags.normalize(t) for t in spec.split(",") if t.strip()))
    if not targets:
        raise GlossatorError("--to names no language", hint="e.g. --to zh,es,pt")
    return targets


def read_articles(paths: Iterable[str | Path]) -> list[Document]:
    """Every article read and checked (readable, some text, no two sharing a catalog) before any work,
    so that a bad one stops the run before it creates its output folder or lock."""
    docs = check_names([read_document(p) for p in paths])
    for doc in docs:
        _refuse_empty(doc, cat.source_entries(segment_document(doc)))
    return docs


def _refuse_empty(doc: Document, sources) -> None:
    if not sources:
        # Refused rather than written header-only: an emptied article is a
        # mistake far more often than news, and its catalogs would turn every
        # approved entry obsolete.
        raise GlossatorError("the article has no text to translate; nothing was written", path=str(doc.path),
                             hint="check the file, or leave it out of the run")


@dataclass
class RunPlan:
    docs: list[Document]
    targets: list[str]
    out: Path
    glossary: Glossary | None
    jobs: list[CatalogJob]
    enforcer: Enforcer | None = None  # the glossary's terms, under the run's variant policy

    @property
    def needed(self) -> list[str]:
        """The targets with something for an engine to translate, in order."""
        return [t for t in self.targets if any(j.target == t and j.plan.need_mt for j in self.jobs)]

    @property
    def base(self) -> Path:
        """What ``#:`` references are relative to: the folder that holds ``out``."""
        return self.out.resolve().parent


def plan(articles: Iterable[Document | str | Path], targets: list[str], out: str | Path,
         glossary: Glossary | None = None, *, use_memory: bool = True, variants: Variants | None = None) -> RunPlan:
    """Read the articles and every catalog and template they have under ``out``, and plan each catalog.

    ``glossary`` gives the imported translation memory and, for :func:`execute`, the terms to enforce
    (under ``variants``, the run's regional variant policy; default: the glossary's own). The plan
    follows the glossary too: see :mod:`.glossary_sync`.
    """
    docs = check_names([a if isinstance(a, Document) else read_document(a) for a in articles])
    out = Path(out)
    cache: dict[Path, polib.POFile | None] = {}

    def read(path: Path) -> polib.POFile | None:
        if path not in cache:
            cache[path] = read_existing(path)
        return cache[path]

    staged = []
    templates: dict[Path, polib.POFile | None] = {}
    for doc in docs:
        sources = cat.source_entries(segment_document(doc))
        _refuse_empty(doc, sources)
        pot = template_path(out, doc.stem)
        templates[pot] = read(pot)
        for target in targets:
            po_path = catalog_path(out, target, doc.stem)
            staged.append((doc, target, po_path, pot, sources, read(po_path)))
    memories = {t: TranslationMemory.load(out, t, glossary, read=read) if use_memory else None for t in targets}
    jobs = [CatalogJob(doc, target, po_path, pot, sources, existing, templates,
                       merge.plan(existing, sources, memories[target]), memories[target])
            for doc, target, po_path, pot, sources, existing in staged]
    enforcer = Enforcer(glossary, variants) if glossary is not None else None
    terms = glossary_sync.TermNotes(enforcer) if enforcer is not None else None
    for job in jobs:
        job.terms = terms
        glossary_sync.replan(job, terms)
    return RunPlan(docs, list(targets), out, glossary, jobs, enforcer)


@dataclass
class TargetSummary:
    """One target language's totals, as the CLI's table shows them."""

    target: str
    engine: str | None       # None: nothing needed translating
    skipped: str | None      # why, when no engine could translate it
    new: int = 0             # entries machine-translated
    kept: int = 0            # kept, revived or changed entries
    memory: int = 0          # reused from the translation memory
    terms: Counter[str] = field(default_factory=Counter)  # glossary terms applied, per layer
    term_failures: int = 0
    written: int = 0
    catalogs: int = 0
    seconds: float = 0.0


@dataclass
class RunResult:
    targets: list[str]
    reports: list[CatalogReport]
    engines: dict[str, Engine]                 # target -> the engine or route chosen
    missing: dict[str, EngineUnavailable]      # target -> why no engine can translate it (skipped)
    seconds: dict[str, float]                  # target -> wall time
    unreachable: list[str] = field(default_factory=list)  # per target: terms its variant policy cannot use

    @property
    def failed(self) -> int:
        """Segments that failed a glossary constraint and are flagged for review."""
        return sum(1 for r in self.reports for s in r.results if s.outcome.layer == Layer.FAILED)

    @property
    def remerged(self) -> list[CatalogReport]:
        """Catalogs a translator saved during the run, merged with the saved version and written."""
        return [r for r in self.reports if r.remerged and not r.conflict]

    @property
    def conflicts(self) -> list[Path]:
        """Catalogs left untouched because they kept changing during the run."""
        return [r.path for r in self.reports if r.conflict]

    def summaries(self) -> list[TargetSummary]:
        out = []
        for t in self.targets:
            if t in self.missing:
                out.append(TargetSummary(t, None, str(self.missing[t].hint)))
                continue
            mine = [r for r in self.reports if r.target == t]
            segs = [s for r in mine for s in r.results]
            counts = sum((r.counts for r in mine), merge.Counts())
            engine = self.engines.get(t)
            out.append(TargetSummary(
                t, engine.name if engine is not None else None, None, counts.new,
                counts.kept + counts.revived + counts.changed, counts.memory,
                Counter(a["layer"] for s in segs for a in s.outcome.applied),
                sum(len(s.outcome.failures) for s in segs), sum(r.written for r in mine), len(mine),
                self.seconds.get(t, 0)))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"catalogs": [{"file": str(r.path), "target": r.target, "engine": r.engine, **r.counts.to_dict(),
                              "written": r.written} for r in self.reports],
                "results": [{**s.to_dict(r.engine), "target": r.target, "catalog": str(r.path)}
                            for r in self.reports for s in r.results],
                "missing": {t: str(e) for t, e in self.missing.items()}}


def choose_engines(targets: list[str], engines: EngineSet | Mapping[str, Engine], requested: str = "auto",
                   skip_missing: bool = False) -> tuple[dict[str, Engine], dict[str, EngineUnavailable]]:
    """An engine per target: from an ``EngineSet`` (``requested`` is ``auto``, an engine or a route),
    or as given in a mapping. A target without one stops the run, unless ``skip_missing``."""
    chosen: dict[str, Engine] = {}
    missing: dict[str, EngineUnavailable] = {}
    for t in targets:
        try:
            if isinstance(engines, Mapping):
                if t not in engines:
                    raise EngineUnavailable(f"no engine given for {SOURCE}->{t}")
                chosen[t] = engines[t]
            else:
                chosen[t] = engines.choose(requested, SOURCE, t)
        except EngineUnavailable as exc:
            missing[t] = exc
    if missing and not skip_missing:
        first = next(iter(missing.values()))
        raise GlossatorError(
            "; ".join(f"{t}: {e.message}" for t, e in missing.items()),
            hint=(first.hint or "") + "; or pass --skip-missing to translate the other languages",
        )
    return chosen, missing


@dataclass(frozen=True)
class Step:
    """What :func:`execute` starts next, for a progress display: one article's catalog, or the
    first pass of a group of articles (``sentences``: the texts sent in one call; see ``prefetch``)."""

    engine: Engine
    target: str
    jobs: list[CatalogJob]
    sentences: int | None = None

    def __str__(self) -> str:
        if self.sentences is None:
            return f"{self.engine.name}: {self.jobs[0].doc.path} -> {self.target}"
        return f"{self.engine.name}: {self.sentences} sentences of {len(self.jobs)} article(s) -> {self.target}"


def execute(plan: RunPlan, engines: EngineSet | Mapping[str, Engine], *, engine: str = "auto", n_best: int = 4,
            glossary: bool = True, skip_missing: bool = False, enforcer: Enforcer | None = None,
            progress: Callable[[Step], None] | None = None) -> RunResult:
    """Translate and write every catalog of the plan; ``progress(step)`` is called before each
    group's first pass (each sentence of a group of articles once, in one engine call: see
    ``prefetch``) and before each job that needs MT. ``glossary=False`` enforces nothing (for
    comparisons). The terms are the plan's (``plan(variants=...)`` sets their regional policy)
    unless ``enforcer`` is given."""
    needed = plan.needed
    chosen, missing = choose_engines(needed, engines, engine, skip_missing)
    enforcer = enforcer or plan.enforcer
    if needed and enforcer is None:
        raise GlossatorError("nothing to enforce terms with: the plan has no glossary",
                             hint="pass a Glossary to plan()")
    unreachable = (regional.run_warnings(enforcer.concepts.values(), sorted(needed), enforcer.variants)
                   if enforcer is not None and glossary else [])
    reports, wall = [], {}
    fragments = FragmentMemo()  # terms and clauses translated alone, once per engine and pair in the run
    for t in plan.targets:
        if t in missing:
            continue
        t0 = time.perf_counter()
        chosen_t = chosen.get(t)  # None: no job of this target needs MT
        # articles share a call only where no text's translation depends on the others (see prefetch)
        # the run's fragment memo is a channel between articles too: shared on the same condition
        together = chosen_t is not None and neighbour_free(chosen_t, SOURCE, t)

        def first_pass(job: CatalogJob) -> list[str]:
            if not together or enforcer is None:
                return []
            return catalog_job.first_pass(job, enforcer, glossary=glossary)

        for group, texts in _groups([j for j in plan.jobs if j.target == t], first_pass):
            ahead = chosen_t
            if texts and chosen_t is not None:
                if progress is not None:
                    progress(Step(chosen_t, t, group, len(set(texts))))
                ahead = prefetch.translate_ahead(chosen_t, texts, SOURCE, t, n_best)
            for job in group:
                if job.plan.need_mt and progress is not None and chosen_t is not None:
                    progress(Step(chosen_t, t, [job]))
                reports.append(catalog_job.execute(job, ahead, enforcer, n_best=n_best, glossary=glossary,
                                                   base=plan.base,
                                                   fragments=fragments if together else FragmentMemo()))
        wall[t] = time.perf_counter() - t0
    return RunResult(plan.targets, reports, chosen, missing, wall, unreachable)


def _groups(jobs: list[CatalogJob], first_pass: Callable[[CatalogJob], list[str]]
            ) -> Iterator[tuple[list[CatalogJob], list[str]]]:
    """Consecutive jobs and their first-pass texts, a group ending once it has ``prefetch.GROUP_SENTENCES``."""
    group: list[CatalogJob] = []
    texts: list[str] = []
    for job in jobs:
        group.append(job)
        texts += first_pass(job)
        if len(texts) >= prefetch.GROUP_SENTENCES:
            yield group, texts
            group, texts = [], []
    if group:
        yield group, texts
