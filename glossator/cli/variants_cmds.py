"""``glossator glossary variants``: which regional variant a bare target (es, pt, zh) falls back to."""

from __future__ import annotations

import typer

from .output import console, emit_json, table


def register(app: typer.Typer, open_glossary) -> None:
    @app.command()
    def variants(
        ctx: typer.Context,
        lang: str = typer.Argument(None, help="Language (es, pt, zh); none: show every language's policy."),
        order: list[str] = typer.Argument(None, help="Regional variants, best first (es-ES es-419)."),
        off: bool = typer.Option(False, "--off", help="No regional fallback for LANG: only its own terms."),
        reset: bool = typer.Option(False, "--reset", help="Back to the default order for LANG."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Show or set, for this glossary, the regional variant a target uses where a concept has no
        term of its own (es -> es-419 or es-ES...). `translate --variants` overrides it for one run."""
        from glossator.errors import GlossatorError
        from glossator.glossary import variants as regional

        g = open_glossary(ctx)
        if lang is not None:
            if sum((bool(order), off, reset)) != 1:
                raise GlossatorError("give the variants in order, or --off, or --reset",
                                     hint=f"e.g. glossator glossary variants {lang} {lang}-419")
            regional.store(g, lang, order, off=off)
        policy = regional.load(g)
        langs = sorted({l.split("-")[0] for l in policy.languages} | set(policy.order) | set(policy.off))
        rows = [[l, regional.describe(policy, l)] for l in langs if lang is None or l == lang.split("-")[0].lower()]
        if as_json:
            emit_json({l: d for l, d in rows})
        else:
            console().print(table("regional variants", ["language", "fallback order"], rows))
