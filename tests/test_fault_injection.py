"""kill -9 ``glossator translate`` at random points while a translator keeps saving.

Over 30 cycles (seeded, so a failure can be replayed): an editor process
approves or revises entries and saves by rename; ``python -m glossator translate`` runs
over two short articles, one of which grows a sentence each cycle so that
every run has machine translation to do, and is killed at a random moment
or finishes. After every cycle every catalog passes ``msgfmt -c`` and every
approval the editor saved is still in its catalog, approved.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from conftest import SEED_ARTICLES, requires_apertium

from glossator.glossary.store import Glossary

pytestmark = [requires_apertium, pytest.mark.slow]

CYCLES = 30
EDITOR = Path(__file__).with_name("fault_editor.py")


def first_paragraphs(src: Path, dst: Path, n: int = 2) -> Path:
    dst.write_text("\n".join(src.read_text(encoding="utf-8").splitlines()[:n]) + "\n", encoding="utf-8")
    return dst


def check_cycle(catalogs: Path, journal: Path, cycle: int) -> int:
    for path in sorted(catalogs.glob("*.po")):
        r = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert r.returncode == 0, f"cycle {cycle}: {path.name}: {r.stderr}"
    approvals = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    latest = {(a["catalog"], a["msgctxt"], a["msgid"]): a for a in approvals}  # a revision supersedes
    entries = {}
    for a in latest.values():
        if a["catalog"] not in entries:
            entries[a["catalog"]] = {(e.msgctxt, e.msgid): e for e in polib.pofile(a["catalog"]) if not e.obsolete}
        e = entries[a["catalog"]].get((a["msgctxt"], a["msgid"]))
        assert e is not None and e.msgstr == a["msgstr"] and not e.fuzzy, \
            f"cycle {cycle}: approval lost in {a['catalog']}: {a['msgid'][:60]!r}"
    return len(approvals)


def test_random_kills_during_translator_saves_lose_nothing(tmp_path):
    rng = random.Random(11)
    articles = [first_paragraphs(SEED_ARTICLES[1], tmp_path / "one.txt"),
                first_paragraphs(SEED_ARTICLES[2], tmp_path / "two.txt")]
    Glossary.open(tmp_path / "glossary.db").close()  # seeded once, not in every run
    catalogs = tmp_path / "locales" / "es" / "LC_MESSAGES"
    journal = tmp_path / "approvals.jsonl"
    journal.touch()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    outcomes = {"killed": 0, "finished": 0, "merged a save": 0, "left to the editor": 0}
    duration = None  # of a whole run on this machine now; the first run is left to finish to measure it
    for cycle in range(CYCLES):
        with articles[cycle % 2].open("a", encoding="utf-8") as f:
            f.write(f"Delegates from {cycle + 3} countries met again in session {cycle + 1}. "
                    f"The session lasted {cycle + 2} hours. Its report runs to {cycle + 40} pages.\n")
        stop = tmp_path / f"stop-{cycle}"
        editor = subprocess.Popen([sys.executable, str(EDITOR), str(catalogs), str(journal), str(stop),
                                   str(rng.randrange(1 << 30))], stderr=subprocess.PIPE, text=True)
        run = subprocess.Popen([sys.executable, "-P", "-m", "glossator", "translate", *map(str, articles), "--to", "es",
                                "--engine", "apertium", "--db", str(tmp_path / "glossary.db"), "--out",
                                str(tmp_path / "locales")], cwd=tmp_path, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        started = time.monotonic()
        try:
            run.wait(timeout=rng.uniform(0.1, 1.2 * duration) if duration else 120)
            duration = time.monotonic() - started
        except subprocess.TimeoutExpired:
            run.kill()  # SIGKILL
            run.wait()
        stop.touch()
        editor.wait(timeout=30)
        assert editor.returncode == 0, f"cycle {cycle}: editor: {editor.stderr.read()}"
        err = run.stderr.read()
        # exit 1 only for a catalog the editor kept saving through every merge (left as the editor saved it)
        conflict = run.returncode == 1 and "kept changing during the run" in err
        assert run.returncode in (0, -9) or conflict, f"cycle {cycle}: translate exited {run.returncode}: {err}"
        outcomes["killed" if run.returncode == -9 else "finished"] += 1
        outcomes["left to the editor"] += conflict
        outcomes["merged a save"] += "saved during the run; merged" in err
        approved = check_cycle(catalogs, journal, cycle)
    print(outcomes, approved)
    assert outcomes["killed"] >= CYCLES // 3 and outcomes["finished"] >= 1, outcomes
    assert approved >= CYCLES, approved  # the editor really was at work
