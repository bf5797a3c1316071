"""CLI start-up: `glossator --help` and `glossator glossary export` against
`python -c "import argostranslate.translate"`, run interleaved in one session.

    python bench/cli_startup.py [--runs 15]

Prints the median wall time of each command and its ratio to the argos
import. Timings are noisy on shared machines, so read the ratios, and run
it twice before believing a change.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    db = os.path.join(tmp, "bench.db")
    subprocess.run(["glossator", "glossary", "--db", db, "stats"], check=True, capture_output=True)  # seed once
    commands = {
        "glossator --help": ["glossator", "--help"],
        "glossator glossary export": ["glossator", "glossary", "--db", db, "export"],
        "python -c 'import argostranslate.translate'": [sys.executable, "-c", "import argostranslate.translate"],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():  # interleaved, so drift hits all alike
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)
            times[name].append(time.perf_counter() - t0)
    ref = statistics.median(times["python -c 'import argostranslate.translate'"])
    print(f"{'command':45} {'median s':>9} {'vs argos import':>16}")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"{name:45} {m:9.3f} {m / ref:15.2f}x")


if __name__ == "__main__":
    main()
