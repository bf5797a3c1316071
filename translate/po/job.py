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

from glossator.errors import GlossatorError

from ..documents import Document
from ..pipeline import Enforcer, translate_document
from ..segment import segment_document
from . import catalog as cat
from . import merge
from .files import read_existing, render, write_if_changed
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
    templates: dict  # template path -> its latest content, shared by the jobs of one run
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
    cache: dict[Path, polib.POFile] = {}

    def read(path: Path) -> polib.POFile | None:
        if path not in cache:
            cache[path] = read_existing(path)
        return cache.get(path)

    jobs = []
    templates: dict[Path, polib.POFile | None] = {}
    for doc in docs:
        sources = cat.source_entries(segment_document(doc))
        if not sources:
            # Refused rather than written header-only: an emptied article is a
            # mistake far more often than news, and its catalogs would turn every
            # approved entry obsolete.
            raise GlossatorError("the article has no text to translate; nothing was written", path=str(doc.path),
                                 hint="check the file, or leave it out of the run")
        pot = template_path(out, doc.stem)
        templates[pot] = read(pot)
        for target in targets:
            po_path = catalog_path(out, target, doc.stem)
            jobs.append(CatalogJob(doc, target, po_path, pot, sources, read(po_path), templates))
    memories = {t: TranslationMemory.load(out, t, glossary, read=read) if use_memory else None for t in targets}
    for job in jobs:
        job.plan = merge.plan(job.existing, job.sources, memories[job.target])
    return jobs


def _fingerprint(po: polib.POFile) -> tuple:
    return (po.header, tuple(sorted(po.metadata.items())), bool(po.metadata_is_fuzzy), tuple(
        (e.msgctxt, e.msgid, e.msgstr, e.comment, e.tcomment, tuple(e.flags), tuple(e.occurrences),
         e.previous_msgid, e.previous_msgctxt, e.obsolete) for e in po))


def _write(po: polib.POFile, key: str, old: polib.POFile | None, path: Path) -> bool:
    """Write ``po`` unless it says what ``old`` says; a changed file gets a new ``key`` date.

    Comparing entries first spares the msgcat pass on re-runs where nothing changed.
    """
    if old is not None and old.metadata.get(key):
        po.metadata[key] = old.metadata[key]
        if _fingerprint(po) == _fingerprint(old):
            return False
        if path.exists() and path.read_bytes() == render(po).encode("utf-8"):
            return False
    po.metadata[key] = cat.now()
    return write_if_changed(path, render(po))


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

    pot = cat.template(job.doc.stem, job.sources, "", base)
    pot_written = _write(pot, "POT-Creation-Date", job.templates.get(job.pot_path), job.pot_path)
    if pot_written:
        job.templates[job.pot_path] = pot  # the other languages' jobs compare against this one
    pot_date = pot.metadata["POT-Creation-Date"]

    meta = cat.catalog_metadata(job.doc.stem, job.target, job.existing.metadata if job.existing else None, pot_date)
    header = (job.existing.header if job.existing and job.existing.header else
              f"{cat.team_name(job.target)} translation of {job.doc.stem}.\n"
              "Machine-translated by Glossator with the desk glossary enforced; fuzzy entries need review.")
    po = merge.build(job.plan, cat.new_pofile(meta, header), mt, engine.name if engine else None, base)
    written = _write(po, "PO-Revision-Date", job.existing, job.po_path)
    return JobReport(job.po_path, job.target, engine.name if (engine and need) else None, job.plan.counts(),
                     written, pot_written, results)
