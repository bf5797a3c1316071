"""``glossator check``: translators' catalogs against the glossary, like pofilter.

Works on any catalog, edited in Glossator's pipeline or by hand: the target
language comes from the ``Language`` header, the concepts from matching
each msgid against the glossary.

Per translated entry (errors make the command exit 1):

* ``glossary``: a matched concept's approved target term is missing;
* ``deprecated`` / ``forbidden``: a rendering the glossary rules out is used;
* ``do-not-translate``: a name that must stay verbatim was altered;
* ``numbers`` (warning): a number of the source is not in the translation;
* ``xmltags``: the translation's tags differ from the msgid's, as pofilter's
  ``xmltags`` finds them (same tags and attributes, ``alt``, ``title``,
  ``dir`` and ``lang`` values may change). Unlike pofilter, tags may move:
  a language puts a link where its word order needs it.
* ``endpunc`` (warning): the final punctuation was lost or added, as
  pofilter's endpunc sees it (full-width 。？！ count as . ? !).

Terms are looked for outside tags, so that ``<a href="/celac">`` asks for nothing.

Untranslated and fuzzy entries are counted, not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from glossator.glossary import langtags

from .. import constraints as cons
from ..documents import protected_spans
from .files import CatalogError, read_catalog
from .term_notes import parse, previous_rendering


@dataclass
class Problem:
    line: int
    severity: str  # "error" or "warning"
    check: str
    message: str
    msgid: str

    def to_dict(self) -> dict:
        return self.__dict__


@dataclass
class Report:
    path: str
    language: str
    entries: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    def to_dict(self) -> dict:
        return {"file": self.path, "language": self.language, "entries": self.entries,
                "translated": self.translated, "fuzzy": self.fuzzy, "untranslated": self.untranslated,
                "errors": self.errors, "problems": [p.to_dict() for p in self.problems]}


def catalog_language(po, path) -> str:
    raw = po.metadata.get("Language", "").strip()
    if not raw:
        raise CatalogError("the header has no Language", path=str(path), line=1,
                           hint='add e.g. "Language: es\\n" to the header')
    return langtags.normalize(raw.replace("_", "-"))


def check_catalog(path: str | Path, enforcer, include_fuzzy: bool = False) -> Report:
    po = read_catalog(path)
    lang = catalog_language(po, path)
    avoid = enforcer.avoid(lang)
    report = Report(str(path), lang)
    for e in po:
        if e.obsolete:
            continue
        report.entries += 1
        if not e.msgstr:
            report.untranslated += 1
            continue
        if e.fuzzy:
            report.fuzzy += 1
            if not include_fuzzy:
                continue
        else:
            report.translated += 1
        report.problems += check_entry(e, lang, enforcer, avoid)
    return report


def check_entry(e, lang: str, enforcer, avoid) -> list[Problem]:
    out = []
    patterns = _protected_patterns(e)
    msgid, msgstr = _blanked(e.msgid, patterns), _blanked(e.msgstr, patterns)
    matches = enforcer.matcher.find(msgid)
    constraints = enforcer.constraints(matches, lang)
    tags = xmltags(e.msgid, e.msgstr)
    if tags:
        out.append(Problem(e.linenum, "error", "xmltags", tags, e.msgid))
    for c in cons.missing(msgstr, constraints):
        if c.concept.do_not_translate and c.required.same_as_source:
            out.append(Problem(e.linenum, "error", "do-not-translate",
                               f"{c.match.surface!r} must stay {c.required.text!r}", e.msgid))
        else:
            # the rendering the entry uses instead: "glossary changed" where its note still records it
            was = previous_rendering(e.comment, msgstr, c)
            why = "glossary changed: " if was and was == parse(e.comment).get(c.match.surface, {}).get(
                c.required.lang) else ""
            out.append(Problem(e.linenum, "error", "glossary",
                               f"{c.match.surface!r} must be rendered {c.required.text!r}"
                               + (f" ({why}{was!r} → {c.required.text!r})" if was else ""), e.msgid))
    allowed = {c.required.text for c in constraints}
    for v in cons.violations(msgstr, avoid, allowed):
        concept = enforcer.concepts[v.concept_id]
        preferred = concept.preferred(lang, chain=enforcer.chain(lang))
        out.append(Problem(e.linenum, "error", v.term.status,
                           f"{v.term.status} rendering {v.surface!r}"
                           + (f"; use {preferred.text!r}" if preferred else ""), e.msgid))
    lost = cons.missing_numbers(_outside(msgid, matches), msgstr)
    if lost:
        out.append(Problem(e.linenum, "warning", "numbers", "number(s) of the source missing: " + ", ".join(lost),
                           e.msgid))
    ends = end_punctuation(e.msgid), end_punctuation(e.msgstr)
    if ends[0] != ends[1]:
        out.append(Problem(e.linenum, "warning", "endpunc", "final punctuation differs: source ends with "
                           f"{ends[0] or 'none'!r}, translation with {ends[1] or 'none'!r}", e.msgid))
    return out


_FULL_WIDTH = str.maketrans("。？！：；…", ".?!:;…")


def end_punctuation(text: str) -> str:
    """The sentence's final punctuation mark ('.', '?', '!', ':', ';', '…'), closing quotes skipped."""
    last = text.rstrip().rstrip("\"'”’»)]」』）").translate(_FULL_WIDTH)[-1:]
    return last if last in ".?!:;…" else ""


def _outside(text: str, matches) -> str:
    for m in sorted(matches, key=lambda m: m.start, reverse=True):
        text = text[:m.start] + " " + text[m.end:]
    return text


# pofilter's tag pattern (translate.filters.checks.tags), and the attributes its
# default configuration lets a translation change.
_TAG = re.compile(r"<[^>]+>")
_TAG_NAME = re.compile(r"<\s*([\w/]*).*?(/)?\s*>", re.S)
_ATTR = re.compile(r""" (\w*)=((?:".*?")|(?:'.*?'))""")
_CHANGEABLE = {"title", "dir", "lang"}
# What check_entry blanks out before it looks for terms: tags and comments, not a lone "<".
_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)


def _protected_patterns(e) -> tuple[re.Pattern, ...]:
    """What the article's format keeps verbatim (as translate protects it), told by the entry's
    reference: tags everywhere, code spans and link destinations in Markdown too."""
    if any(Path(path).suffix.lower() in (".md", ".markdown") for path, _ in e.occurrences):
        from ..markdown import PROTECTED

        return (_MARKUP, *PROTECTED)
    return (_MARKUP,)


def _blanked(text: str, patterns: tuple[re.Pattern, ...]) -> str:
    """``text`` with its protected spans (URLs, e-mail addresses, ``patterns``) turned to spaces:
    a term inside a tag, a code span or a URL asks for nothing, as in translate."""
    for s, e in protected_spans(text, *patterns):
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def _tag_properties(tag: str) -> list[tuple]:
    m = _TAG_NAME.match(tag)
    name = (m.group(1) or "") + (m.group(2) or "") if m else tag
    props = [(name, None, None)]
    for attr, value in _ATTR.findall(tag):
        if attr in _CHANGEABLE or (name == "img" and attr == "alt"):
            props.append((name, attr, None))
        else:
            props.append((name, attr, value[1:-1]))
    return props


def xmltags(msgid: str, msgstr: str) -> str | None:
    """What is wrong with the tags of ``msgstr`` against ``msgid``, or None."""
    source, target = _TAG.findall(msgid), _TAG.findall(msgstr)
    if not source:
        return f"added tags: {', '.join(target)}" if target else None
    if len(source[0]) == len(msgid) and "=" not in source[0]:
        return None  # the whole msgid looks like one tag ("<Error>"): pofilter leaves it
    want = Counter(tuple(_tag_properties(t)) for t in source)
    got = Counter(tuple(_tag_properties(t)) for t in target)
    if want == got:
        return None
    shown = {tuple(_tag_properties(t)): t for t in source + target}
    missing = [shown[k] for k, n in (want - got).items() for _ in range(n)]
    added = [shown[k] for k, n in (got - want).items() for _ in range(n)]
    return "; ".join(part for part in (
        f"tags missing or changed: {', '.join(missing)}" if missing else "",
        f"tags not in the source: {', '.join(added)}" if added else "") if part)
