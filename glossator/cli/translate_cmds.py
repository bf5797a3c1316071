"""``glossator translate``: the desk's main job.

Translation engines arrive with the next issue; until then the command does
the part that exists (open, create and seed the glossary, check the
articles are readable) and says plainly that no catalog was written.
"""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("translate")(translate)


def translate(
    articles: list[Path] = typer.Argument(..., help="Articles (.txt, one paragraph per line)."),
    to: str = typer.Option("zh,es,pt", "--to", help="Target languages."),
    out: Path = typer.Option(Path("locales"), "--out", help="Folder for the PO catalogs."),
    db: Path = typer.Option(None, "--db", envvar="GLOSSATOR_DB", help="Glossary database [default: ./glossary.db]."),
) -> None:
    """Translate articles into PO catalogs with every glossary term enforced."""
    from glossator.errors import GlossatorError
    from glossator.glossary import langtags
    from glossator.glossary.store import Glossary, resolve_path

    from .glossary_cmds import print_stats

    targets = [langtags.normalize(t) for t in to.split(",") if t.strip()]
    for path in articles:
        if not path.is_file():
            raise GlossatorError(f"{path}: no such article", hint="pass .txt files, e.g. seeds/*.txt")
    g = Glossary.open(resolve_path(db))
    print_stats(g.stats())
    typer.echo(
        f"{len(articles)} article(s) ready for {', '.join(targets)}; machine translation is not built yet, "
        f"so nothing was written to {out}/",
        err=True,
    )
