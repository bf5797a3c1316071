"""Term matching at scale: Glossator's Aho-Corasick matcher against one regex per term.

    python bench/matcher_scale.py [--sizes 1000,10000,100000] [--repeats 3]

Synthetic glossaries (seeded) of multi-word concepts with a variant each;
texts of 10 KB and 1 MB made of the same vocabulary with terms inside.
Reports the matcher's build time and throughput (MB/s) per glossary size,
and the same for a loop of one compiled, case-insensitive, word-bounded
regex per term (on 1 MB only where it finishes in reasonable time), with
the speed-up; and where the time goes: pyahocorasick's scan alone, and
find() with gc.freeze() and with the collector off. Writes results/matcher_scale.json and results/matcher_scale.png.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import time
from pathlib import Path

from glossator.translate.matcher import TermEntry, TermMatcher
from glossator.translate.normalize import normalize

RESULTS = Path(__file__).resolve().parent / "results"


def vocabulary(rng: random.Random, n: int = 20000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return list({"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(n)})


def glossary(rng, words, size: int) -> list[TermEntry]:
    entries = []
    for i in range(size):
        full = " ".join(rng.choice(words) for _ in range(rng.randint(2, 4))).title()
        entries.append(TermEntry(f"c{i}", full, "en", "preferred", "full", False))
        entries.append(TermEntry(f"c{i}", full.replace(" ", "-", 1), "en", "admitted", "variant", False))
    return entries


def text(rng, words, entries, size: int) -> str:
    parts, length = [], 0
    while length < size:
        chunk = " ".join(rng.choice(words) for _ in range(12)) + " " + rng.choice(entries).text + ". "
        parts.append(chunk)
        length += len(chunk)
    return "".join(parts)[:size]


def best(fn, repeats: int) -> float:
    return min(_time(fn) for _ in range(repeats))


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(20261123)
    words = vocabulary(rng)
    rows = []
    print(f"{'concepts':>8} {'text':>6} {'build s':>8} {'MB/s':>8} {'matches':>8} | {'regex build s':>13} {'regex MB/s':>10} {'speed-up':>9}")
    for size in [int(s) for s in args.sizes.split(",")]:
        entries = glossary(rng, words, size)
        gc.collect()
        t0 = time.perf_counter()
        matcher = TermMatcher(entries)
        build = time.perf_counter() - t0
        samples = {label: text(rng, words, entries, nbytes) for label, nbytes in (("10KB", 10_000), ("1MB", 1_000_000))}
        measured, parts = {}, {}
        for label, sample in samples.items():
            gc.collect()
            measured[label] = best(lambda: matcher.find(sample), args.repeats), len(matcher.find(sample))
            # where the time goes: pyahocorasick's scan alone, and find() with the glossary's objects
            # frozen out of the garbage collector (gc.freeze) or with the collector off
            norm = normalize(sample).text
            scan = best(lambda: sum(1 for _ in matcher._automaton.iter(norm)), args.repeats)
            gc.freeze()
            frozen = best(lambda: matcher.find(sample), args.repeats)
            gc.unfreeze()
            gc.disable()
            no_gc = best(lambda: matcher.find(sample), args.repeats)
            gc.enable()
            parts[label] = {"scan_s": round(scan, 4), "find_s": round(measured[label][0], 4),
                            "find_gc_frozen_s": round(frozen, 4), "find_gc_off_s": round(no_gc, 4)}
        del matcher
        gc.collect()
        # one regex per term: every term scans the whole text (built after the matcher is gone,
        # so that neither side pays for the other's objects in garbage collection)
        t0 = time.perf_counter()
        regexes = [re.compile(r"(?<!\w)" + re.escape(e.text) + r"(?!\w)", re.IGNORECASE) for e in entries]
        regex_build = time.perf_counter() - t0
        for label, sample in samples.items():
            seconds, found = measured[label]
            mb = len(sample.encode()) / 1e6
            row = {"concepts": size, "text": label, "build_s": round(build, 3), "mb_per_s": round(mb / seconds, 2),
                   "matches": found, **parts[label]}
            if size * len(sample) <= 100_000_000:  # the regex loop on 10k x 1 MB would take minutes
                regex_s = best(lambda: [m for r in regexes for m in r.finditer(sample)], 1)
                row |= {"regex_build_s": round(regex_build, 3), "regex_mb_per_s": round(mb / regex_s, 4),
                        "speedup": round(regex_s / seconds, 1)}
            rows.append(row)
            print(f"{size:8} {label:>6} {build:8.3f} {row['mb_per_s']:8.2f} {found:8} | "
                  f"{row.get('regex_build_s', '-')!s:>13} {row.get('regex_mb_per_s', '-')!s:>10} "
                  f"{(str(row['speedup']) + 'x') if 'speedup' in row else '-':>9} | scan {row['scan_s']:.3f} s, "
                  f"find {row['find_s']:.3f} s, gc frozen {row['find_gc_frozen_s']:.3f} s, gc off {row['find_gc_off_s']:.3f} s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "matcher_scale.json").write_text(json.dumps(rows, indent=1))
    _plot(rows)


def _plot(rows) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for label in ("10KB", "1MB"):
        pts = [(r["concepts"], r["mb_per_s"]) for r in rows if r["text"] == label]
        ax.plot(*zip(*pts), marker="o", label=f"Glossator, {label} text")
        reg = [(r["concepts"], r["regex_mb_per_s"]) for r in rows if r["text"] == label and "regex_mb_per_s" in r]
        if reg:
            ax.plot(*zip(*reg), marker="x", linestyle="--", label=f"regex per term, {label} text")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("glossary size (concepts)")
    ax.set_ylabel("throughput (MB/s)")
    ax.set_title("Term matching throughput")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "matcher_scale.png", dpi=100)


if __name__ == "__main__":
    main()
