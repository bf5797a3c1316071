"""TBX-Basic, in both dialects a translator meets:

* ``tbx``: TBX v2, ISO 30042:2008 (``<martif>``, ``termEntry/langSet/tig``),
  the form Weblate and Translate Toolkit read;
* ``tbx3``: TBX v3, ISO 30042:2019 (``urn:iso:std:iso:30042:ed-2``,
  ``conceptEntry/langSec/termSec``).

Import detects the dialect from the root element. Mapping:

=====================  ============================================
Glossator              TBX data category
=====================  ============================================
status                 administrativeStatus (preferredTerm-admn-sts, …);
                       ``forbidden`` is deprecatedTerm-admn-sts plus the
                       usageNote ``forbidden``, so other tools still see
                       a term not to use
kind                   termType (fullForm, abbreviation, shortForm, variant)
pos, gender, number    partOfSpeech, grammaticalGender, grammaticalNumber
domain, definition     descrip subjectField, descrip definition
source, note           admin source, note
case, same-as-source,  x-caseSensitive, x-sameAsSource,
do-not-translate       x-doNotTranslate (TBX's private-use ``x-`` types)
=====================  ============================================

Export, import, export is byte-identical in both dialects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from glossator import __version__, xmlsafe
from glossator.errors import GlossatorError, ImportFormatError

from ..model import Concept, Kind, Status, Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"

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


class _Dialect:
    def __init__(self, v3: bool):
        ns = f"{{{TBX3_NS}}}" if v3 else ""
        self.v3 = v3
        self.entry, self.lang_set, self.term_group = (
            ("conceptEntry", "langSec", "termSec") if v3 else ("termEntry", "langSet", "tig")
        )
        self.q = lambda name: f"{ns}{name}"


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
        entry = etree.SubElement(body, d.q(d.entry), id=c.id)
        _child(entry, d.q("descrip"), c.domain, type="subjectField")
        _child(entry, d.q("descrip"), c.definition, type="definition")
        _child(entry, d.q("admin"), c.source, type="source")
        _child(entry, d.q("admin"), "yes" if c.do_not_translate else None, type="x-doNotTranslate")
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
    etree.SubElement(group, q("term")).text = t.text
    _child(group, q("termNote"), _KIND[t.kind], type="termType")
    _child(group, q("termNote"), _POS.get(t.pos) if t.pos else None, type="partOfSpeech")
    _child(group, q("termNote"), t.gender, type="grammaticalGender")
    _child(group, q("termNote"), t.number, type="grammaticalNumber")
    _child(group, q("termNote"), _STATUS[t.status], type="administrativeStatus")
    _child(group, q("termNote"), "forbidden" if t.status == Status.FORBIDDEN else None, type="usageNote")
    _child(group, q("termNote"), "yes" if t.case_sensitive else None, type="x-caseSensitive")
    _child(group, q("termNote"), "yes" if t.same_as_source else None, type="x-sameAsSource")
    _child(group, q("admin"), t.source, type="source")
    _child(group, q("note"), t.note)


def read(path: str | Path, encoding: str = "utf-8") -> Iterator[tuple[int, Concept]]:
    """Yield (line, concept) for every concept entry of a TBX v2 or v3 file."""
    path = str(path)
    root = xmlsafe.parse(path).getroot()
    local = etree.QName(root).localname
    if local not in ("martif", "tbx"):
        raise ImportFormatError(f"root element is <{local}>, not <martif> or <tbx>", path=path, line=root.sourceline)
    d = _Dialect(v3=root.tag == f"{{{TBX3_NS}}}tbx")
    entries = root.iter(d.q(d.entry))
    for n, entry in enumerate(entries, 1):
        try:
            yield entry.sourceline, _read_entry(entry, d, n)
        except GlossatorError as exc:
            exc.path, exc.line = path, exc.line or entry.sourceline
            raise


def _typed(el, d: _Dialect, tag: str) -> dict[str, str]:
    return {c.get("type"): (c.text or "").strip() for c in el.findall(d.q(tag)) if c.get("type")}


def _read_entry(entry, d: _Dialect, n: int) -> Concept:
    descrip, admin = _typed(entry, d, "descrip"), _typed(entry, d, "admin")
    concept = Concept(
        id=entry.get("id") or f"tbx-{n}",
        domain=descrip.get("subjectField"), definition=descrip.get("definition"), source=admin.get("source"),
        do_not_translate=admin.get("x-doNotTranslate") == "yes",
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
    notes = _typed(group, d, "termNote")
    status_text = notes.get("administrativeStatus")
    if status_text is None:
        status_text = notes.get("normativeAuthorization", "preferredTerm-admn-sts")
    if status_text not in _STATUS_IN:
        raise ImportFormatError(f"unknown administrativeStatus {status_text!r}", line=group.sourceline,
                                hint="use preferredTerm-admn-sts, admittedTerm-admn-sts or deprecatedTerm-admn-sts")
    status = _STATUS_IN[status_text]
    if status == Status.DEPRECATED and notes.get("usageNote") == "forbidden":
        status = Status.FORBIDDEN
    kind_text = notes.get("termType", "fullForm")
    if kind_text not in _KIND_IN:
        raise ImportFormatError(f"unknown termType {kind_text!r}", line=group.sourceline)
    pos_text = notes.get("partOfSpeech")
    note = group.find(d.q("note"))
    try:
        return Term(
            lang=lang, text=term_el.text or "", status=status, kind=_KIND_IN[kind_text],
            pos=_POS_IN.get(pos_text, pos_text) if pos_text else None,
            gender=notes.get("grammaticalGender"), number=notes.get("grammaticalNumber"),
            case_sensitive=notes.get("x-caseSensitive") == "yes",
            same_as_source=notes.get("x-sameAsSource") == "yes",
            note=(note.text or "").strip() if note is not None else None,
            source=_typed(group, d, "admin").get("source"),
        ).normalized()
    except GlossatorError as exc:
        exc.line = term_el.sourceline
        raise
