"""Would a second thread speed up a glossary import? (issue 11 "Load", sixth round)

An import alternates Python work (parsing CSV, checking and building terms)
with SQLite statements, and ``sqlite3`` releases the GIL while a statement
runs. This times the writer's kind of statement (multi-row INSERTs of 2,000
rows into a table keyed by random text, in one transaction, in a Glossator
database) three ways, in one process, alternating:

* alone;
* with a thread that reads and checks the generated wide-csv file with
  Glossator's own reader (``formats.READERS["csv"]``, ``Concept.validate``):
  the work a second thread would take off the writer;
* with the same reading in another process (no GIL shared): whether the
  two kinds of work slow each other down on this machine's cores;
* the two one after the other, which is what the import does today.

If the thread paid, "together" would be well under "one after the other".
"insert, reader in a process" against "insert alone" shows what the
hardware allows even without the GIL.

    python bench/import_threads.py [--file /tmp/imp10/10MB-11-wide.csv] [--repeats 3]

(the file comes from ``bench/import_scale.py --keep DIR``.)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from glossator.glossary import formats
from glossator.glossary.store import Glossary

ROWS, BATCHES = 2000, 150


def _parse(path: Path) -> int:
    """What the import's reader does: the wide-csv reader, each concept checked."""
    return sum(len(concept.validate().terms) for _, concept in formats.READERS["csv"](path, "utf-8"))


def _batches(k0: int) -> list[list]:
    """The statements' parameters, made before the clock starts: only SQLite is timed."""
    out = []
    for k in range(k0, k0 + BATCHES):
        params: list = []
        for i in range(ROWS):
            params += [f"key-{(i * 7919 + k * 104729) % 1000003}-{k}", i, "text " * 4]
        out.append(params)
    return out


def _insert(conn, batches: list[list]) -> None:
    sql = "INSERT INTO t VALUES " + ", ".join(["(?, ?, ?)"] * ROWS)
    with conn:
        for params in batches:
            conn.execute(sql, params)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, default=Path("/tmp/imp10/10MB-11-wide.csv"))
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import_threads."))
    g = Glossary.open(work / "t.db", seed=False)
    conn = g.db.conn
    conn.execute("CREATE TABLE t (key TEXT PRIMARY KEY, n INTEGER, text TEXT)")
    times: dict[str, list[float]] = {"insert alone": [], "parse alone": [], "together": [], "cpu together": [],
                                     "insert, reader in a process": [], "its cpu": []}
    k = 0
    for _ in range(args.repeats):
        batches = _batches(k)
        t = time.perf_counter()
        _insert(conn, batches)
        times["insert alone"].append(time.perf_counter() - t)
        k += BATCHES
        t = time.perf_counter()
        _parse(args.file)
        times["parse alone"].append(time.perf_counter() - t)
        reader = threading.Thread(target=_parse, args=(args.file,))
        batches = _batches(k)
        c, t = time.process_time(), time.perf_counter()
        reader.start()
        _insert(conn, batches)
        reader.join()
        times["together"].append(time.perf_counter() - t)
        times["cpu together"].append(time.process_time() - c)
        k += BATCHES
        other = multiprocessing.get_context("fork").Process(target=_parse, args=(args.file,))
        batches = _batches(k)
        other.start()
        time.sleep(0.1)  # the child is reading when the clock starts
        c, t = time.process_time(), time.perf_counter()
        _insert(conn, batches)
        times["insert, reader in a process"].append(time.perf_counter() - t)
        times["its cpu"].append(time.process_time() - c)
        other.join()
        k += BATCHES
    med = {name: statistics.median(v) for name, v in times.items()}
    serial = med["insert alone"] + med["parse alone"]
    print(f"cores {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.1f}, medians of {args.repeats}")
    for name, v in med.items():
        print(f"  {name:28s} {v:6.2f} s")
    print(f"  one after the other {serial:6.2f} s; together / one after the other = {med['together'] / serial:.2f}")
    g.close()


if __name__ == "__main__":
    main()
