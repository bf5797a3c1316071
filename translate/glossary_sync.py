"""Catalogs that follow the glossary: notes, changed renderings, memory hits.

On top of the msgmerge-like plan (``merge``), for one catalog:

* every entry's glossary notes (``term_notes``) are worked out from today's
  glossary and written into the template and the catalog;
* a **fuzzy** entry (machine translation not yet reviewed) whose sentence
  mentions a concept whose approved rendering in this language is not the
  one its note recorded (the glossary was edited), or that has no note for
  it yet, gets the new rendering: the old one (the note's, or another term of
  the concept) is replaced in place, articles made to agree, and the entry
  stays fuzzy. Where no old rendering is found, an entry nobody commented
  on is translated again (memory first, then MT). Nothing happens where the
  entry already holds the approved term. The notes are the glossary's
  fingerprint per entry: a re-run with an unchanged glossary compares equal
  lines, calls no engine and writes nothing;
* a **reviewed** entry is never changed (only its notes follow the
  template, as msgmerge would do); ``glossator check`` names it if it now
  breaks the glossary, with the old and new renderings;
* a **translation-memory** hit (TMX or another catalog) that lacks an
  approved term or uses a deprecated or forbidden rendering goes in fuzzy,
  the term named in a ``glossary FAILED`` comment, never as reviewed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from . import constraints as cons
from . import enforce
from .pipeline import Enforcer, mentions
from .po import merge
from .po.term_notes import annotate, note, parse, previous_rendering, renderings

CHANGED = "glossary changed: "
FAILED = "glossary FAILED: "


class TermNotes:
    """One run's notes, worked out once per sentence and shared by every language's catalog."""

    def __init__(self, enforcer: Enforcer, source: str = "en"):
        self.enforcer = enforcer
        self.source = source
        self._matches: dict[tuple, list] = {}

    def matches(self, src, doc) -> list:
        """The glossary mentions of a catalog entry's sentence (outside protected spans)."""
        if src.key not in self._matches:
            seg = src.segments[0]
            found = mentions(self.enforcer.matcher, seg, doc=doc)
            self._matches[src.key] = [m for m in found if m.concept_id in self.enforcer.concepts]
        return self._matches[src.key]

    def notes(self, src, doc) -> list[str]:
        lines = []
        for m in self.matches(src, doc):
            r = renderings(self.enforcer.concepts[m.concept_id], m, self.source)
            line = note(m.surface, r) if r else None
            if line and line not in lines:
                lines.append(line)
        return lines

    def constraints(self, src, doc, target: str) -> list[cons.Constraint]:
        return self.enforcer.constraints(self.matches(src, doc), target)


@dataclass
class Sync:
    """What the glossary adds to one catalog's plan."""

    notes: dict[tuple, list[str]] = field(default_factory=dict)
    memory_problems: dict[tuple, list[str]] = field(default_factory=dict)  # key -> comment lines
    updated: int = 0  # fuzzy entries given the new rendering in place
    retranslated: int = 0  # fuzzy entries sent to translation again


def replan(job, terms: TermNotes | None) -> None:
    """``job.plan`` (msgmerge semantics) and ``job.sync``, from the job's catalog, sources and memory."""
    plan = merge.plan(job.existing, job.sources, job.memory)
    job.plan, job.sync = plan, Sync()
    if terms is None:
        return
    sync = job.sync
    avoid = terms.enforcer.avoid(job.target)
    for src in job.sources:
        key = src.key
        sync.notes[key] = terms.notes(src, job.doc)
        constraints = terms.constraints(src, job.doc, job.target)
        for table in (plan.kept, plan.revived, plan.changed):
            entry = table.get(key)
            if entry is None or not entry.fuzzy or not entry.msgstr:
                continue
            updated = _follow(entry, constraints, avoid, job.target)
            if updated is entry:
                continue
            if updated is not None:
                table[key] = updated
                sync.updated += 1
            elif table is plan.kept and not entry.tcomment:
                del plan.kept[key]  # to be translated again: the memory, else MT
                sync.retranslated += 1
                hit = job.memory.lookup(src.msgid) if job.memory is not None else None
                if hit:
                    plan.memory[key] = hit
        if key in plan.memory:
            problems = memory_problems(plan.memory[key][0], constraints, avoid)
            if problems:
                sync.memory_problems[key] = problems


def _follow(entry, constraints: list[cons.Constraint], avoid, target: str):
    """``entry`` itself when the glossary asks nothing new of it; a fuzzy copy with the new
    renderings; or None when the new rendering could not be put in place."""
    recorded = parse(entry.comment)
    stale = [c for c in constraints
             if recorded.get(c.match.surface, {}).get(c.required.lang) != c.required.text]
    allowed = {f for c in constraints for f in c.forms}
    ids = {c.concept_id for c in stale}
    wrong = [v for v in cons.violations(entry.msgstr, avoid, allowed) if v.concept_id in ids]
    if not stale or (not cons.missing(entry.msgstr, stale) and not wrong):
        return entry
    old = {c.concept_id: previous_rendering(entry.comment, entry.msgstr, c) for c in stale}
    renderings = {c.concept_id: [t for t in [old[c.concept_id]] if t] for c in stale}
    text, _ = enforce.repair(entry.msgstr, stale, renderings, avoid, allowed, target)
    if cons.missing(text, stale) or any(v.concept_id in ids for v in cons.violations(text, avoid, allowed)):
        return None
    new = copy.copy(entry)
    new.msgstr = text
    changes = [f"{CHANGED}{old[c.concept_id]} → {c.value}" for c in stale if old[c.concept_id]]
    rest = [line for line in (entry.comment or "").splitlines() if not line.startswith(CHANGED)]
    new.comment = "\n".join(rest + changes)
    return new


def memory_problems(text: str, constraints: list[cons.Constraint], avoid) -> list[str]:
    """Comment lines naming what a memory hit gets wrong against the glossary (none: it is fine)."""
    allowed = {f for c in constraints for f in c.forms}
    out, named = [], set()
    for c in cons.missing(text, constraints):
        used = previous_rendering(None, text, c)
        status = next((t.status.value for t in c.concept.terms if t.lang == c.required.lang and t.text == used), "")
        named.add((c.concept_id, used))
        out.append(f"{FAILED}{c.match.surface} → {c.value}"
                   + (f", the memory has the {status} {used!r}" if used else ""))
    for v in cons.violations(text, avoid, allowed):
        if (v.concept_id, v.term.text) not in named:
            out.append(f"{FAILED}{v.term.status} rendering {v.surface!r}")
    return out


def annotate_template(pot, job) -> None:
    annotate(pot, job.sync.notes if job.sync else {})


def finish(po, job):
    """The built catalog with its notes, and memory hits that break the glossary made fuzzy."""
    if job.sync is None:
        return po
    annotate(po, job.sync.notes)
    for e in po:
        problems = job.sync.memory_problems.get((e.msgctxt, e.msgid))
        if problems and not e.obsolete and (e.msgctxt, e.msgid) in job.plan.memory:
            if "fuzzy" not in e.flags:
                e.flags.append("fuzzy")
            lines = (e.comment or "").splitlines()
            e.comment = "\n".join(lines + [p for p in problems if p not in lines])
    return po
