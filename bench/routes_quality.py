"""Every installed route on TICO-19, side by side; writes the ranking that ``--engine auto`` reads.

    python bench/routes_quality.py [--limit 500] [--langs es,pt,zh] [--write-ranking] [--glossary g [--glossary-only]]

For each target, every route installed here: each direct engine, and every
two-leg chain through a pivot language (``bergamot:en-pt+apertium:pt-es``),
translated raw (no glossary) and scored with sacrebleu (chrF, BLEU) against
the TICO-19 professional references. A pivot route is run twice: as it is
(unknown words of the last leg left in, marks removed, as ``apertium -u``
writes them), with per-sentence fallback to the best direct route for the
sentences whose last leg reports unknown words, and with those words repaired
one by one through another route from the pivot. ``--write-ranking`` writes
translate/engines/route_ranking.json (routes best first per target, each in
its best-scoring variant). The speed line times the es pivot route against
its first leg alone, alternated, best of two. ``--glossary g|f`` adds, in the
same run, ``--engine auto`` with that TICO terminology imported and enforced.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import sacrebleu
from tico_quality import TERMS, TICO, TMX, blocks, term_success

from glossator.glossary import langtags
from glossator.translate.engines import select
from glossator.translate.engines.route import Leg, Route
from glossator.glossary.formats.tmx import read_units

RANKING = Path(__file__).resolve().parent.parent / "translate" / "engines" / "route_ranking.json"
SPEED_ROUTE = "bergamot:en-pt+apertium:pt-es"
LOCAL = ("argos", "bergamot", "apertium")  # LibreTranslate serves the same argos models


def candidates(engines: select.EngineSet, target: str) -> list[Route]:
    base = langtags.base_language(target)
    out = [Route([Leg(n, "en", base)], engines._engines) for n in LOCAL] + engines.pivots("en", base, LOCAL)
    return [r for r in out if r.supports("en", target)]


def repairs(engines: select.EngineSet, pivot: str, target: str) -> list[Route]:
    """Routes from the pivot language to the target that do not use the pivot route's last leg's pair
    directly (pt->en->es for a route ending pt->es)."""
    return [r for r in engines.pivots(pivot, langtags.base_language(target), LOCAL) if r.supports(pivot, target)]


def score(hyps, refs, lang) -> tuple[float, float]:
    tok = "zh" if lang == "zh" else "13a"
    return sacrebleu.corpus_chrf(hyps, [refs]).score, sacrebleu.corpus_bleu(hyps, [refs], tokenize=tok).score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--langs", default="es,pt,zh")
    ap.add_argument("--write-ranking", action="store_true")
    ap.add_argument("--glossary", choices=["f", "g"], default=None)
    ap.add_argument("--glossary-only", action="store_true", help="skip the raw routes and the speed line")
    ap.add_argument("--to", default=None, help="glossary on: target tags, one per --langs entry "
                    "(e.g. es,pt: no region; default: the references' es-419, pt-BR, zh)")
    ap.add_argument("--json", default=None, help="glossary on: write figures and term failures to this file")
    args = ap.parse_args()
    engines = select.EngineSet()
    if args.glossary_only:
        return _glossary_on(args, engines)
    ranking, rows = {}, []
    print(f"{'lang':4} {'route':34} {'chrF':>6} {'BLEU':>6} {'leaky':>5} {'s':>6} {'sent/s':>6}")
    for lang in args.langs.split(","):
        tmx, tag = TMX[lang]
        units = list(read_units(TICO / tmx))[: args.limit]
        sources, refs = [u[3] for u in units], [u[4] for u in units]
        routes = candidates(engines, tag)
        direct = [r for r in routes if len(r.legs) == 1]
        measured = []
        for route in routes:
            variants = [route]
            if len(route.legs) > 1 and direct:
                variants.append(Route(route.legs, engines._engines, fallback=direct[0]))
            if len(route.legs) > 1:
                variants += [Route(route.legs, engines._engines, repair=r)
                             for r in repairs(engines, route.legs[-1].source, tag)]
            for r in variants:
                t0 = time.perf_counter()
                hyps = r.translate_batch(sources, "en", tag)
                seconds = time.perf_counter() - t0
                texts = [h[0].text if h else "" for h in hyps]
                chrf, bleu = score(texts, refs, lang)
                leaky = sum(bool(h and h[0].unknown) for h in hyps)
                label = r.name + (f" (fallback {r.fallback.name})" if r.fallback else "") + (
                    f" (repair {r.repair.name})" if r.repair else "")
                row = {"lang": lang, "route": r.name, "fallback": r.fallback.name if r.fallback else None,
                       "repair": r.repair.name if r.repair else None,
                       "chrF": round(chrf, 2), "BLEU": round(bleu, 2), "sentences": len(sources),
                       "leaky_sentences": leaky if not r.fallback else sum(bool(h and h[0].route) for h in hyps),
                       "seconds": round(seconds, 2)}
                rows.append(row)
                measured.append(row)
                print(f"{lang:4} {label:34} {chrf:6.2f} {bleu:6.2f} {row['leaky_sentences']:5} {seconds:6.1f} "
                      f"{len(sources) / seconds:6.1f}", flush=True)
        best: dict[str, dict] = {}
        for row in measured:  # per route, the best of as-is, fallback and repair
            if row["route"] not in best or row["chrF"] > best[row["route"]]["chrF"]:
                best[row["route"]] = row
        if not measured:
            print(f"{lang:4} no route installed here")
            continue
        ranking[lang] = [{"route": r["route"], "fallback": bool(r["fallback"]), "repair": r["repair"],
                          "chrF": r["chrF"], "BLEU": r["BLEU"]}
                         for r in sorted(best.values(), key=lambda r: -r["chrF"])]
        top = ranking[lang][0]
        print(f"{lang:4} best: {top['route']}" + (" with fallback" if top["fallback"] else "")
                  + (f" with repair by {top['repair']}" if top["repair"] else ""))
    if args.write_ranking:
        RANKING.write_text(json.dumps({"measured_on": f"TICO-19, first {args.limit} sentences, chrF (sacrebleu)",
                                       "command": "python bench/routes_quality.py --write-ranking",
                                       "targets": ranking}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {RANKING}")
        select.ranking.cache_clear()
    es = list(read_units(TICO / TMX["es"][0]))[: args.limit]
    if "es" in args.langs and engines.route(SPEED_ROUTE).supports("en", "es"):
        _speed(engines, [u[3] for u in es], SPEED_ROUTE, SPEED_ROUTE.split("+")[0])
    if args.glossary:
        _glossary_on(args, engines)


def _speed(engines, sources, route: str, alone: str, rounds: int = 2) -> None:
    """Route against its first leg alone on the same sentences, alternated, best of ``rounds``
    (the machine is shared: one-off timings swing by 30%)."""
    best = {route: float("inf"), alone: float("inf")}
    for _ in range(rounds):
        for spec in best:
            r = engines.route(spec, repair=_repair_of(spec))
            t0 = time.perf_counter()
            r.translate_batch(sources, "en", "es-419" if spec == route else "pt-BR")
            best[spec] = min(best[spec], time.perf_counter() - t0)
    print(f"speed: {route} takes {best[route] / best[alone]:.2f}x {alone} alone "
          f"({best[route]:.1f} s vs {best[alone]:.1f} s, {len(sources)} sentences, best of {rounds})")


def _repair_of(spec: str) -> str | None:
    return next((r.get("repair") for rows in select.ranking().values() for r in rows if r["route"] == spec), None)


def _glossary_on(args, engines) -> None:
    from glossator.glossary.exchange import import_file
    from glossator.glossary.store import Glossary, OnConflict
    from glossator.translate.documents import Document
    from glossator.translate.pipeline import Enforcer, translate_document

    glossary = Glossary.open(Path(tempfile.mkdtemp()) / "tico.db", seed=False)
    for lang in ("es", "pt", "zh"):
        import_file(glossary, TICO / TERMS[args.glossary][lang], on_conflict=OnConflict.MERGE)
    enforcer = Enforcer(glossary)
    langs = args.langs.split(",")
    tags = dict(zip(langs, args.to.split(","))) if args.to else {}
    report = {"command": "python bench/" + " ".join(sys.argv), "limit": args.limit, "rows": [], "failures": {}}
    for lang in langs:
        tmx, tag = TMX[lang][0], tags.get(lang, TMX[lang][1])
        try:
            engine = engines.choose("auto", "en", tag)
        except Exception as exc:
            print(f"{lang:4} auto: skipped ({exc})")
            continue
        units = list(read_units(TICO / tmx))[: args.limit]
        sources, refs = [u[3] for u in units], [u[4] for u in units]
        doc = Document(f"tico-{lang}", blocks(sources))
        t0 = time.perf_counter()
        result = translate_document(doc, tag, engine, enforcer, glossary=True)
        seconds = time.perf_counter() - t0
        hyps = [s.translation for s in result.segments]
        chrf, bleu = score(hyps, refs, lang)
        tc = term_success(sources, hyps, refs, enforcer, tag, None if lang == "zh" else lang)
        pairs, ok, failures = tc.pairs, tc.exact, tc.failures
        either = tc.lemma if lang != "zh" else ok  # WMT25: raw or lemmatised
        morph = tc.morph if tc.hunspell else None
        print(f"{lang:4} --to {tag} auto={engine.name} glossary {args.glossary} on: chrF {chrf:.2f} BLEU {bleu:.2f} "
              f"terms {ok}/{pairs} exact, {either}/{pairs} = {either / max(pairs, 1):.4f} raw or simplemma lemma"
              + (f", {morph}/{pairs} = {morph / max(pairs, 1):.4f} raw or simplemma/Hunspell lemma"
                 if morph is not None else "") + f" {seconds:.1f} s", flush=True)
        report["rows"].append({"lang": lang, "to": tag, "engine": engine.name, "sentences": len(sources),
                               "chrF": round(chrf, 2), "BLEU": round(bleu, 2), "term_pairs": pairs,
                               "term_exact": ok, "term_raw_or_lemma": either,
                               "term_success": round(either / pairs, 4) if pairs else None,
                               "term_raw_or_hunspell": morph,
                               "term_success_hunspell": round(morph / pairs, 4) if pairs and morph is not None else None,
                               "seconds": round(seconds, 1)})
        report["failures"][f"{lang}-on"] = failures
        if args.json:
            Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
