"""``glossator engines``: what can translate here, and argos package management."""

from __future__ import annotations

from pathlib import Path

import typer

from .output import console, emit_json, table

app = typer.Typer(help="List translation engines; install and remove argos model packages.",
                  rich_markup_mode=None, invoke_without_command=True)


@app.callback()
def engines(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    server: list[str] = typer.Option(None, "--server", envvar="GLOSSATOR_LIBRETRANSLATE_URLS",
                                     help="LibreTranslate server URL to check (repeatable)."),
    api_key: str = typer.Option(None, "--api-key", envvar="GLOSSATOR_LIBRETRANSLATE_API_KEY"),
) -> None:
    """List the engines, the language pairs each can translate here, and the servers' health."""
    if ctx.invoked_subcommand:
        return
    from glossator.translate.engines.select import EngineSet, all_names, make, ranking

    info = [make(n, server, api_key).describe() for n in all_names()]
    engines = EngineSet(server, api_key)
    routes = [{"engine": r.name, "route": True, "pairs": [f"en->{t}"], "chrF": row["chrF"], "BLEU": row["BLEU"],
               "repair": row.get("repair"), "installed": r.supports("en", t),
               "auto": r.supports("en", t) and engines.choose("auto", "en", t).name == r.name}
              for t, rows in ranking().items() for row in rows for r in [engines.route(row["route"])]]
    if as_json:
        emit_json([i.to_dict() for i in info] + routes)
        return
    rows = [[i.engine, ", ".join(i.pairs) or "none installed", "yes" if i.n_best else "no",
             i.install or i.package_dir or f"{len(i.servers or [])} server(s)"] for i in info]
    console().print(table(None, ["engine", "pairs", "n-best", "install / packages"], rows))
    console().print(table("routes measured on TICO-19 (bench/routes_quality.py); name one with --engine",
                          ["route", "pair", "chrF", "BLEU", "installed", "auto"], [
        [r["engine"] + (f" (words repaired by {r['repair']})" if r["repair"] else ""), r["pairs"][0],
         f"{r['chrF']:.1f}", f"{r['BLEU']:.1f}", "yes" if r["installed"] else "no", "yes" if r["auto"] else ""] for r in routes]))
    servers = [s for i in info for s in i.servers or []]
    if servers:
        console().print(table("LibreTranslate servers", ["server", "reachable", "pairs", "latency"], [
            [s["url"], "yes" if s["reachable"] else f"no: {s['error']}", ", ".join(s["pairs"]),
             f"{s['latency_ms']:.0f} ms" if s["latency_ms"] is not None else "-"] for s in servers]))


@app.command()
def install(
    source: str = typer.Argument(None, help="Source language, e.g. en."),
    target: str = typer.Argument(None, help="Target language, e.g. zh."),
    file: Path = typer.Option(None, "--file", "-f", help="Install this .argosmodel file (offline)."),
) -> None:
    """Install an argos package from a file, or by language pair from the argos index (online)."""
    from glossator.errors import GlossatorError
    from glossator.translate.engines import argos

    if file is not None:
        pkg = argos.install_from_file(file)
    elif source and target:
        pkg = argos.install_pair(source, target)
    else:
        raise GlossatorError("name a language pair or a --file", hint="e.g. glossator engines install en zh")
    typer.echo(f"installed argos {pkg.from_code}->{pkg.to_code} in {pkg.package_path}")


@app.command()
def remove(source: str = typer.Argument(...), target: str = typer.Argument(...)) -> None:
    """Remove an installed argos package."""
    from glossator.translate.engines import argos

    argos.remove(source, target)
    typer.echo(f"removed argos {source}->{target}")
