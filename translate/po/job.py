"""One run of ``glossator translate`` over catalogs: plan, translate what is new, write.

Every existing catalog is read and checked before anything is translated
or written, so a malformed one stops the run with nothing changed. Only
msgids that are neither in the catalog nor in the translation memory go to
an engine; a re-run over unchanged articles calls none. A file is written
only when its content changed, so its dates change only then too.

A translator may save a catalog (in Poedit, say) while a run translates.
Before a catalog is replaced, its bytes are compared with what the run read;
if they differ, the translator's file is read again and merged again (their
version wins for every entry, since the plan keeps what a catalog holds), up
to ``ATTEMPTS`` times. A catalog still changing after that is left untouched
and reported as a conflict. The check and the replacement are one atomic
swap where the system allows it (see ``swap``).
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
from . import glossary_sync, merge
from .files import read_existing, render, write_if_changed
from .gettext_locale import gettext_name
from .memory import TranslationMemory
from .swap import replace_if_unchanged


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
    memory: object = None  # the run's TranslationMemory for the target, to plan again after a conflict
    terms: object = None  # the run's glossary_sync.TermNotes (None without a glossary)
    sync: object = None  # what the glossary adds to the plan (glossary_sync.Sync)


@dataclass
class JobReport:
    path: Path
    target: str
    engine: str | None
    counts: dict
    written: bool
    template_written: bool
    results: list = field(default_factory=list)
    remerged: int = 0  # times a translator's save during the run was read and merged again
    conflict: bool = False  # the catalog kept changing during the run and was left untouched

ATTEMPTS = 3


def catalog_path(out: Path, target: str, stem: str) -> Path:
    return Path(out) / gettext_name(target) / "LC_MESSAGES" / f"{stem}.po"


def template_path(out: Path, stem: str) -> Path:
    return Path(out) / "templates" / f"{stem}.pot"


def check_names(docs: list[Document]) -> list[Document]:
    """The articles, each once; refuses two articles that would share one catalog.

    Catalogs are named after the article's base name (``x.po`` for ``a/x.txt``):
    translators and the desk's tooling know them by that name, so it stays.
    Two different articles with one base name (``a/x.txt`` and ``b/x.txt``,
    ``y.txt`` and ``y.md``) would overwrite each other's catalog, so such a run
    is refused before anything is read or written. Names are compared
    case-insensitively, as a catalog folder on macOS or Windows would.
    """
    seen: dict[str, Document] = {}
    unique = []
    for doc in docs:
        first = seen.setdefault(doc.stem.casefold(), doc)
        if first is doc:
            unique.append(doc)
        elif Path(first.path).resolve() != Path(doc.path).resolve():
            raise GlossatorError(f"{first.path} and {doc.path} would share the catalog {doc.stem}.po",
                                 hint="rename one, or translate them in separate runs with different --out")
    return unique


def prepare(docs: list[Document], targets: list[str], out: Path, glossary=None, use_memory: bool = True) -> list[CatalogJob]:
    docs = check_names(docs)
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
    terms = glossary_sync.TermNotes(Enforcer(glossary)) if glossary is not None else None
    for job in jobs:
        job.memory, job.terms = memories[job.target], terms
        glossary_sync.replan(job, terms)
    return jobs


def _fingerprint(po: polib.POFile) -> tuple:
    return (po.header, tuple(sorted(po.metadata.items())), bool(po.metadata_is_fuzzy), tuple(
        (e.msgctxt, e.msgid, e.msgstr, e.comment, e.tcomment, tuple(e.flags), tuple(e.occurrences),
         e.previous_msgid, e.previous_msgctxt, e.obsolete) for e in po))


def _write(po: polib.POFile, key: str, old: polib.POFile | None, path: Path, guard: bool = False) -> bool | None:
    """Write ``po`` unless it says what ``old`` says; a changed file gets a later ``key`` date.

    Comparing entries first spares the msgcat pass on re-runs where nothing changed.
    With ``guard``, the file is written only if it still holds what the run read
    (``old``, or nothing); otherwise nothing is written and None is returned.
    """
    if old is not None and old.metadata.get(key):
        po.metadata[key] = old.metadata[key]
        if _fingerprint(po) == _fingerprint(old):
            return False
        if path.exists() and path.read_bytes() == render(po).encode("utf-8"):
            return False
    po.metadata[key] = cat.later_date(old.metadata.get(key) if old is not None else None)
    if guard:
        return replace_if_unchanged(path, render(po), old.read_digest if old is not None else None)
    return write_if_changed(path, render(po))


def execute(job: CatalogJob, engine, enforcer: Enforcer, *, n_best: int = 4, glossary: bool = True,
            base: Path | None = None) -> JobReport:
    mt, results = {}, []

    def translate_missing() -> None:
        need = [s for s in job.plan.need_mt if s.key not in mt]
        if need and engine is not None:
            found = translate_document(job.doc, job.target, engine, enforcer, n_best=n_best, glossary=glossary,
                                       only={s.msgid for s in need}).segments
            results.extend(found)
            by_text = {r.segment.text: r for r in found}
            mt.update((s.key, by_text[s.msgid]) for s in need if s.msgid in by_text)

    translate_missing()  # an engine failure stops the job here, before anything is written
    pot = cat.template(job.doc.stem, job.sources, "", base)
    glossary_sync.annotate_template(pot, job)
    pot_written = _write(pot, "POT-Creation-Date", job.templates.get(job.pot_path), job.pot_path)
    if pot_written:
        job.templates[job.pot_path] = pot  # the other languages' jobs compare against this one
    pot_date = pot.metadata["POT-Creation-Date"]

    report = JobReport(job.po_path, job.target, None, {}, False, pot_written, results)
    for attempt in range(ATTEMPTS):
        if attempt:
            # The translator saved the catalog since the run read it: theirs is the base now.
            report.remerged += 1
            job.existing = read_existing(job.po_path)
            glossary_sync.replan(job, job.terms)
            translate_missing()
        written = _write(_build(job, mt, engine, pot_date, base), "PO-Revision-Date", job.existing, job.po_path,
                         guard=True)
        if written is not None:
            report.written = written
            break
    else:
        report.conflict = True
    report.engine = engine.name if (engine and mt) else None
    report.counts = job.plan.counts()
    return report


def _build(job: CatalogJob, mt: dict, engine, pot_date: str, base: Path | None) -> polib.POFile:
    existing = job.existing
    meta = cat.catalog_metadata(job.doc.stem, job.target, existing.metadata if existing else None, pot_date)
    header = (existing.header if existing and existing.header else
              f"{cat.team_name(job.target)} translation of {job.doc.stem}.\n"
              "Machine-translated by Glossator with the desk glossary enforced; fuzzy entries need review.")
    po = cat.new_pofile(meta, header)
    if existing is not None:
        po.metadata_is_fuzzy = existing.metadata_is_fuzzy
    return glossary_sync.finish(merge.build(job.plan, po, mt, engine.name if engine else None, base), job)
