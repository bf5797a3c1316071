"""The embedded default glossary, shipped in ``seeds/glossary.csv`` (csv-long)."""

from __future__ import annotations

from importlib.resources import as_file, files

from .exchange import parse_file
from .model import Concept

SEED_FILE = "glossary.csv"


def load_seed_glossary() -> list[Concept]:
    with as_file(files("glossator.seeds") / SEED_FILE) as path:
        return parse_file(path, "csv-long").concepts


def seed_articles() -> list:
    """Paths of the embedded seed articles, in name order."""
    return sorted((p for p in files("glossator.seeds").iterdir() if p.name.endswith(".txt")), key=lambda p: p.name)
