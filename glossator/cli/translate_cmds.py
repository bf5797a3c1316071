"""``glossator translate``: the desk's main job."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .output import console, emit_json, table


def register(app: typer.Typer) -> None:
    app.command("translate")(translate)


def translate(
    articles: list[Path] = typer.Argument(..., help="Articles: .txt (one paragraph per line), .md or .html."),
    to: str = typer.Option("zh,es,pt", "--to", help="Target languages (BCP 47), comma-separated."),
    engine: str = typer.Option("auto", "--engine", "-e", help=(
        "auto (per language, the best measured route installed here), libretranslate, argos, bergamot, "
        "apertium, or a route through a pivot language: engine:src-tgt legs joined by +, "
        "e.g. bergamot:en-pt+apertium:pt-es.")),
    server: list[str] = typer.Option(None, "--server", envvar="GLOSSATOR_LIBRETRANSLATE_URLS",
                                     help="LibreTranslate server URL (repeat for a pool)."),
    api_key: str = typer.Option(None, "--api-key", envvar="GLOSSATOR_LIBRETRANSLATE_API_KEY",
                                help="LibreTranslate API key."),
    n_best: int = typer.Option(4, "--n-best", min=1, max=16, help="Hypotheses to keep per segment."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Do not enforce terms (for comparisons)."),
    variants: str = typer.Option(None, "--variants", help=(
        "Regional variants whose terms win where a concept has none of the target's own, e.g. es-ES,pt-PT "
        "[default: the glossary's order, see 'glossary variants']."), metavar="TAGS"),
    no_variant_fallback: bool = typer.Option(False, "--no-variant-fallback",
                                             help="Use only the target's own terms (es, not es-419)."),
    skip_missing: bool = typer.Option(False, "--skip-missing",
                                      help="Translate the targets that have an engine; report the others."),
    out: Path = typer.Option(Path("locales"), "--out", help="Folder for the PO catalogs."),
    db: Path = typer.Option(None, "--db", envvar="GLOSSATOR_DB", help="Glossary database [default: ./glossary.db]."),
    as_json: bool = typer.Option(False, "--json", help="Print every segment's result as JSON."),
) -> None:
    """Translate articles offline into PO catalogs, with every glossary term enforced."""
    from glossator.glossary import variants as regional
    from glossator.glossary.store import Glossary, resolve_path
    from glossator.translate import run
    from glossator.translate.engines.select import EngineSet

    from .output import run_lock

    targets = run.parse_targets(to)
    docs = run.read_articles(articles)  # every input checked before any work
    glossary_db = Glossary.open(resolve_path(db))
    err = console(stderr=True)

    def progress(step) -> None:  # an article, or the first pass of a group of articles (run.Step)
        if not as_json and sys.stderr.isatty():
            err.print(f"[dim]{step}[/dim]")

    policy = regional.load(glossary_db).with_run([v for v in (variants or "").split(",") if v.strip()],
                                                 fallback=not no_variant_fallback)
    with run_lock(out):
        plan = run.plan(docs, targets, out, glossary_db, variants=policy)  # every existing catalog checked, too
        result = run.execute(plan, EngineSet(server, api_key), engine=engine, n_best=n_best,
                             glossary=not no_glossary, skip_missing=skip_missing, progress=progress)
    if as_json:
        emit_json(result.to_dict())
    else:
        console().print(summary_table(result))
    for t, e in result.missing.items():
        typer.echo(f"warning: {t} skipped: {e}", err=True)
    for line in result.unreachable:
        typer.echo(f"warning: {line}", err=True)
    if result.failed:
        typer.echo(f"warning: {result.failed} segment(s) failed a glossary constraint and are flagged for review",
                   err=True)
    for r in result.remerged:
        typer.echo(f"warning: {r.path} was saved during the run; merged with the saved version", err=True)
    if result.conflicts:
        from glossator.errors import GlossatorError

        # Not written, so the run did not do its job for these: a script must know (exit 1).
        raise GlossatorError(f"left untouched, they kept changing during the run: "
                             f"{', '.join(map(str, result.conflicts))}",
                             hint="run translate again once the translators have saved")


def summary_table(result):
    rows = []
    for s in result.summaries():
        if s.skipped is not None:
            rows.append([s.target, "-", 0, "-", "-", "-", "-", "-", "-", "-", f"skipped: {s.skipped}"])
            continue
        rows.append([s.target, s.engine or "(none needed)", s.new, s.kept, s.memory, s.terms["protect"],
                     s.terms["n-best"], s.terms["repair"], s.term_failures, f"{s.written}/{s.catalogs}",
                     f"{s.seconds:.2f} s"])
    return table("translation", ["language", "engine", "MT entries", "kept", "memory", "terms: protect",
                                 "n-best", "repair", "term failures", "catalogs written", "wall time"], rows)
