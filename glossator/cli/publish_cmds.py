"""``glossator publish``: reviewed catalogs back into articles."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("publish")(publish)


def publish(
    articles: list[Path] = typer.Argument(..., help="The source articles the catalogs were made from."),
    to: str = typer.Option(..., "--to", help="Languages to publish (BCP 47), comma-separated."),
    catalogs: Path = typer.Option(Path("locales"), "--catalogs", help="Folder of the PO catalogs."),
    out: Path = typer.Option(Path("published"), "--out", help="Folder for the articles: <out>/<lang>/<file>."),
    draft: bool = typer.Option(False, "--draft", help="Publish unreviewed (fuzzy) machine translation too."),
    skip_missing: bool = typer.Option(False, "--skip-missing",
                                      help="Skip the articles and languages that have no catalog; report them."),
) -> None:
    """Rebuild translated articles from their catalogs, keeping the source's layout byte for byte."""
    from glossator.errors import GlossatorError
    from glossator.glossary import langtags
    from glossator.translate.publish import publish as run

    given = list(dict.fromkeys(t.strip() for t in to.split(",") if t.strip()))
    if not given:
        raise GlossatorError("--to names no language", hint="e.g. --to zh,es,pt")
    outcomes = run(articles, [(t, langtags.normalize(t)) for t in given], catalogs, out, draft, skip_missing)
    skipped: dict[str, int] = {}
    for o in outcomes:
        if o.missing is not None:
            skipped[o.lang] = skipped.get(o.lang, 0) + 1
    for lang, n in skipped.items():
        typer.echo(f"{lang}: skipped, no catalog for {n} article(s) in {catalogs} "
                   f"(run `glossator translate ... --to {lang}` first)", err=True)
    outcomes = [o for o in outcomes if o.missing is None]
    for o in outcomes:
        if o.published:
            state = "written" if o.written else "unchanged"
            drafts = f", {o.drafts} unreviewed machine translation(s) used" if draft else ""
            typer.echo(f"{o.out_path}: {state}{drafts}")
    blocked = [o for o in outcomes if not o.published]
    for o in blocked:
        typer.echo(f"{o.article} not published in {o.lang}: {len(o.pending)} entr{'y' if len(o.pending) == 1 else 'ies'}"
                   " not reviewed", err=True)
        for p in o.pending:
            typer.echo(f"  {p}", err=True)
    if blocked:
        hint = "review them (Poedit: clear 'Needs work'), or pass --draft to publish machine translation"
        typer.echo(f"{len(blocked)} article(s) not published; {hint}", err=True)
        raise typer.Exit(1)
