"""Translated, fuzzy and untranslated counts, in entries and source words."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from glossator.safefile import write_bytes

from .check import catalog_language
from .files import read_catalog


def catalog_stats(path: str | Path) -> dict:
    po = read_catalog(path)
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for e in po:
        if e.obsolete:
            continue
        state = "untranslated" if not e.msgstr else ("fuzzy" if e.fuzzy else "translated")
        counts[state][0] += 1
        counts[state][1] += len(e.msgid.split())
    total_words = sum(v[1] for v in counts.values())
    return {
        "file": str(path), "article": Path(path).stem, "language": catalog_language(po, path),
        **{f"{k}": v[0] for k, v in counts.items()},
        **{f"{k}_words": v[1] for k, v in counts.items()},
        "percent_translated_words": round(100 * counts["translated"][1] / total_words, 1) if total_words else 0.0,
    }


def compile_catalogs(paths: Sequence[str | Path]) -> list[Path]:
    """Write each ``.mo`` beside its ``.po``: translated, non-fuzzy entries and the header, as msgfmt does.

    Every catalog is read and checked first, so a bad one means no ``.mo`` is written.
    """
    catalogs = [(Path(p), read_catalog(p)) for p in paths]
    written = []
    for path, po in catalogs:
        # GNU msgfmt leaves POT-Creation-Date out of the .mo header (so that a
        # rebuilt template does not change the binary); do the same.
        po.metadata.pop("POT-Creation-Date", None)
        mo = path.with_suffix(".mo")
        write_bytes(mo, po.to_binary())
        written.append(mo)
    return written
