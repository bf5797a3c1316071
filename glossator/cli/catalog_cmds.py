"""``glossator check | stats | compile`` and ``glossator tm import | export``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .output import output_file, console, emit_json, table

tm_app = typer.Typer(help="The translation memory: import TMX, export approved translations as TMX 1.4.",
                     no_args_is_help=True, rich_markup_mode=None)
DB = typer.Option(None, "--db", envvar="GLOSSATOR_DB", help="Glossary database [default: ./glossary.db].")
OUT = typer.Option(Path("locales"), "--out", help="Folder of the PO catalogs.")


def _po_files(paths: list[Path]) -> list[Path]:
    from glossator.errors import GlossatorError

    files = []
    for p in paths:
        if p.is_dir():
            files += sorted(p.rglob("*.po"))
        elif p.exists():
            files.append(p)
        else:
            raise GlossatorError(f"{p}: no such file or folder")
    if not files:
        raise GlossatorError("no .po file found", hint="pass catalogs or a folder such as locales/")
    return files


def register(app: typer.Typer) -> None:
    app.add_typer(tm_app, name="tm")

    @app.command()
    def check(
        catalogs: list[Path] = typer.Argument(..., help="PO files or folders."),
        fuzzy: bool = typer.Option(False, "--fuzzy", help="Check fuzzy entries too."),
        db: Path = DB,
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Check catalogs against the glossary, like pofilter; exit 1 when errors are found."""
        from glossator.glossary.store import Glossary, resolve_path
        from glossator.translate.pipeline import Enforcer
        from glossator.translate.po.check import check_catalog

        enforcer = Enforcer(Glossary.open(resolve_path(db)))
        reports = [check_catalog(p, enforcer, include_fuzzy=fuzzy) for p in _po_files(catalogs)]
        if as_json:
            emit_json([r.to_dict() for r in reports])
        else:
            out = console()
            rows = [[f"{r.path}:{p.line}", p.severity, p.check, p.message] for r in reports for p in r.problems]
            if rows:
                out.print(table("problems", ["where", "severity", "check", "message"], rows))
            out.print(table("catalogs", ["file", "language", "entries", "translated", "fuzzy", "untranslated",
                                         "errors"],
                            [[r.path, r.language, r.entries, r.translated, r.fuzzy, r.untranslated, r.errors]
                             for r in reports]))
        if any(r.errors for r in reports):
            raise typer.Exit(1)

    @app.command()
    def stats(
        catalogs: list[Path] = typer.Argument(None, help="PO files or folders [default: --out]."),
        out: Path = OUT,
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Translated, fuzzy and untranslated entries and words, per language and article."""
        from glossator.translate.po.stats import catalog_stats

        rows = [catalog_stats(p) for p in _po_files(catalogs or [out])]
        if as_json:
            emit_json(rows)
            return
        console().print(table(None, ["language", "article", "translated", "fuzzy", "untranslated", "words done",
                                     "words fuzzy", "words to do", "% words done"],
                              [[r["language"], r["article"], r["translated"], r["fuzzy"], r["untranslated"],
                                r["translated_words"], r["fuzzy_words"], r["untranslated_words"],
                                r["percent_translated_words"]] for r in rows]))

    @app.command("compile")
    def compile_(
        catalogs: list[Path] = typer.Argument(None, help="PO files or folders [default: --out]."),
        out: Path = OUT,
    ) -> None:
        """Write .mo files beside the catalogs (translated, non-fuzzy entries, as msgfmt does)."""
        from glossator.translate.po.stats import compile_catalogs

        files = _po_files(catalogs or [out])
        compile_catalogs(files)
        typer.echo(f"compiled {len(files)} catalog(s)", err=True)


@tm_app.command("import")
def tm_import(files: list[Path] = typer.Argument(..., help="TMX 1.4 files."), db: Path = DB) -> None:
    """Import translation units into the glossary database; reused for identical sentences before MT."""
    from glossator.glossary.store import Glossary, resolve_path
    from glossator.glossary.tm import import_tmx

    g = Glossary.open(resolve_path(db))
    for f in files:
        read, new = import_tmx(g, f)
        typer.echo(f"{f}: {read} unit(s) read, {new} new")


@tm_app.command("export")
def tm_export(
    output: Path = typer.Option(None, "--output", "-o", help="Write here (atomically); - or none: stdout."),
    out: Path = OUT,
    db: Path = DB,
    imported: bool = typer.Option(True, "--imported/--catalogs-only", help="Include units imported from TMX."),
) -> None:
    """Write the approved translations of every catalog (and imported units) as TMX 1.4."""
    from glossator.glossary import tm
    from glossator.glossary.formats.tmx import write_tmx
    from glossator.glossary.store import Glossary, resolve_path
    from glossator.translate.po.memory import catalog_units

    units = list(catalog_units(out))
    if imported:
        units += tm.export_units(Glossary.open(resolve_path(db)))
    with output_file(output) as f:
        n = write_tmx(units, f)
    if f is not sys.stdout:
        typer.echo(f"wrote {n} unit(s) to {output}", err=True)
