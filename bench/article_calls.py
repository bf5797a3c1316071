"""A run's first pass in one call for many articles, or one call per article: time and output.

    python bench/article_calls.py [--repeats 3] [--to es,pt]

``glossator translate`` sends the first pass of a group of articles in one engine call, and shares
its memo of terms and clauses translated alone across them, only where the engine translates each
text as it would alone (``neighbour_free``: translate/prefetch.py); Apertium, whose pipeline carries
state from one paragraph to the next, and so the es route through it, get calls of their own per
article. This measures, on the five seed articles with ``--engine auto`` and the seed glossary, per
target, alternating in one process after an untimed run that loads the models: the run as shipped,
with every engine taken as not neighbour-free (one call per article), and with every engine taken as
neighbour-free (all grouped, as before); and the sentences whose msgstr differs from one call per
article.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--to", default="es,pt")
    args = ap.parse_args()
    import polib

    from glossator.glossary.store import Glossary
    from glossator.translate import run
    from glossator.translate.engines.select import EngineSet

    seeds = sorted((REPO / "seeds").glob("*.txt"))
    # "as shipped": the code unchanged; "one call per article": no group call and a fragment memo per
    # article; "all grouped": every engine taken as neighbour-free, as before Apertium was found not to be
    patches = {"as shipped": {"neighbour_free": run.neighbour_free},
               "one call per article": {"neighbour_free": lambda *a: False},
               "all grouped": {"neighbour_free": lambda *a: True}}
    for target in args.to.split(","):
        times: dict[str, list[float]] = {k: [] for k in patches}
        msgstrs: dict[str, dict[str, list[str]]] = {}
        engines = EngineSet()
        route = engines.choose("auto", "en", target)
        with tempfile.TemporaryDirectory() as tmp:  # loads the models: not timed
            run.execute(run.plan(seeds[:1], [target], Path(tmp) / "out", Glossary.open(Path(tmp) / "g.db")), engines)
        for _ in range(args.repeats):
            for mode, patch in patches.items():
                tmp = Path(tempfile.mkdtemp(prefix="glossator-calls-"))
                glossary = Glossary.open(tmp / "g.db")
                saved = {name: getattr(run, name) for name in patch}
                for name, value in patch.items():
                    setattr(run, name, value)
                try:
                    t = time.perf_counter()
                    result = run.execute(run.plan(seeds, [target], tmp / "out", glossary), engines)
                    times[mode].append(time.perf_counter() - t)
                finally:
                    for name, value in saved.items():
                        setattr(run, name, value)
                msgstrs[mode] = {r.path.name: [e.msgstr for e in polib.pofile(str(r.path))] for r in result.reports}
                glossary.close()
                shutil.rmtree(tmp)
        med = {k: statistics.median(v) for k, v in times.items()}
        base = med["one call per article"]
        print(f"{target} ({route.name}); medians of {args.repeats}, time over one call per article:")
        for mode in patches:
            changed = {name: sum(x != y for x, y in zip(v, msgstrs["one call per article"][name], strict=True))
                       for name, v in msgstrs[mode].items()}
            print(f"  {mode:22} {med[mode]:6.2f} s  {med[mode] / base:.2f}  runs {[round(x, 2) for x in times[mode]]}; "
                  f"sentences unlike one call per article: {sum(changed.values())} of "
                  f"{sum(len(v) for v in msgstrs[mode].values())} {dict((k, v) for k, v in changed.items() if v)}")

if __name__ == "__main__":
    sys.exit(main())
