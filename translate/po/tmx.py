"""TMX 1.4 import into the glossary database, and export of the translation memory."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossator import __version__, xmlsafe
from glossator.errors import GlossatorError, ImportFormatError
from glossator.glossary import langtags

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv) -> str | None:
    return tuv.get(XML_LANG) or tuv.get("lang")


def read_units(path: str | Path):
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
        exc.path, exc.line = path, header.sourceline
        raise
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
                exc.path, exc.line = path, tuv.sourceline
                raise
        source = segs.pop(src, None)
        if not source:
            continue
        for tgt, text in segs.items():
            if text:
                yield tu.sourceline, src, tgt, source, text


def import_tmx(glossary, path: str | Path) -> tuple[int, int]:
    """Import every unit in one transaction; returns (units read, units new)."""
    units = list(read_units(path))
    origin = Path(path).name
    conn = glossary.db.conn
    before = conn.execute("SELECT count(*) FROM tm_units").fetchone()[0]
    with conn:
        conn.executemany(
            "INSERT OR IGNORE INTO tm_units (source_lang, target_lang, source, target, origin) VALUES (?, ?, ?, ?, ?)",
            [(s, t, a, b, origin) for _, s, t, a, b in units],
        )
    return len(units), conn.execute("SELECT count(*) FROM tm_units").fetchone()[0] - before


def write_tmx(units, out, source_lang: str = "en") -> int:
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
