"""Glossary enforcement cost and effect on the five seed articles (es: Apertium, pt: Bergamot).

    python bench/enforcement_overhead.py [--repeats 5] [--db glossary.db] [--changes]

Runs the same pipeline with the glossary on and off, alternating, and
prints the median wall time of each, their ratio (the aim: under 2x), how
many term mentions each layer settled, and with --changes every segment
whose text layer 3 changed (engine text, then Glossator's).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from glossator.glossary.store import Glossary
from glossator.translate.documents import read_document
from glossator.translate.engines.select import EngineSet
from glossator.translate.pipeline import Enforcer, translate_document

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def run(docs, target, engine, enforcer, glossary):
    t0 = time.perf_counter()
    results = [translate_document(d, target, engine, enforcer, glossary=glossary) for d in docs]
    return time.perf_counter() - t0, results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--db", default=None, help="glossary database [default: a fresh seeded one]")
    ap.add_argument("--changes", action="store_true", help="print every segment layer 3 changed")
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    enforcer = Enforcer(Glossary.open(db))
    docs = [read_document(p) for p in SEEDS]
    engines = EngineSet()
    print(f"{'lang':5} {'engine':9} {'off s':>7} {'on s':>7} {'on/off':>7}   layers (term mentions)        failures")
    for target in ("es", "pt"):
        engine = engines.choose("auto", "en", target)
        run(docs, target, engine, enforcer, True)  # warm-up: model loading, caches
        times = {True: [], False: []}
        results = None
        for _ in range(args.repeats):
            for glossary in (False, True):  # alternate, so drift hits both alike
                seconds, res = run(docs, target, engine, enforcer, glossary)
                times[glossary].append(seconds)
                if glossary:
                    results = res
        off, on = statistics.median(times[False]), statistics.median(times[True])
        layers = Counter(a["layer"] for r in results for s in r.segments for a in s.outcome.applied)
        failures = sum(len(s.outcome.failures) for r in results for s in r.segments)
        print(f"{target:5} {engine.name:9} {off:7.2f} {on:7.2f} {on / off:6.2f}x   {dict(layers)!s:30} {failures}")
        if args.changes:
            for r in results:
                for s in r.segments:
                    if s.outcome.before:
                        print(f"  {s.segment.reference} [{s.outcome.layer}]\n    engine: {s.outcome.before}\n"
                              f"    ours:   {s.outcome.text}")


if __name__ == "__main__":
    main()
