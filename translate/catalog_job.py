"""One article into one target language's catalog: translate what is new, merge, write.

Only msgids that are neither in the catalog nor in the translation memory go
to the engine, each sentence once (its first occurrence stands for the
others); a re-run over unchanged articles calls none. The template and the
catalog are written only when their content changed (see ``po.save``).

A translator may save a catalog (in Poedit, say) while a run translates.
Before a catalog is replaced, its bytes are compared with what the run read;
if they differ, the translator's file is read again and merged again (their
version wins for every entry, since the plan keeps what a catalog holds), up
to ``ATTEMPTS`` times. A catalog still changing after that is left untouched
and reported as a conflict. The check and the replacement are one atomic
swap where the system allows it (see ``po.swap``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import glossary_sync, pipeline
from .documents import Document
from .engines.base import Engine
from .fragments import FragmentMemo
from .pipeline import Enforcer, SegmentResult, translate_segments
from .po import catalog as cat
from .po import merge
from .po.files import read_existing
from .po.memory import TranslationMemory
from .po.save import save
from .segment import Segment

ATTEMPTS = 3


@dataclass
class CatalogJob:
    doc: Document
    target: str
    po_path: Path
    pot_path: Path
    sources: list[cat.SourceEntry]
    existing: polib.POFile | None
    templates: dict[Path, polib.POFile | None]  # template path -> its latest content, shared by a run's jobs
    plan: merge.Plan
    memory: TranslationMemory | None = None  # the run's memory for the target, to plan again after a conflict
    terms: glossary_sync.TermNotes | None = None  # the run's glossary notes (None without a glossary)
    sync: glossary_sync.Sync | None = None  # what the glossary adds to the plan

    def replan(self) -> None:
        """Read the catalog again (a translator saved it) and plan against what it holds now."""
        self.existing = read_existing(self.po_path)
        glossary_sync.replan(self, self.terms)


@dataclass
class CatalogReport:
    path: Path
    target: str
    engine: str | None
    counts: merge.Counts
    written: bool
    template_written: bool
    results: list[SegmentResult] = field(default_factory=list)
    remerged: int = 0  # times a translator's save during the run was read and merged again
    conflict: bool = False  # the catalog kept changing during the run and was left untouched


def first_pass(job: CatalogJob, enforcer: Enforcer, *, glossary: bool = True) -> list[str]:
    """The texts :func:`execute` will send to the engine first (at its ``n_best``), for a run
    to translate with other jobs' in one call (see ``prefetch``); none when nothing needs MT."""
    need = job.plan.need_mt
    return pipeline.first_pass(job.doc, _sentences(need), job.target, enforcer, glossary=glossary) if need else []


def _sentences(need: list[cat.SourceEntry]) -> list[Segment]:
    """One segment per sentence, though it may stand under two msgctxts."""
    firsts: dict[str, Segment] = {}
    for s in need:
        firsts.setdefault(s.msgid, s.segments[0])
    return list(firsts.values())


def execute(job: CatalogJob, engine: Engine | None, enforcer: Enforcer | None, *, n_best: int = 4,
            glossary: bool = True, base: Path | None = None, fragments: FragmentMemo | None = None) -> CatalogReport:
    """Translate what the job's plan needs, write the template and the catalog.

    ``engine`` and ``enforcer`` may be None only when the plan needs no MT. ``fragments``: the
    run's memo of terms and clauses translated alone (see ``fragments``).
    """
    mt: dict[tuple[str | None, str], SegmentResult] = {}
    results: list[SegmentResult] = []

    def translate_missing() -> None:
        need = [s for s in job.plan.need_mt if s.key not in mt]
        if not need or engine is None or enforcer is None:
            return
        found = translate_segments(job.doc, _sentences(need), job.target, engine, enforcer, n_best=n_best,
                                   glossary=glossary, fragments=fragments).segments
        results.extend(found)
        by_text = {r.segment.text: r for r in found}
        mt.update((s.key, by_text[s.msgid]) for s in need)

    translate_missing()  # an engine failure stops the job here, before anything is written
    pot = cat.template(job.doc.stem, job.sources, "", base)
    glossary_sync.annotate_template(pot, job)
    pot_written = bool(save(pot, "POT-Creation-Date", job.templates.get(job.pot_path), job.pot_path))
    if pot_written:
        job.templates[job.pot_path] = pot  # the other languages' jobs compare against this one
    pot_date = pot.metadata["POT-Creation-Date"]

    report = CatalogReport(job.po_path, job.target, None, merge.Counts(), False, pot_written, results)
    engine_name = engine.name if engine else None
    for attempt in range(ATTEMPTS):
        if attempt:
            # The translator saved the catalog since the run read it: theirs is the base now.
            report.remerged += 1
            job.replan()
            translate_missing()
        po = cat.translation_catalog(job.doc.stem, job.target, job.existing, pot_date)
        glossary_sync.finish(merge.build(job.plan, po, mt, engine_name, base), job)
        written = save(po, "PO-Revision-Date", job.existing, job.po_path, guard=True)
        if written is not None:
            report.written = written
            break
    else:
        report.conflict = True
    report.engine = engine_name if mt else None
    report.counts = job.plan.counts()
    return report
