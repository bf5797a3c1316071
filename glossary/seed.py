"""The embedded default glossary, shipped in ``seeds/glossary.csv`` (csv-long)."""

from __future__ import annotations

from importlib.resources import as_file, files

from .model import Concept

SEED_FILE = "glossary.csv"


def load_seed_glossary() -> list[Concept]:
    with as_file(files("glossator.seeds") / SEED_FILE) as path:
        from .formats import csv_long

        return [concept for _, concept in csv_long.read(path)]

