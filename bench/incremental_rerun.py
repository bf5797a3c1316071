"""Incremental re-run: the five seed articles in zh, es and pt when nothing changed.

    python bench/incremental_rerun.py [--runs 7]

In a scratch folder: installs the tests' synthetic en->zh argos package (no
real one can be downloaded here), translates seeds/*.txt into zh, es and pt
once, then re-runs the same command several times, interleaved with
`glossator --help` as the start-up baseline. Prints the median wall time
of each, the ratio re-run/first run, the engine calls (segments sent to an
engine) and the files written by the re-runs, which should both be zero.
Then edits the glossary (es NPC gets a new approved rendering) and re-runs
once more: the catalogs that mention the NPC are rewritten, with no engine call.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def timed(cmd, env, cwd):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return time.perf_counter() - t0, proc.stdout


def main() -> None:
    from synthetic_argos import build_package

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="glossator-rerun-"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "argos"), "GLOSSATOR_DB": str(work / "glossary.db")}
    (work / "argos").mkdir()
    shutil.copytree(REPO / "seeds", work / "seeds")
    package = build_package(work / "build", "en", "zh")
    subprocess.run(["glossator", "engines", "install", "--file", str(package)], env=env, check=True,
                   capture_output=True)
    articles = sorted(str(p.relative_to(work)) for p in (work / "seeds").glob("*.txt"))
    cmd = ["glossator", "translate", *articles, "--to", "zh,es,pt", "--json"]
    first, out = timed(cmd, env, work)
    first_data = json.loads(out)
    rerun, help_ = [], []
    calls = written = 0
    for _ in range(args.runs):
        seconds, out = timed(cmd, env, work)
        data = json.loads(out)
        rerun.append(seconds)
        calls += len(data["results"])
        written += sum(c["written"] for c in data["catalogs"])
        help_.append(timed(["glossator", "--help"], env, work)[0])
    r, h = statistics.median(rerun), statistics.median(help_)
    print(f"first run: {first:.2f} s, {len(first_data['results'])} segments translated, "
          f"{len(first_data['catalogs'])} catalogs")
    print(f"re-run median of {args.runs}: {r:.3f} s  ({r / first:.3f}x the first run, {r / h:.1f}x `glossator --help`"
          f" at {h:.3f} s)")
    print(f"engine calls in re-runs: {calls}; catalogs written by re-runs: {written}")
    # A changed approved rendering reaches the machine-translated entries that use it, in place.
    subprocess.run(["glossator", "glossary", "edit", "npc", "--prefer", "es=Asamblea Nacional Popular"], env=env,
                   cwd=work, check=True, capture_output=True)
    seconds, out = timed(cmd, env, work)
    data = json.loads(out)
    changed = [str(Path(c["file"]).relative_to("locales")) for c in data["catalogs"] if c["written"]]
    print(f"re-run after `glossary edit npc --prefer es=...`: {seconds:.3f} s, engine calls: {len(data['results'])}, "
          f"catalogs written: {len(changed)} ({', '.join(changed)})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
