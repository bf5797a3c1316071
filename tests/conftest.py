from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossator.cli.main import app
from glossator.glossary.store import Glossary

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TICO = SHARED / "benchmarks" / "tico19"
SEED_ARTICLES = sorted((REPO / "seeds").glob("*.txt"))


@pytest.fixture
def seeded_db(tmp_path) -> Path:
    """A real SQLite file, created and seeded as on a user's first run."""
    path = tmp_path / "glossary.db"
    Glossary.open(path).close()
    return path


@pytest.fixture
def seeded(seeded_db) -> Glossary:
    g = Glossary.open(seeded_db)
    yield g
    g.close()


@pytest.fixture
def blank(tmp_path) -> Glossary:
    """A migrated database with no concepts in it."""
    g = Glossary.open(tmp_path / "blank.db", seed=False)
    yield g
    g.close()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run the real CLI in-process against a database in a temporary folder."""
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GLOSSATOR_DB", raising=False)

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def tico_dir(tmp_path) -> Path:
    if not TICO.is_dir():
        pytest.fail(f"TICO-19 benchmark data missing at {TICO}; it ships in shared/ beside the repository")
    return TICO


def copy_to(src: Path, dst_dir: Path) -> Path:
    dst = dst_dir / src.name
    shutil.copy(src, dst)
    return dst
