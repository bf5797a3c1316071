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
    import time

    from glossator.errors import GlossatorError
    from glossator.glossary import langtags
    from glossator.glossary import variants as regional
    from glossator.glossary.store import Glossary, resolve_path
    from glossator.translate.documents import read_document
    from glossator.translate.engines.base import EngineUnavailable
    from glossator.translate.engines.select import EngineSet
    from glossator.translate.pipeline import Enforcer
    from glossator.translate.po import job as catalogs

    from .output import run_lock

    targets = list(dict.fromkeys(langtags.normalize(t) for t in to.split(",") if t.strip()))
    if not targets:
        raise GlossatorError("--to names no language", hint="e.g. --to zh,es,pt")
    docs = catalogs.check_names([read_document(p) for p in articles])  # every input checked before any work
    glossary_db = Glossary.open(resolve_path(db))
    policy = regional.load(glossary_db).with_run([v for v in (variants or "").split(",") if v.strip()],
                                                 fallback=not no_variant_fallback)
    notes: list[str] = []
    with run_lock(out):
        jobs = catalogs.prepare(docs, targets, out, glossary_db)  # every existing catalog checked, too
        needed = {j.target for j in jobs if j.plan.need_mt}
        engines = EngineSet(server, api_key)
        chosen, missing = {}, {}
        for t in targets:
            if t not in needed:
                continue
            try:
                chosen[t] = engines.choose(engine, "en", t)
            except EngineUnavailable as exc:
                missing[t] = exc
        if missing and not skip_missing:
            first = next(iter(missing.values()))
            raise GlossatorError(
                "; ".join(f"{t}: {e.message}" for t, e in missing.items()),
                hint=(first.hint or "") + "; or pass --skip-missing to translate the other languages",
            )
        enforcer = Enforcer(glossary_db, policy) if needed else None
        if enforcer is not None and not no_glossary:
            notes = regional.run_warnings(enforcer.concepts.values(), sorted(needed), policy)
        reports, wall = [], {}
        err = console(stderr=True)
        base = out.resolve().parent
        for t in targets:
            if t in missing:
                continue
            t0 = time.perf_counter()
            for j in (j for j in jobs if j.target == t):
                if j.plan.need_mt and not as_json and sys.stderr.isatty():
                    err.print(f"[dim]{chosen[t].name}: {j.doc.path} -> {t}[/dim]")
                reports.append(catalogs.execute(j, chosen.get(t), enforcer, n_best=n_best,
                                                glossary=not no_glossary, base=base))
            wall[t] = time.perf_counter() - t0
    if as_json:
        emit_json({"catalogs": [{"file": str(r.path), "target": r.target, "engine": r.engine, **r.counts,
                                 "written": r.written} for r in reports],
                   "results": [{**s.to_dict(r.engine), "target": r.target, "catalog": str(r.path)}
                               for r in reports for s in r.results],
                   "missing": {t: str(e) for t, e in missing.items()}})
    else:
        console().print(summary_table(targets, reports, chosen, missing, wall))
    for t, e in missing.items():
        typer.echo(f"warning: {t} skipped: {e}", err=True)
    for line in notes:
        typer.echo(f"warning: {line}", err=True)
    failed = sum(1 for r in reports for s in r.results if s.outcome.layer == "failed")
    if failed:
        typer.echo(f"warning: {failed} segment(s) failed a glossary constraint and are flagged for review", err=True)
    for r in reports:
        if r.remerged and not r.conflict:
            typer.echo(f"warning: {r.path} was saved during the run; merged with the saved version", err=True)
    conflicts = [str(r.path) for r in reports if r.conflict]
    if conflicts:
        # Not written, so the run did not do its job for these: a script must know (exit 1).
        raise GlossatorError(f"left untouched, they kept changing during the run: {', '.join(conflicts)}",
                             hint="run translate again once the translators have saved")


def summary_table(targets, reports, chosen, missing, wall):
    from collections import Counter

    rows = []
    for t in targets:
        if t in missing:
            rows.append([t, "-", 0, "-", "-", "-", "-", "-", "-", "-", f"skipped: {missing[t].hint}"])
            continue
        mine = [r for r in reports if r.target == t]
        segs = [s for r in mine for s in r.results]
        terms = Counter(a["layer"] for s in segs for a in s.outcome.applied)
        counts = Counter()
        for r in mine:
            counts.update(r.counts)
        rows.append([t, chosen[t].name if t in chosen else "(none needed)", counts["new"],
                     counts["kept"] + counts["revived"] + counts["changed"], counts["memory"], terms["protect"], terms["n-best"],
                     terms["repair"], sum(len(s.outcome.failures) for s in segs),
                     f"{sum(r.written for r in mine)}/{len(mine)}", f"{wall.get(t, 0):.2f} s"])
    return table("translation", ["language", "engine", "MT entries", "kept", "memory", "terms: protect",
                                 "n-best", "repair", "term failures", "catalogs written", "wall time"], rows)
