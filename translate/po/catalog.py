"""From segmented articles to gettext entries, headers and templates."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from glossator import __version__

from ..segment import Segment

if TYPE_CHECKING:  # types only: po/ never imports the pipeline
    from ..results import SegmentResult
from .gettext_locale import gettext_name, plural_forms, team_name

MT_COMMENT = "machine translation"
TM_COMMENT = "reused from translation memory"


@dataclass
class SourceEntry:
    """One msgid of an article: a sentence, with every place it occurs."""

    msgid: str
    msgctxt: str | None
    segments: list[Segment] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    def occurrences(self, base: Path | None = None) -> list[tuple[str, str]]:
        return [(_relative(s.path, base), str(s.line)) for s in self.segments]


def _relative(path: str, base: Path | None) -> str:
    try:
        return os.path.relpath(path, base or Path.cwd())
    except ValueError:
        return path


def source_entries(segments: list[Segment]) -> list[SourceEntry]:
    """Group an article's segments into msgids, in order of first appearance.

    The same sentence twice in the same kind of block is one entry with two
    references. Only when it stands in blocks of different kinds (a heading
    and a paragraph) does each kind get its own entry, told apart by a
    ``msgctxt`` naming the kind.
    """
    kinds: dict[str, set[str]] = {}
    for s in segments:
        kinds.setdefault(s.text, set()).add(s.kind)
    entries: dict[tuple, SourceEntry] = {}
    for s in segments:
        ctxt = s.kind if len(kinds[s.text]) > 1 else None
        entries.setdefault((ctxt, s.text), SourceEntry(s.text, ctxt)).segments.append(s)
    return list(entries.values())


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def base_metadata(stem: str) -> dict[str, str]:
    return {
        "Project-Id-Version": stem,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"Glossator {__version__}",
    }


def catalog_metadata(stem: str, target: str, existing: dict[str, str] | None, pot_date: str) -> dict[str, str]:
    """Header of a translation catalog.

    An existing catalog's header belongs to the translator's tool: every field
    (PO-Revision-Date, Last-Translator, X-Generator, X-Poedit-*, fields Glossator
    does not know) is kept as it is, in its order. Only POT-Creation-Date follows
    the template, as msgmerge does, and fields that are missing are filled in.
    """
    meta = base_metadata(stem)
    meta.update({
        "POT-Creation-Date": pot_date,
        "PO-Revision-Date": now(),
        "Last-Translator": f"Glossator {__version__} (machine translation)",
        "Language-Team": team_name(target),
        "Language": gettext_name(target),
        "Plural-Forms": plural_forms(target),
    })
    if not existing:
        return meta
    kept = dict(existing)
    kept["POT-Creation-Date"] = pot_date
    for key, value in meta.items():
        if not kept.get(key):
            kept[key] = value
    return kept


def later_date(previous: str | None) -> str:
    """Now, as a PO date, unless ``previous`` is later (a translator's clock ahead of ours):
    a revision date only moves forward."""
    current = now()
    if previous is None:
        return current
    try:
        if _parse_date(previous) > _parse_date(current):
            return previous
    except ValueError:  # gettext's "YEAR-MO-DA HO:MI+ZONE" placeholder, or another tool's format
        pass
    return current


def _parse_date(text: str) -> datetime:
    return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M%z")


def new_pofile(metadata: dict[str, str], header: str = "") -> polib.POFile:
    # No wrapping here: msgcat wraps msgid/msgstr as gettext does, and leaves
    # comments whole, so each "#. glossary: A → B" stays on one line.
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    po.header = header
    po.metadata = metadata
    po.metadata_is_fuzzy = False
    return po


def translation_catalog(stem: str, target: str, existing: polib.POFile | None, pot_date: str) -> polib.POFile:
    """An empty catalog for ``target`` with its header: the existing catalog's header and
    fields where there is one (see ``catalog_metadata``), else Glossator's."""
    meta = catalog_metadata(stem, target, existing.metadata if existing else None, pot_date)
    header = (existing.header if existing and existing.header else
              f"{team_name(target)} translation of {stem}.\n"
              "Machine-translated by Glossator with the desk glossary enforced; fuzzy entries need review.")
    po = new_pofile(meta, header)
    if existing is not None:
        po.metadata_is_fuzzy = existing.metadata_is_fuzzy
    return po


def template(stem: str, sources: list[SourceEntry], pot_date: str, base: Path | None = None) -> polib.POFile:
    meta = base_metadata(stem)
    meta["POT-Creation-Date"] = pot_date
    pot = new_pofile(meta, f"Template for the translations of {stem}.\nGenerated by Glossator {__version__}.")
    pot.metadata_is_fuzzy = True  # gettext's convention for templates
    for src in sources:
        pot.append(polib.POEntry(msgid=src.msgid, msgctxt=src.msgctxt, msgstr="", occurrences=src.occurrences(base)))
    return pot


def mt_comments(result: SegmentResult, engine: str) -> list[str]:
    """``#.`` lines for a machine translation: engine and layer, terms applied, failures, flags."""
    o = result.outcome
    engine = next((h.route for h in o.hypotheses[:1] if h.route), engine)  # a route's per-sentence fallback
    lines = [f"{MT_COMMENT}: {engine}" + (f", terms by {o.layer}" if o.applied else "")]
    lines += list(dict.fromkeys(f"glossary: {a['source']} → {a['term']}" for a in o.applied))  # once per term
    lines += [f"glossary FAILED: {f}" for f in o.failures]
    lines += [f"check: {f}" for f in o.flags]
    return lines
