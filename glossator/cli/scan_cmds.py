"""``glossator glossary scan``: which glossary concepts an article uses, and
which names in it the glossary lacks."""

from __future__ import annotations

from pathlib import Path

import typer

from .output import console, emit_json, table


def register(app: typer.Typer, open_glossary) -> None:
    @app.command()
    def scan(
        ctx: typer.Context,
        articles: list[Path] = typer.Argument(..., help="Articles (.txt, .md or .html)."),
        top: int = typer.Option(25, help="How many candidates to list."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """List glossary concepts found (with positions) and candidate terms not yet in the glossary."""
        from glossator.translate.candidates import find_candidates
        from glossator.translate.documents import read_document
        from glossator.translate.matcher import TermMatcher
        from glossator.translate.segment import segment_document

        matcher = TermMatcher.from_glossary(open_glossary(ctx))
        docs = [read_document(p) for p in articles]
        from glossator.translate.pipeline import mentions

        by_doc = [(d, s) for d in docs for s in segment_document(d)]
        segments = [s for _, s in by_doc]
        found = [(s, m) for d, s in by_doc for m in mentions(matcher, s, doc=d)]
        candidates = find_candidates(segments, matcher.find)[:top]
        if as_json:
            emit_json({"concepts": [{"reference": s.reference, "segment": s.index, **m.to_dict()} for s, m in found],
                       "candidates": [c.to_dict() for c in candidates]})
            return
        by_concept: dict[str, list] = {}
        for s, m in found:
            by_concept.setdefault(m.concept_id, []).append((s, m))
        rows = [[cid, len(hits), ", ".join(sorted({m.surface for _, m in hits})),
                 ", ".join(f"{s.reference}@{m.start}" for s, m in hits[:3]) + (" …" if len(hits) > 3 else "")]
                for cid, hits in sorted(by_concept.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        out = console()
        out.print(table("glossary concepts found", ["concept", "count", "as written", "where (file:line@offset)"], rows))
        out.print(table("candidates not in the glossary", ["count", "kind", "candidate", "expansion", "first seen"],
                        [[c.count, c.kind, c.text, c.expansion or "", c.refs[0]] for c in candidates]))
