"""One run of ``glossator translate`` over catalogs: plan, translate what is new, write.

Every existing catalog is read and checked before anything is translated
or written, so a malformed one stops the run with nothing changed. Only
msgids that are neither in the catalog nor in the translation memory go to
an engine; a re-run over unchanged articles calls none. A file is written
only when its content changed, so its dates change only then too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..documents import Document
from ..pipeline import Enforcer, translate_document
from ..segment import segment_document
from . import catalog as cat
from . import merge
from .files import read_catalog, render, write_if_changed
from .gettext_locale import gettext_name
from .memory import TranslationMemory


@dataclass
class CatalogJob:
    doc: Document
    target: str
    po_path: Path
    pot_path: Path
    sources: list[cat.SourceEntry]
    existing: polib.POFile | None
    plan: merge.Plan | None = None


@dataclass
class JobReport:
    path: Path
    target: str
    engine: str | None
    counts: dict
    written: bool
    template_written: bool
    results: list = field(default_factory=list)


def catalog_path(out: Path, target: str, stem: str) -> Path:
    return Path(out) / gettext_name(target) / "LC_MESSAGES" / f"{stem}.po"


def template_path(out: Path, stem: str) -> Path:
    return Path(out) / "templates" / f"{stem}.pot"


def prepare(docs: list[Document], targets: list[str], out: Path, glossary=None, use_memory: bool = True) -> list[CatalogJob]:
    jobs = []
    for doc in docs:
        sources = cat.source_entries(segment_document(doc))
        for target in targets:
            po_path = catalog_path(out, target, doc.stem)
            existing = read_catalog(po_path) if po_path.exists() else None
            pot = template_path(out, doc.stem)
            if pot.exists():
                read_catalog(pot)
            jobs.append(CatalogJob(doc, target, po_path, pot, sources, existing))
    memories = {t: TranslationMemory.load(out, t, glossary) if use_memory else None for t in targets}
    for job in jobs:
        job.plan = merge.plan(job.existing, job.sources, memories[job.target])
    return jobs


def _render_with_date(po: polib.POFile, key: str, old: polib.POFile | None, path: Path) -> tuple[str, bool]:
    """Render keeping the old date; if the text still differs from the file, stamp a new date."""
    if old is not None and old.metadata.get(key):
        po.metadata[key] = old.metadata[key]
        text = render(po)
        if path.exists() and path.read_bytes() == text.encode("utf-8"):
            return text, False
    po.metadata[key] = cat.now()
    return render(po), True


def execute(job: CatalogJob, engine, enforcer: Enforcer, *, n_best: int = 4, glossary: bool = True,
            base: Path | None = None) -> JobReport:
    need = job.plan.need_mt
    results = []
    if need and engine is not None:
        wanted = {s.msgid for s in need}
        doc_result = translate_document(job.doc, job.target, engine, enforcer, n_best=n_best, glossary=glossary,
                                        only=wanted)
        results = doc_result.segments
    mt = {}
    by_text = {r.segment.text: r for r in results}
    for s in need:
        if s.msgid in by_text:
            mt[s.key] = by_text[s.msgid]

    old_pot = read_catalog(job.pot_path) if job.pot_path.exists() else None
    pot = cat.template(job.doc.stem, job.sources, "", base)
    pot_text, _ = _render_with_date(pot, "POT-Creation-Date", old_pot, job.pot_path)
    pot_written = write_if_changed(job.pot_path, pot_text)
    pot_date = pot.metadata["POT-Creation-Date"]

    meta = cat.catalog_metadata(job.doc.stem, job.target, job.existing.metadata if job.existing else None, pot_date)
    header = (job.existing.header if job.existing and job.existing.header else
              f"{cat.team_name(job.target)} translation of {job.doc.stem}.\n"
              "Machine-translated by Glossator with the desk glossary enforced; fuzzy entries need review.")
    po = merge.build(job.plan, cat.new_pofile(meta, header), mt, engine.name if engine else None, base)
    text, _ = _render_with_date(po, "PO-Revision-Date", job.existing, job.po_path)
    written = write_if_changed(job.po_path, text)
    return JobReport(job.po_path, job.target, engine.name if (engine and need) else None, job.plan.counts(),
                     written, pot_written, results)
