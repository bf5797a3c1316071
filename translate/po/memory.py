"""The translation memory: approved translations reused before MT is asked.

Two sources: every approved entry (translated, not fuzzy, not obsolete) of
the catalogs under the output folder, and the units imported from TMX files
into the glossary database (``glossator tm import``). Lookups are exact on
the source sentence: a sentence translated and approved in one article is
reused in every other article.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from glossator.glossary import langtags, tm

from .check import catalog_language
from .files import read_catalog
from .gettext_locale import gettext_name


def catalogs_of(out: Path, target: str) -> list[Path]:
    return sorted((Path(out) / gettext_name(target) / "LC_MESSAGES").glob("*.po"))


def approved_entries(path: Path, read=read_catalog):
    for e in read(path) or ():  # None: an empty file, treated as absent
        if e.msgstr and not e.fuzzy and not e.obsolete and e.translated():
            yield e


class TranslationMemory:
    def __init__(self, units: dict[str, tuple[str, str]]):
        self.units = units  # source -> (target, origin)

    def lookup(self, source: str) -> tuple[str, str] | None:
        return self.units.get(source)

    def __len__(self) -> int:
        return len(self.units)

    @classmethod
    def load(cls, out: Path, target: str, glossary=None, source_lang: str = "en", read=read_catalog) -> TranslationMemory:
        units: dict[str, tuple[str, str]] = {}
        if glossary is not None:
            chain = langtags.fallback_chain(target)
            rank = {t: i for i, t in enumerate(chain)}
            rows = tm.lookup_units(glossary, source_lang, chain)
            for source, text, origin, lang in sorted(rows, key=lambda r: rank[r[3]], reverse=True):
                units[source] = (text, f"TMX {origin}")
        for path in catalogs_of(out, target):  # approved catalog entries win over imported units
            for e in approved_entries(path, read):
                if e.msgctxt is None or e.msgid not in units:
                    units[e.msgid] = (e.msgstr, str(path))
        return cls(units)


def catalog_units(out: Path) -> Iterator[tuple[str, str, str]]:
    """(msgid, language, msgstr) of every approved entry of every catalog under ``out``, for a TMX export."""
    for p in sorted(Path(out).rglob("*.po")):
        po = read_catalog(p)
        lang = catalog_language(po, p)
        yield from ((e.msgid, lang, e.msgstr) for e in po if e.msgstr and not e.fuzzy and not e.obsolete)
