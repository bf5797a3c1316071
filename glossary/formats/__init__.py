"""Exchange formats: each module has ``read(path, encoding)`` yielding
``(line, Concept)`` and, where it can be written, ``write(concepts, out, languages)``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from glossator.errors import ImportFormatError

from ..model import Concept, Status
from . import csv_long, csv_sets, mt, tbx, tico
from .csvio import first_line

READERS: dict[str, Callable[..., Iterator[tuple[int, Concept]]]] = {"csv": csv_sets.read, "csv-long": csv_long.read, "tbx": tbx.read, "tbx3": tbx.read, "tico": tico.read,
           "aws": csv_sets.read, "deepl": mt.read_deepl}
# deepl writes one file per language pair: see mt.write_deepl and exchange.export_pairs.
WRITERS: dict[str, Callable[..., object]] = {"csv": csv_sets.write, "csv-long": csv_long.write, "tbx": tbx.write, "tbx3": partial(tbx.write, v3=True),
           "aws": mt.write_aws}
# Formats whose rows each hold one term: a concept id met again in the same
# file adds terms to it (a spreadsheet may have sorted the rows).
FRAGMENTED = {"csv-long"}
# Formats without concept ids: ids are made from a term, and a row is matched
# to the existing concept that has its preferred term.
INVENTED_IDS = {"csv", "aws", "deepl"}
# Which terms an export holds unless --status says otherwise: an MT service
# applies every entry it gets, so it gets only the terms to use.
USABLE = (Status.PREFERRED, Status.ADMITTED)
DEFAULT_STATUSES = {"aws": USABLE, "deepl": USABLE}


def detect(path: str | Path, encoding: str = "utf-8") -> str:
    """Guess an import file's format from its name and first line."""
    p = Path(path)
    if p.suffix.lower() in (".tbx", ".xml"):
        return "tbx"
    if p.suffix.lower() in (".csv", ".tsv", ".txt", ""):
        first = first_line(p, encoding).rstrip("\r\n")
        header = [h.strip() for h in first.split(",")]
        if tico.layout(header):
            return "tico"
        if "concept" in header and "language" in header:
            return "csv-long"
        return "csv"
    raise ImportFormatError(f"cannot tell the format of {p.name}", path=str(p),
                            hint="pass --format csv, csv-long, tbx, tico, aws or deepl")
