"""A translator at work, for the fault-injection test: run as a separate process.

    python fault_editor.py CATALOG_DIR JOURNAL STOP_FILE SEED

Until STOP_FILE exists: opens a catalog, approves one entry (a fuzzy one, or
revises an approved one: new msgstr, ``fuzzy`` removed), saves as an editor does (a new file, then a rename over the
catalog), and only then appends the approval to JOURNAL (fsynced), so the
journal never claims more than was saved. A catalog that does not parse is an
error: the process exits 3 naming it.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

import polib


def approve_one(path: Path, rng: random.Random, n: int, journal) -> None:
    try:
        po = polib.pofile(str(path))
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        print(f"{path}: cannot be read: {exc}", file=sys.stderr)
        sys.exit(3)
    todo = [e for e in po if not e.obsolete and e.msgstr]
    if not todo:
        return
    fuzzy = [e for e in todo if e.fuzzy]
    entry = rng.choice(fuzzy or todo)
    entry.msgstr = f"Aprobado {n}: {entry.msgid[:40]}"
    if entry.fuzzy:
        entry.flags.remove("fuzzy")
    tmp = path.with_name(path.name + ".editor-tmp")
    po.save(str(tmp))
    os.replace(tmp, path)
    journal.write(json.dumps({"catalog": str(path), "msgctxt": entry.msgctxt, "msgid": entry.msgid,
                              "msgstr": entry.msgstr}) + "\n")
    journal.flush()
    os.fsync(journal.fileno())


def main(folder: str, journal_path: str, stop: str, seed: str) -> None:
    rng = random.Random(int(seed))
    n = 0
    with open(journal_path, "a", encoding="utf-8") as journal:
        while not os.path.exists(stop):
            for path in sorted(Path(folder).glob("*.po")):
                n += 1
                approve_one(path, rng, n, journal)
            time.sleep(rng.uniform(0.02, 0.15))


if __name__ == "__main__":
    main(*sys.argv[1:])
