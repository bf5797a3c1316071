"""TMX 1.4: reading translation units and writing them (the translation memory's exchange format).

Storing units is ``glossator.glossary.tm``'s job; this module only reads and writes files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from lxml import etree

from glossator import __version__, xmlsafe
from glossator.errors import GlossatorError, ImportFormatError

from .. import langtags

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv: etree._Element) -> str | None:
    lang: str | None = tuv.get(XML_LANG) or tuv.get("lang")
    return lang


def read_units(path: str | Path) -> Iterator[tuple[int, str, str, str, str]]:
    """Yield (line, source_lang, target_lang, source, target) for every tu of a TMX file."""
    path = str(path)
    root = xmlsafe.parse(path).getroot()
    if root.tag != "tmx":
        raise ImportFormatError(f"root element is <{root.tag}>, not <tmx>", path=path, line=root.sourceline)
    header = root.find("header")
    src = header.get("srclang") if header is not None else None
    if not src or src == "*all*":
        raise ImportFormatError("the TMX header names no srclang", path=path,
                                line=header.sourceline if header is not None else 1)
    try:
        src = langtags.normalize(src)
    except GlossatorError as exc:
        raise exc.at(path, header.sourceline)
    for tu in root.iter("tu"):
        segs = {}
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            lang = _lang(tuv)
            if seg is None or not lang:
                raise ImportFormatError("<tuv> without xml:lang or <seg>", path=path, line=tuv.sourceline)
            try:
                segs[langtags.normalize(lang)] = "".join(seg.itertext()).strip()
            except GlossatorError as exc:
                raise exc.at(path, tuv.sourceline)
        source = segs.pop(src, None)
        if not source:
            continue
        for tgt, text in segs.items():
            if text:
                yield tu.sourceline, src, tgt, source, text


def write_tmx(units: Iterable[tuple[str, str, str]], out: TextIO, source_lang: str = "en") -> int:
    """Write (source, target_lang, target) units as TMX 1.4, sorted, one tu per pair."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="Glossator", creationtoolversion=__version__,
                     segtype="sentence", **{"o-tmf": "Glossator PO"}, adminlang="en", srclang=source_lang,
                     datatype="plaintext")
    body = etree.SubElement(root, "body")
    n = 0
    for source, lang, target in sorted(set(units)):
        tu = etree.SubElement(body, "tu")
        for code, text in ((source_lang, source), (lang, target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, code)
            etree.SubElement(tuv, "seg").text = text
        n += 1
    etree.indent(root, space="  ")
    out.write(etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True).decode("utf-8"))
    return n
