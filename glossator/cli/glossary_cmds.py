"""``glossator glossary …``: the terminology database from the command line."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from glossator.errors import GlossatorError

from .output import output_file, console, emit_json, table

if TYPE_CHECKING:  # rich is imported only when a bar is shown
    from rich.progress import Progress, TaskID

app = typer.Typer(help="Keep the terminology database: concepts with terms in many languages.",
                  no_args_is_help=True, rich_markup_mode=None)

DESK = ["en", "zh", "es", "pt"]
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")


class Format(str, Enum):
    csv = "csv"
    csv_long = "csv-long"
    tbx = "tbx"
    tbx3 = "tbx3"
    aws = "aws"
    deepl = "deepl"
    tico = "tico"


class ExportFormat(str, Enum):
    csv = "csv"
    csv_long = "csv-long"
    tbx = "tbx"
    tbx3 = "tbx3"
    aws = "aws"
    deepl = "deepl"


class Conflict(Enum):  # values only: a str mixin would take "replace" for str.replace
    fail = "fail"
    skip = "skip"
    replace = "replace"
    merge = "merge"


@app.callback()
def glossary(
    ctx: typer.Context,
    db: Path = typer.Option(None, "--db", envvar="GLOSSATOR_DB", show_envvar=True,
                            help="Glossary database file [default: ./glossary.db, created and seeded on first use]."),
) -> None:
    ctx.obj = {"db": db}


def open_glossary(ctx: typer.Context):
    from glossator.glossary.store import Glossary, resolve_path

    return Glossary.open(resolve_path((ctx.obj or {}).get("db")))


def _pairs(values: list[str], what: str) -> list[tuple[str, str]]:
    out = []
    for v in values:
        lang, sep, text = v.partition("=")
        if not sep or not text.strip():
            raise GlossatorError(f"{what} {v!r} is not LANG=TEXT", hint='e.g. es="Iniciativa de la Franja y la Ruta"')
        out.append((lang.strip(), text.strip()))
    return out


def _langs(value: str | None) -> list[str] | None:
    return [p.strip() for p in value.split(",") if p.strip()] if value else None


@app.command()
def add(
    ctx: typer.Context,
    terms: list[str] = typer.Argument(..., metavar="LANG=TEXT...", help="Preferred terms, e.g. en=CELAC zh=拉共体."),
    concept_id: str = typer.Option(None, "--id", help="Concept id [default: made from the first term]."),
    domain: str = typer.Option(None, help="Subject field, e.g. organization."),
    definition: str = typer.Option(None, help="Definition or note."),
    source: str = typer.Option(None, help="Where the concept comes from."),
    dnt: bool = typer.Option(False, "--dnt", help="Do not translate: keep the source form where a language has no term."),
    as_json: bool = JSON,
) -> None:
    """Add a concept with its preferred terms."""
    from glossator.glossary.model import Concept, Term, slugify

    pairs = _pairs(terms, "term")
    concept = Concept(id=concept_id or slugify(pairs[0][1]), domain=domain, definition=definition,
                      source=source, do_not_translate=dnt, terms=[Term(lang=l, text=t) for l, t in pairs])
    g = open_glossary(ctx)
    g.write([concept])
    _show(g.get(concept.id), as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    lang: str = typer.Option(None, help="Only concepts with a term in this language."),
    domain: str = typer.Option(None, help="Only concepts of this domain."),
    languages: str = typer.Option(",".join(DESK), help="Columns to show."),
    as_json: bool = JSON,
) -> None:
    """List concepts with their preferred terms."""
    concepts = list(open_glossary(ctx).concepts(lang=lang, domain=domain))
    cols = _langs(languages) or DESK
    if as_json:
        emit_json([{"id": c.id, "domain": c.domain,
                    "preferred": {l: (c.preferred(l).text if c.preferred(l) else None) for l in cols}}
                   for c in concepts])
        return
    rows = [[c.id, c.domain] + [(c.preferred(l).text if c.preferred(l) else "") for l in cols] for c in concepts]
    console().print(table(None, ["id", "domain"] + cols, rows, caption=f"{len(concepts)} concepts"))


@app.command()
def show(ctx: typer.Context, concept_id: str = typer.Argument(..., metavar="ID"), as_json: bool = JSON) -> None:
    """Show one concept with all its terms."""
    _show(open_glossary(ctx).get(concept_id), as_json)


def _show(concept, as_json: bool) -> None:
    if as_json:
        emit_json(concept)
        return
    from glossator.glossary.langtags import display_name

    out = console()
    out.print(f"[bold]{concept.id}[/bold]  {concept.domain or ''}" + ("  [do not translate]" if concept.do_not_translate else ""))
    for label, value in (("definition", concept.definition), ("source", concept.source)):
        if value:
            out.print(f"{label}: {value}")
    rows = [[f"{t.lang} ({display_name(t.lang)})", t.text, t.status.value, t.kind.value,
             " ".join(x for x in (t.gender, t.number, "case-sensitive" if t.case_sensitive else None,
                                  "same-as-source" if t.same_as_source else None) if x),
             "; ".join(x for x in (t.note, t.source) if x)] for t in concept.terms]
    out.print(table(None, ["language", "term", "status", "kind", "grammar/flags", "note; source"], rows))


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Text to find in any term, any script (substrings too)."),
    lang: str = typer.Option(None, help="Only terms in this language."),
    limit: int = typer.Option(50, help="At most this many hits."),
    as_json: bool = JSON,
) -> None:
    """Full-text search over terms."""
    hits = open_glossary(ctx).search(query, lang=lang, limit=limit)
    if as_json:
        emit_json([{"concept": c.id, "term": t} for c, t in hits])
        return
    rows = [[c.id, t.lang, t.text, t.status.value, (c.preferred("en").text if c.preferred("en") else "")]
            for c, t in hits]
    console().print(table(None, ["concept", "lang", "term", "status", "en"], rows, caption=f"{len(hits)} hits"))


@app.command()
def edit(
    ctx: typer.Context,
    concept_id: str = typer.Argument(..., metavar="ID"),
    domain: str = typer.Option(None), definition: str = typer.Option(None), source: str = typer.Option(None),
    dnt: bool = typer.Option(None, "--dnt/--no-dnt", help="Mark or unmark do-not-translate."),
    prefer: list[str] = typer.Option([], metavar="LANG=TEXT", help="Make TEXT the preferred term; the old one becomes admitted."),
    add_: list[str] = typer.Option([], "--add", metavar="LANG=TEXT", help="Add a term (with --status, --kind, …)."),
    deprecate: list[str] = typer.Option([], metavar="LANG=TEXT", help="Mark a term deprecated."),
    forbid: list[str] = typer.Option([], metavar="LANG=TEXT", help="Mark a term forbidden."),
    drop: list[str] = typer.Option([], metavar="LANG=TEXT", help="Remove a term."),
    status: str = typer.Option("admitted", help="Status of --add terms."),
    kind: str = typer.Option("full", help="Kind of --add terms: full, abbreviation, short, variant."),
    gender: str = typer.Option(None, help="Gender of --add terms (es/pt)."),
    number: str = typer.Option(None, help="Number of --add terms (es/pt)."),
    case_sensitive: bool = typer.Option(False, "--case-sensitive", help="--add terms match case-sensitively."),
    note: str = typer.Option(None, help="Note on --add terms."),
    as_json: bool = JSON,
) -> None:
    """Change a concept's fields and terms, in one transaction."""
    from glossator.glossary.edits import ConceptEdit, apply_edit

    g = open_glossary(ctx)
    edit = ConceptEdit(
        domain=domain, definition=definition, source=source, do_not_translate=dnt,
        prefer=_pairs(prefer, "--prefer"), add=_pairs(add_, "--add"), deprecate=_pairs(deprecate, "--deprecate"),
        forbid=_pairs(forbid, "--forbid"), drop=_pairs(drop, "--drop"),
        new_term={"status": status, "kind": kind, "gender": gender, "number": number,
                  "case_sensitive": case_sensitive, "note": note},
    )
    g.replace_concept(apply_edit(g.get(concept_id), edit))
    _show(g.get(concept_id), as_json)


@app.command()
def remove(
    ctx: typer.Context,
    concept_ids: list[str] = typer.Argument(..., metavar="ID..."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
) -> None:
    """Remove concepts and all their terms."""
    g = open_glossary(ctx)
    for cid in concept_ids:
        g.get(cid)  # every id must exist before anything is removed
    if not yes and not typer.confirm(f"Remove {len(concept_ids)} concept(s): {', '.join(concept_ids)}?"):
        raise typer.Exit(1)
    for cid in concept_ids:
        g.remove(cid)
    typer.echo(f"removed {len(concept_ids)} concept(s)")


@app.command("import")
def import_(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., exists=False, help="CSV, csv-long, TBX or TICO-19 files."),
    fmt: Format = typer.Option(None, "--format", "-f", help="File format [default: from the name and header]."),
    encoding: str = typer.Option("utf-8", help="Text encoding of CSV files (a UTF-8 BOM is always accepted)."),
    on_conflict: Conflict = typer.Option(Conflict.fail, help="What to do with concepts that already exist."),
    as_json: bool = JSON,
) -> None:
    """Import concepts. All or nothing: a bad row in any of the files means nothing is written."""
    from glossator.glossary.exchange import import_files
    from glossator.glossary.store import OnConflict

    g = open_glossary(ctx)
    label = files[0].name if len(files) == 1 else f"{len(files)} files"
    with _progress(label) as tick:
        reports = import_files(g, files, fmt=fmt.value if fmt else None, encoding=encoding,
                               on_conflict=OnConflict(on_conflict.value), progress=tick)
    results = [{"file": r.path, "format": r.format, **r.report.__dict__} for r in reports]
    if as_json:
        emit_json(results)
        return
    rows = [[r["file"], r["format"], r["added"], r["merged"], r["replaced"], r["skipped"], r["terms"]] for r in results]
    console().print(table(None, ["file", "format", "added", "merged", "replaced", "skipped", "terms"], rows))


class _progress:
    """A rich progress bar on stderr (bytes read of all the files' bytes),
    shown only for large imports on a terminal."""

    MIN_BYTES = 2_000_000

    def __init__(self, label: str):
        self.label = label
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self):
        return self.tick

    def tick(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.MIN_BYTES or not sys.stderr.isatty():
                return
            from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                                       TransferSpeedColumn)

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                                TransferSpeedColumn(), TimeRemainingColumn(),
                                console=console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(f"importing {self.label}", total=total)
        if self.task is not None:
            self.bar.update(self.task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f",
                                     help="csv (Google), csv-long, tbx (v2), tbx3, aws or deepl."),
    languages: str = typer.Option(None, "--languages", "-l", help="Languages and their column order, e.g. en,zh,es,pt."),
    statuses: str = typer.Option(None, "--status", "-s",
                                 help="Only terms of these statuses, e.g. preferred,admitted "
                                      "[default: all; preferred,admitted for aws and deepl]."),
    output: Path = typer.Option(None, "--output", "-o",
                                help="Write to this file (atomically); - or none: stdout. deepl writes "
                                     "one file per pair: -o desk.csv gives desk.en.es.csv, desk.en.pt.csv..."),
) -> None:
    """Export the glossary."""
    from glossator.glossary.exchange import export as do_export

    g = open_glossary(ctx)
    langs, wanted = _langs(languages), _langs(statuses)
    if fmt == ExportFormat.deepl:
        _export_deepl(g, langs, wanted, None if output is None or str(output) == "-" else output)
        return
    with output_file(output) as out:
        n = do_export(g, fmt.value, out, langs, wanted)
    if out is not sys.stdout:
        typer.echo(f"wrote {n} concepts to {output}", err=True)


def _export_deepl(g, langs: list[str] | None, wanted: list[str] | None, output: Path | None) -> None:
    """All pairs or none: every file is complete before any is renamed into place."""
    from contextlib import ExitStack

    from glossator.glossary.exchange import export_pairs
    from glossator.glossary.formats.mt import pair_path

    pairs = export_pairs(g, langs, wanted)
    if output is None:
        if len(pairs) > 1:
            raise GlossatorError(f"deepl writes one file per language pair ({len(pairs)} here)",
                                 hint="pass -o desk.csv, or one pair with -l en,es")
        sys.stdout.write(next(iter(pairs.values()))[0])
        return
    with ExitStack() as stack:
        for (source, target), (text, _) in pairs.items():
            stack.enter_context(output_file(pair_path(output, source, target))).write(text)
    for (source, target), (_, n) in pairs.items():
        typer.echo(f"wrote {n} entries to {pair_path(output, source, target)}", err=True)


@app.command()
def stats(ctx: typer.Context, as_json: bool = JSON, to: str = typer.Option(
        None, "--to", help="Also show coverage for these targets (e.g. es-ES,pt-PT).")) -> None:
    """Counts of concepts and terms, per language and status, and how each target reaches them."""
    from glossator.glossary import langtags, variants

    g = open_glossary(ctx)
    s, policy, concepts = g.stats(), variants.load(g), list(g.concepts())
    extra = [langtags.normalize(t) for t in (to or "").split(",") if t.strip()]
    s["coverage"] = [variants.coverage(concepts, t, policy) for t in variants.targets(s["languages"], extra)]
    print_stats(s, as_json)


def print_stats(s: dict, as_json: bool = False) -> None:
    if as_json:
        emit_json(s)
        return
    from glossator.glossary.langtags import display_name

    out = console()
    out.print(f"{s['concepts']} concepts, {s['terms']} terms, {s['do_not_translate']} do-not-translate")
    rows = [[lang, display_name(lang), v["concepts"], v["terms"], v["preferred"]] for lang, v in s["languages"].items()]
    out.print(table(None, ["tag", "language", "concepts", "terms", "preferred"], rows))
    out.print(table(None, ["status", "terms"], [[k, v] for k, v in s["statuses"].items()]))
    rows = [[c["target"], c["own"], ", ".join(f"{k} {v}" for k, v in c["via"].items()) or "-",
             ", ".join(f"{k} {v}" for k, v in c["unreachable"].items()) or "-",
             f"{c['own'] + sum(c['via'].values())}/{s['concepts']}"] for c in s.get("coverage", [])]
    out.print(table("coverage per target", ["target", "own terms", "via regional variant", "unreachable",
                                            "concepts reached"], rows))
