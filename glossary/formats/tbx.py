"""TBX-Basic, in both dialects a translator meets:

* ``tbx``: TBX v2, ISO 30042:2008 (``<martif>``, ``termEntry/langSet/tig``),
  the form Weblate and Translate Toolkit read;
* ``tbx3``: TBX v3, ISO 30042:2019 (``urn:iso:std:iso:30042:ed-2``,
  ``conceptEntry/langSec/termSec``), DCA style.

Both validate against the official TBX-Basic schemas (TBXBasicRNGV02.rng;
TBX v3 core RNG, TBX-Basic integrated RNG and DCA Schematron; copies in
tests/data/tbx-schemas). Import detects the dialect from the root element.

Only TBX-Basic's data categories are written, not a private dialect: the
tools a desk exchanges with (Translate Toolkit, Weblate, Lokalize, CAT tools)
know TBX-Basic, validators reject unknown types, and a private dialect's
schema is read by nobody. Glossator's fields that TBX-Basic lacks travel in
one ``<note>`` per entry or term, ``glossator: key=value; ...``, which a
human in any tool can read and which import maps back:

=====================  ============================================
Glossator              TBX data category
=====================  ============================================
status                 administrativeStatus (preferredTerm-admn-sts, …);
                       ``forbidden`` is deprecatedTerm-admn-sts plus
                       ``status=forbidden`` in the glossator note
kind                   termType (fullForm, abbreviation, shortForm, variant)
pos, gender            partOfSpeech, grammaticalGender; v3's partOfSpeech
                       has no properNoun, so there it is ``noun`` plus
                       ``pos=proper-noun``
domain, definition     descrip subjectField, descrip definition
source, note           admin source, note
number, case,          glossator note: ``number=plural``,
same-as-source,        ``case-sensitive=yes``, ``same-as-source=yes``,
do-not-translate       ``do-not-translate=yes`` (on the entry)
=====================  ============================================

A concept id that is not an XML name (``14th-five-year-plan`` starts with a
digit) is written with a leading ``_``, which no concept id has, and
import removes it. Text is read exactly as written (a definition may start
with a newline); only term text is trimmed, as everywhere.

Files from earlier versions (``x-caseSensitive``, ``x-sameAsSource``,
``x-doNotTranslate``, grammaticalNumber, usageNote ``forbidden``) still import.
Export, import, export is byte-identical in both dialects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from glossator import __version__, xmlsafe
from glossator.errors import GlossatorError, ImportFormatError

from ..model import Concept, Kind, Status, Term
from .position import opened

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
FLAGS = "glossator:"

_STATUS = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.DEPRECATED: "deprecatedTerm-admn-sts",
    Status.FORBIDDEN: "deprecatedTerm-admn-sts",
}
_STATUS_IN = {
    "preferredTerm-admn-sts": Status.PREFERRED,
    "admittedTerm-admn-sts": Status.ADMITTED,
    "deprecatedTerm-admn-sts": Status.DEPRECATED,
    "supersededTerm-admn-sts": Status.DEPRECATED,
    "notRecommendedTerm-admn-sts": Status.DEPRECATED,
    "obsoleteTerm-admn-sts": Status.DEPRECATED,
}
_KIND = {Kind.FULL: "fullForm", Kind.ABBREVIATION: "abbreviation", Kind.SHORT: "shortForm",
         Kind.VARIANT: "variant"}
_KIND_IN = {v: k for k, v in _KIND.items()} | {"acronym": Kind.ABBREVIATION, "initialism": Kind.ABBREVIATION}
_POS = {"noun": "noun", "proper-noun": "properNoun", "verb": "verb", "adjective": "adjective",
        "adverb": "adverb", "other": "other"}
_POS_IN = {v: k for k, v in _POS.items()}
# The glossator note's keys and the values each may take.
_FLAG_VALUES = {"status": {"forbidden"}, "pos": {"proper-noun"}, "number": {"singular", "plural"},
                "case-sensitive": {"yes"}, "same-as-source": {"yes"}, "do-not-translate": {"yes"}}
_NCNAME_START = re.compile(r"[A-Za-z_]")


class _Dialect:
    def __init__(self, v3: bool):
        ns = f"{{{TBX3_NS}}}" if v3 else ""
        self.v3 = v3
        self.entry, self.lang_set, self.term_group = (
            ("conceptEntry", "langSec", "termSec") if v3 else ("termEntry", "langSet", "tig")
        )
        self.q = lambda name: f"{ns}{name}"


def xml_id(concept_id: str) -> str:
    """The concept id as an XML name: ``14th-five-year-plan`` -> ``_14th-five-year-plan``."""
    return concept_id if _NCNAME_START.match(concept_id) else "_" + concept_id


def concept_id(xml_id_value: str) -> str:
    """Inverse of :func:`xml_id` (no concept id starts with ``_``)."""
    return xml_id_value[1:] if xml_id_value.startswith("_") else xml_id_value


def _flags_text(flags: dict[str, str | None]) -> str | None:
    items = [f"{k}={v}" for k, v in flags.items() if v]
    return f"{FLAGS} {'; '.join(items)}" if items else None


def _parse_flags(text: str) -> dict[str, str] | None:
    """The glossator note's fields, or None when the note is free text."""
    if not text.startswith(FLAGS):
        return None
    flags: dict[str, str] = {}
    for item in text[len(FLAGS):].split(";"):
        key, eq, value = item.strip().partition("=")
        if not eq or value not in _FLAG_VALUES.get(key, ()):
            return None
        flags[key] = value
    return flags


def write(concepts: Iterable[Concept], out, languages: list[str] | None = None, *, v3: bool = False) -> None:
    d = _Dialect(v3)
    if v3:
        root = etree.Element(d.q("tbx"), nsmap={None: TBX3_NS}, type="TBX-Basic", style="dca")
        header = etree.SubElement(root, d.q("tbxHeader"))
    else:
        root = etree.Element("martif", type="TBX-Basic")
        header = etree.SubElement(root, "martifHeader")
    root.set(XML_LANG, "en")
    source_desc = etree.SubElement(etree.SubElement(header, d.q("fileDesc")), d.q("sourceDesc"))
    etree.SubElement(source_desc, d.q("p")).text = f"Exported by Glossator {__version__}"
    body = etree.SubElement(etree.SubElement(root, d.q("text")), d.q("body"))
    for c in concepts:
        terms = [t for t in c.terms if not languages or t.lang in languages]
        if not terms:
            continue
        entry = etree.SubElement(body, d.q(d.entry), id=xml_id(c.id))
        _child(entry, d.q("descrip"), c.domain, type="subjectField")
        _child(entry, d.q("descrip"), c.definition, type="definition")
        _child(entry, d.q("admin"), c.source, type="source")
        _child(entry, d.q("note"), _flags_text({"do-not-translate": "yes" if c.do_not_translate else None}))
        by_lang: dict[str, list[Term]] = {}
        for t in terms:
            by_lang.setdefault(t.lang, []).append(t)
        for lang, lang_terms in by_lang.items():
            ls = etree.SubElement(entry, d.q(d.lang_set))
            ls.set(XML_LANG, lang)
            for t in lang_terms:
                _write_term(etree.SubElement(ls, d.q(d.term_group)), t, d)
    etree.indent(root, space="  ")
    out.write(etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True).decode("utf-8"))


def _child(parent, tag: str, text: str | None, **attrs) -> None:
    if text:
        etree.SubElement(parent, tag, **attrs).text = text


def _write_term(group, t: Term, d: _Dialect) -> None:
    q = d.q
    proper_in_flags = d.v3 and t.pos == "proper-noun"
    etree.SubElement(group, q("term")).text = t.text
    _child(group, q("termNote"), _KIND[t.kind], type="termType")
    pos = "noun" if proper_in_flags else _POS.get(t.pos) if t.pos else None
    _child(group, q("termNote"), pos, type="partOfSpeech")
    _child(group, q("termNote"), t.gender, type="grammaticalGender")
    _child(group, q("termNote"), _STATUS[t.status], type="administrativeStatus")
    _child(group, q("admin"), t.source, type="source")
    _child(group, q("note"), t.note)
    _child(group, q("note"), _flags_text({
        "status": "forbidden" if t.status == Status.FORBIDDEN else None,
        "pos": "proper-noun" if proper_in_flags else None,
        "number": t.number,
        "case-sensitive": "yes" if t.case_sensitive else None,
        "same-as-source": "yes" if t.same_as_source else None,
    }))


def read(path: str | Path, encoding: str = "utf-8") -> Iterator[tuple[int, Concept]]:
    """Yield (line, concept) for every concept entry of a TBX v2 or v3 file."""
    path = str(path)
    d: _Dialect | None = None
    n = 0
    for event, el in xmlsafe.iterparse(path, track=opened):  # streamed: each entry is freed once read
        if d is None:
            local = etree.QName(el).localname
            if local not in ("martif", "tbx"):
                raise ImportFormatError(f"root element is <{local}>, not <martif> or <tbx>", path=path,
                                        line=el.sourceline)
            d = _Dialect(v3=el.tag == f"{{{TBX3_NS}}}tbx")
            entry_tag = d.q(d.entry)
            continue
        if event != "end" or el.tag != entry_tag:
            continue
        n += 1
        try:
            concept = _read_entry(el, d, n)
        except GlossatorError as exc:
            raise exc.at(path, el.sourceline)
        line = el.sourceline
        xmlsafe.release(el)
        yield line, concept


def _typed(el, d: _Dialect, tag: str) -> dict[str, str]:
    # Exactly as written: a definition may start with a newline.
    return {c.get("type"): c.text or "" for c in el.findall(d.q(tag)) if c.get("type")}


def _notes(el, d: _Dialect) -> tuple[str | None, dict[str, str]]:
    """The free-text note and the glossator note's fields of an entry or term."""
    text: str | None = None
    flags: dict[str, str] = {}
    for note in el.findall(d.q("note")):
        parsed = _parse_flags(note.text or "")
        if parsed is None:
            text = note.text or None
        else:
            flags |= parsed
    return text, flags


def _read_entry(entry, d: _Dialect, n: int) -> Concept:
    descrip, admin = _typed(entry, d, "descrip"), _typed(entry, d, "admin")
    _, flags = _notes(entry, d)
    concept = Concept(
        id=concept_id(entry.get("id") or f"tbx-{n}"),
        domain=descrip.get("subjectField"), definition=descrip.get("definition"), source=admin.get("source"),
        do_not_translate="yes" in (flags.get("do-not-translate"), admin.get("x-doNotTranslate")),
    )
    for ls in entry.findall(d.q(d.lang_set)):
        lang = ls.get(XML_LANG) or ls.get("lang")
        if not lang:
            raise ImportFormatError(f"<{d.lang_set}> without xml:lang", line=ls.sourceline)
        groups = ls.findall(d.q(d.term_group)) + ([] if d.v3 else ls.findall("ntig/termGrp"))
        for group in groups:
            concept.terms.append(_read_term(group, d, lang))
    return concept


def _read_term(group, d: _Dialect, lang: str) -> Term:
    term_el = group.find(d.q("term"))
    if term_el is None:
        raise ImportFormatError("term group without <term>", line=group.sourceline)
    notes = {k: v.strip() for k, v in _typed(group, d, "termNote").items()}
    note, flags = _notes(group, d)
    status_text = notes.get("administrativeStatus")
    if status_text is None:
        status_text = notes.get("normativeAuthorization", "preferredTerm-admn-sts")
    if status_text not in _STATUS_IN:
        raise ImportFormatError(f"unknown administrativeStatus {status_text!r}", line=group.sourceline,
                                hint="use preferredTerm-admn-sts, admittedTerm-admn-sts or deprecatedTerm-admn-sts")
    status = _STATUS_IN[status_text]
    if status == Status.DEPRECATED and "forbidden" in (flags.get("status"), notes.get("usageNote")):
        status = Status.FORBIDDEN
    kind_text = notes.get("termType", "fullForm")
    if kind_text not in _KIND_IN:
        raise ImportFormatError(f"unknown termType {kind_text!r}", line=group.sourceline)
    pos_text = notes.get("partOfSpeech")
    pos = flags.get("pos") or (_POS_IN.get(pos_text, pos_text) if pos_text else None)
    try:
        return Term(
            lang=lang, text=term_el.text or "", status=status, kind=_KIND_IN[kind_text], pos=pos,
            gender=notes.get("grammaticalGender"), number=flags.get("number") or notes.get("grammaticalNumber"),
            case_sensitive="yes" in (flags.get("case-sensitive"), notes.get("x-caseSensitive")),
            same_as_source="yes" in (flags.get("same-as-source"), notes.get("x-sameAsSource")),
            note=note, source=_typed(group, d, "admin").get("source"),
        ).normalized()
    except GlossatorError as exc:
        raise exc.at(None, term_el.sourceline)
