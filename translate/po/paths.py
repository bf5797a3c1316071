"""Where an article's catalogs live: ``<out>/<lang>/LC_MESSAGES/<article>.po`` and
``<out>/templates/<article>.pot``, and the rule that two articles never share one."""

from __future__ import annotations

from pathlib import Path

from glossator.errors import GlossatorError

from ..documents import Document
from .gettext_locale import gettext_name


def catalog_path(out: Path, target: str, stem: str) -> Path:
    return Path(out) / gettext_name(target) / "LC_MESSAGES" / f"{stem}.po"


def template_path(out: Path, stem: str) -> Path:
    return Path(out) / "templates" / f"{stem}.pot"


def check_names(docs: list[Document]) -> list[Document]:
    """The articles, each once; refuses two articles that would share one catalog.

    Catalogs are named after the article's base name (``x.po`` for ``a/x.txt``):
    translators and the desk's tooling know them by that name, so it stays.
    Two different articles with one base name (``a/x.txt`` and ``b/x.txt``,
    ``y.txt`` and ``y.md``) would overwrite each other's catalog, so such a run
    is refused before anything is read or written. Names are compared
    case-insensitively, as a catalog folder on macOS or Windows would.
    """
    seen: dict[str, Document] = {}
    unique = []
    for doc in docs:
        first = seen.setdefault(doc.stem.casefold(), doc)
        if first is doc:
            unique.append(doc)
        elif Path(first.path).resolve() != Path(doc.path).resolve():
            raise GlossatorError(f"{first.path} and {doc.path} would share the catalog {doc.stem}.po",
                                 hint="rename one, or translate them in separate runs with different --out")
    return unique
