"""Throughput of a pool of LibreTranslate servers (1, 2, 4) against the local argos engine.

    make libretranslate && python bench/libretranslate_pool.py [--repeats 3] [--scale tiny]

Same package on both sides: the tests' synthetic en->zh package (tests/synthetic_argos.py;
``--scale realistic`` for the 6+6-layer one). The servers are real LibreTranslate processes on
loopback ports, started as the tests start them (tests/lt_servers.py). Each side translates the
241 segments of the five seed articles with n-best 1, glossary off (a plain ``translate_batch``), so
the figure is the engine's; the sides alternate within each repeat. Reports segments/s (median) and
ratios against the local engine and against one server. On this machine (2 cores) every server and
the client share the same cores: the figures show the pool's overhead and how it spreads the work,
not the gain of adding machines.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import lt_servers  # noqa: E402
from synthetic_argos import build_package  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--scale", default="tiny", choices=("tiny", "realistic"))
    ap.add_argument("--servers", default="1,2,4")
    args = ap.parse_args()
    if lt_servers.executable() is None:
        raise SystemExit("LibreTranslate is not installed: run `make libretranslate` first")
    work = Path(tempfile.mkdtemp(prefix="glossator-lt-bench-"))
    import os

    from argostranslate import settings

    settings.package_data_dir = work / "local"
    settings.package_dirs = [work / "local"]
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "local")
    (work / "local").mkdir()
    from glossator.translate.documents import read_document
    from glossator.translate.engines import argos
    from glossator.translate.engines.libretranslate import LibreTranslateEngine
    from glossator.translate.segment import segment_document

    pkg = build_package(work / "b1", "en", "zh", scale=args.scale)
    argos.install_from_file(pkg)
    (work / "server-packages").mkdir()
    lt_servers.install_packages(work / "server-packages", [pkg, build_package(work / "b2", "zh", "en")])
    texts = [s.text for p in sorted((REPO / "seeds").glob("*.txt")) for s in segment_document(read_document(p))]
    counts = [int(n) for n in args.servers.split(",")]
    servers = [lt_servers.Server(work / "server-packages", work / f"server{i}") for i in range(max(counts))]
    try:
        local = argos.ArgosEngine()
        local.translate_batch(["Warm-up."], "en", "zh")
        pools = {n: LibreTranslateEngine([s.url for s in servers[:n]]) for n in counts}
        for pool in pools.values():
            pool.translate_batch(["Warm-up."], "en", "zh")
        times: dict[str, list[float]] = {"local": [], **{f"{n} server(s)": [] for n in counts}}
        outputs = {}
        for _ in range(args.repeats):
            t = time.perf_counter()
            outputs["local"] = [h[0].text for h in local.translate_batch(texts, "en", "zh")]
            times["local"].append(time.perf_counter() - t)
            for n, pool in pools.items():
                t = time.perf_counter()
                outputs[n] = [h[0].text for h in pool.translate_batch(texts, "en", "zh")]
                times[f"{n} server(s)"].append(time.perf_counter() - t)
        same = all(outputs[n] == outputs[counts[0]] for n in counts)
    finally:
        for s in servers:
            s.kill()
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{len(texts)} segments, {args.scale} package, {args.repeats} repeats; "
          f"pool outputs identical for every pool size: {same}")
    print(f"{'side':14} {'median s':>9} {'segments/s':>10} {'vs local':>9} {'vs 1 server':>11}")
    one = med.get("1 server(s)")
    for k, v in med.items():
        print(f"{k:14} {v:9.2f} {len(texts) / v:10.1f} {med['local'] / v:8.2f}x "
              f"{(one / v if one else float('nan')):10.2f}x")
    out = REPO / "bench" / "results" / "libretranslate_pool.json"
    out.write_text(json.dumps({"segments": len(texts), "scale": args.scale, "times": times, "median": med,
                               "pool_outputs_identical": same}, indent=1))


if __name__ == "__main__":
    main()
