"""Hand-made catalogs for the publishing tests: real PO files, written as `glossator translate` writes them."""

from __future__ import annotations

from pathlib import Path

import polib

from glossator.translate.documents import read_document
from glossator.translate.po import catalog as cat
from glossator.safefile import write_if_changed
from glossator.translate.po.files import render
from glossator.translate.po.paths import catalog_path
from glossator.translate.segment import segment_document


def write_catalog(article: Path, lang: str, catalogs: Path, msgstrs=None, *, fuzzy=(), drop=()) -> Path:
    """A catalog for ``article`` in ``lang``: msgstr from ``msgstrs`` (a dict; the msgid itself when it is
    None), reviewed unless the msgid is in ``fuzzy``; msgids in ``drop`` are left out (a changed article)."""
    doc = read_document(article)
    sources = cat.source_entries(segment_document(doc))
    po = cat.new_pofile(cat.catalog_metadata(doc.stem, lang, None, cat.now()), f"{lang} translation of {doc.stem}")
    for src in sources:
        if src.msgid in drop:
            continue
        msgstr = src.msgid if msgstrs is None else msgstrs.get(src.msgid, "")
        po.append(polib.POEntry(msgid=src.msgid, msgctxt=src.msgctxt, msgstr=msgstr,
                                occurrences=src.occurrences(article.parent),
                                flags=["fuzzy"] if src.msgid in fuzzy else []))
    path = catalog_path(catalogs, lang, doc.stem)
    write_if_changed(path, render(po))
    return path
