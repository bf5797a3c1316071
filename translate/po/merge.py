"""Re-runs that never lose a translator's work: msgmerge semantics.

For each msgid of the article, in order:

* **kept**: the catalog already has it. Its msgstr, flags and translator
  comments stay as they are; only the references are brought up to date.
  So an approved (non-fuzzy) entry, or one a translator commented on, is
  never overwritten by machine translation, and no engine is called. An
  entry with an empty msgstr and no translator comment is nobody's work (an
  engine that gave nothing, say): it is translated again.
* **revived**: the catalog holds it as obsolete (``#~``, the sentence was
  removed and has come back). As msgmerge does, the entry comes back as it
  was, fuzzy or approved: a translator's own earlier work outranks any
  translation memory or MT.
* **changed**: a similar old msgid that no new sentence uses any more (an
  edited sentence): the entry keeps the old translation as a starting
  point, gets the ``fuzzy`` flag and the old msgid as ``#|`` previous msgid.
* **memory**: an approved translation of the identical sentence exists in
  another catalog or an imported TMX: it is reused, marked in a comment.
* **new**: machine translation, flagged fuzzy ("needs work" in Poedit and
  Weblate), with the glossary terms applied listed in ``#.`` comments.

Old entries that no sentence uses any more become obsolete (``#~``); they
are never dropped.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from .catalog import TM_COMMENT, SourceEntry, mt_comments

if TYPE_CHECKING:  # types only: po/ never imports the pipeline
    from ..results import SegmentResult

SIMILARITY = 0.6  # difflib ratio above which an old sentence counts as the same one, edited


@dataclass(frozen=True)
class Counts:
    """How a catalog's entries were made, per the kinds above (and old ones made obsolete)."""

    kept: int = 0
    revived: int = 0
    changed: int = 0
    memory: int = 0
    new: int = 0
    obsolete: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Plan:
    sources: list[SourceEntry]
    kept: dict[tuple, polib.POEntry] = field(default_factory=dict)
    revived: dict[tuple, polib.POEntry] = field(default_factory=dict)  # obsolete entries back in use
    changed: dict[tuple, polib.POEntry] = field(default_factory=dict)  # new key -> old entry
    memory: dict[tuple, tuple[str, str]] = field(default_factory=dict)  # new key -> (text, origin)
    obsolete: list[polib.POEntry] = field(default_factory=list)

    @property
    def need_mt(self) -> list[SourceEntry]:
        return [s for s in self.sources if s.key not in self.kept and s.key not in self.revived
                and s.key not in self.changed and s.key not in self.memory]

    def counts(self) -> Counts:
        return Counts(kept=len(self.kept), revived=len(self.revived), changed=len(self.changed),
                      memory=len(self.memory), new=len(self.need_mt), obsolete=len(self.obsolete))


def plan(existing: polib.POFile | None, sources: list[SourceEntry], memory=None) -> Plan:
    p = Plan(sources)
    old: dict[tuple[str | None, str], polib.POEntry] = {(e.msgctxt, e.msgid): e for e in existing or []
                                                        if not e.obsolete}
    old_obsolete = {(e.msgctxt, e.msgid): e for e in existing or [] if e.obsolete}
    wanted = {s.key for s in sources}
    for s in sources:
        if s.key in old and _owned(old[s.key]):
            p.kept[s.key] = old[s.key]
        elif s.key in old_obsolete and old_obsolete[s.key].msgstr:
            p.revived[s.key] = old_obsolete[s.key]
    unused = {k: e for k, e in old.items() if k not in wanted}
    for s in sources:
        if s.key in p.kept or s.key in p.revived:
            continue
        same_ctxt = [k[1] for k in unused if k[0] == s.msgctxt]
        close = difflib.get_close_matches(s.msgid, same_ctxt, n=1, cutoff=SIMILARITY)
        if close:
            entry = unused.pop((s.msgctxt, close[0]))
            if entry.msgstr:
                p.changed[s.key] = entry
                continue
            unused[(s.msgctxt, close[0])] = entry
        if memory is not None:
            hit = memory.lookup(s.msgid)
            if hit:
                p.memory[s.key] = hit
    p.obsolete = [e for e in unused.values()] + [e for k, e in old_obsolete.items() if k not in wanted]
    return p


def _owned(entry: polib.POEntry) -> bool:
    """Whether an entry holds work to keep: a translation, or a translator's comment."""
    return bool(entry.msgstr.strip() or entry.tcomment)


def build(plan: Plan, po: polib.POFile, mt: Mapping[tuple[str | None, str], SegmentResult], engine: str | None,
          base: Path | None = None) -> polib.POFile:
    """Fill ``po`` (a new, empty catalog with its header) from the plan and the MT results."""
    for s in plan.sources:
        occurrences = s.occurrences(base)
        if s.key in plan.kept or s.key in plan.revived:
            e = plan.kept.get(s.key) or plan.revived[s.key]
            entry = polib.POEntry(msgid=e.msgid, msgctxt=e.msgctxt, msgstr=e.msgstr, occurrences=occurrences,
                                  comment=e.comment, tcomment=e.tcomment, flags=list(e.flags),
                                  previous_msgid=e.previous_msgid, previous_msgctxt=e.previous_msgctxt)
        elif s.key in plan.changed:
            e = plan.changed[s.key]
            flags = list(e.flags) + ([] if "fuzzy" in e.flags else ["fuzzy"])
            entry = polib.POEntry(msgid=s.msgid, msgctxt=s.msgctxt, msgstr=e.msgstr, occurrences=occurrences,
                                  comment=e.comment, tcomment=e.tcomment, flags=flags,
                                  previous_msgid=e.msgid, previous_msgctxt=e.msgctxt)
        elif s.key in plan.memory:
            text, origin = plan.memory[s.key]
            entry = polib.POEntry(msgid=s.msgid, msgctxt=s.msgctxt, msgstr=text, occurrences=occurrences,
                                  comment=f"{TM_COMMENT}: {origin}")
        else:
            result = mt.get(s.key)
            comments = mt_comments(result, engine or "?") if result is not None else []
            entry = polib.POEntry(msgid=s.msgid, msgctxt=s.msgctxt, msgstr=result.translation if result else "",
                                  occurrences=occurrences, comment="\n".join(comments) or "",
                                  flags=["fuzzy"] if result is not None else [])
        po.append(entry)
    for e in plan.obsolete:
        e.obsolete = True
        e.occurrences = []
        po.append(e)
    return po
