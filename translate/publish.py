"""Catalogs back into articles: ``glossator publish``.

For every article and target language: read the article and its catalog,
pick each sentence's msgstr, rebuild the article from its own source (see
rebuild.py) and write ``<out>/<lang>/<article file name>``.

Readiness decides what may be published. By default only reviewed entries
(translated, not fuzzy) are; with ``draft`` fuzzy machine translation is
too. An article with any entry that may not be published is not written
for that language: the entries are listed instead, with their catalog line
and state. A sentence with no entry at all means the article changed since
its catalog was made; that stops the whole run before anything is written,
because publishing it would mix English into a translated article.

Everything is read and checked first; then the complete articles are
written, each atomically and only when its content changed.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

import polib

from glossator.errors import GlossatorError
from glossator.safefile import write_if_changed

from .documents import Document, read_document
from .po import catalog as cat
from .po.files import read_catalog
from .po.paths import catalog_path, check_names
from .rebuild import rebuild
from .segment import segment_document


class MissingCatalog(GlossatorError):
    """An article has no catalog for a language."""


class ArticleChanged(GlossatorError):
    """A sentence of the article has no entry in its catalog."""


class OutputNotWritable(GlossatorError):
    """The output folder cannot be written."""


@dataclass(frozen=True)
class Pending:
    """An entry that keeps an article from being published."""

    catalog: Path
    line: int | None
    state: str        # "fuzzy" or "untranslated"
    msgid: str
    reference: str    # where the sentence is in the article

    def __str__(self) -> str:
        return f"{self.catalog}:{self.line}: {self.state}: {self.msgid[:60]!r} ({self.reference})"


@dataclass
class Outcome:
    article: Path
    lang: str
    out_path: Path
    text: str | None = None           # the rebuilt article, when it may be published
    pending: list[Pending] = field(default_factory=list)
    drafts: int = 0                   # fuzzy entries used (draft mode)
    written: bool = False
    missing: Path | None = None       # the catalog that does not exist (skip_missing)

    @property
    def published(self) -> bool:
        return self.text is not None


def _state(entry: polib.POEntry) -> str:
    if not entry.msgstr:
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "reviewed"


def _entries(path: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in read_catalog(path) if not e.obsolete}


def plan_article(doc: Document, lang: str, catalog: Path, out_path: Path, draft: bool) -> Outcome:
    """What publishing ``doc`` in ``lang`` gives; raises ArticleChanged when a sentence has no entry."""
    segments = segment_document(doc)
    entries = _entries(catalog)
    keys = {}
    for src in cat.source_entries(segments):
        for s in src.segments:
            keys[s.index] = src.key
    outcome = Outcome(Path(doc.path), lang, out_path)
    translations, used = [], set()
    for s in segments:
        entry = entries.get(keys[s.index])
        if entry is None:
            raise ArticleChanged(f"the sentence {s.text[:60]!r} has no entry in {catalog}", path=doc.path,
                                 line=s.line, hint="the article changed since its catalog was made: "
                                                   "run `glossator translate` on it first")
        state = _state(entry)
        if state == "untranslated" or (state == "fuzzy" and not draft):
            if keys[s.index] not in used:
                outcome.pending.append(Pending(catalog, entry.linenum, state, entry.msgid, s.reference))
        elif state == "fuzzy" and keys[s.index] not in used:
            outcome.drafts += 1
        used.add(keys[s.index])
        translations.append(entry.msgstr)
    if not outcome.pending:
        outcome.text = rebuild(doc, segments, translations, lang)
        if Path(doc.path).read_bytes().startswith(codecs.BOM_UTF8):  # the reader dropped it; keep the file's bytes
            outcome.text = "\ufeff" + outcome.text
    return outcome


def _check_writable(out: Path) -> None:
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise OutputNotWritable(f"{existing} is a file, not a folder", path=str(out),
                                hint="pass another --out")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputNotWritable("cannot write there: permission denied", path=str(out),
                                hint="pass a folder you can write to with --out")


def publish(articles: list[Path], langs: list[tuple[str, str]], catalogs: Path, out: Path,
            draft: bool = False, skip_missing: bool = False) -> list[Outcome]:
    """Publish every article in every language; ``langs`` pairs the tag as given with its normalised form.

    Nothing is written unless every article and catalog could be read and no article changed. A missing
    catalog is an error, or with ``skip_missing`` an outcome with ``missing`` set (nothing published).
    """
    docs = check_names([read_document(p) for p in articles])  # the same rule as translate's: one catalog each
    outcomes = []
    for doc in docs:
        name = Path(doc.path).name
        for given, tag in langs:
            catalog = catalog_path(catalogs, tag, doc.stem)
            if not catalog.is_file() and skip_missing:
                outcomes.append(Outcome(Path(doc.path), given, out / given / name, missing=catalog))
                continue
            if not catalog.is_file():
                raise MissingCatalog(f"no {given} catalog for {name}", path=str(catalog),
                                     hint=f"run `glossator translate {doc.path} --to {given} --out {catalogs}` first")
            outcomes.append(plan_article(doc, given, catalog, out / given / name, draft))
    _check_writable(out)
    for o in outcomes:
        if o.text is not None:
            o.written = write_if_changed(o.out_path, o.text)
    return outcomes
