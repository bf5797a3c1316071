"""Glossary import at scale (issue 11, "Load"): main's code against this tree's,
side by side in one run, on the same generated files.

    python bench/import_scale.py [--mb 50] [--repeats 2] [--base main] [--tag NAME]

1. Generates, reproducibly (seeded), a ``csv-long`` file and a wide ``csv``
   file (and with ``--formats tbx`` a TBX-Basic file) of about ``--mb`` MB each: concepts in en/zh/es/pt with admitted,
   deprecated and abbreviated terms, definitions with commas and quotes,
   notes and sources, as the desk's glossary has them.
2. Puts the ``--base`` revision's source (``git archive``) and a snapshot of
   this working tree each under an import root of their own, so that ``glossator`` in a
   child process is exactly that tree's code (the child reports which file it
   imported, and the script checks it).
3. Runs ``python -m glossator glossary --db NEW.db import FILE`` for each tree,
   alternating old/new, ``--repeats`` times per file, each in a fresh process
   on a fresh database. Wall time from the parent; peak RSS of the child from
   ``os.wait4`` (``ru_maxrss``), so no extra dependency is needed.

Prints medians and new/old ratios and writes
``results/import_scale_<MB>MB[_<formats>][_<tag>].json``: ``--tag`` names a
round, so that it does not overwrite the file of the round before.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
LONG_HEADER = (
    "concept,domain,definition,concept_source,do_not_translate,language,term,status,kind,"
    "case_sensitive,pos,gender,number,same_as_source,note,source"
)
DOMAINS = ["policy", "initiative", "organization", "meeting", "place", "person", "publication", "economy"]
EN_WORDS = ("forum cooperation initiative summit partnership development bank fund belt road community "
            "shared future ministerial meeting declaration action plan trade expo congress assembly "
            "national people council state silk maritime digital green health security global").split()
ES_WORDS = ("foro cooperación iniciativa cumbre asociación desarrollo banco fondo franja ruta comunidad "
            "futuro compartido reunión ministerial declaración plan acción comercio exposición congreso "
            "asamblea nacional pueblo consejo estado seda marítima digital verde salud seguridad").split()
PT_WORDS = ("fórum cooperação iniciativa cúpula parceria desenvolvimento banco fundo cinturão rota "
            "comunidade futuro compartilhado reunião ministerial declaração plano ação comércio exposição "
            "congresso assembleia nacional povo conselho estado seda marítima digital verde saúde").split()
ZH_CHARS = "中国拉美共体论坛合作倡议峰会伙伴关系发展银行基金一带路命运同体部长级会议宣言行动计划贸易博览全人民代表大政协商务院丝绸海上数字绿色卫生安全"


def _phrase(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def _zh(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ZH_CHARS) for _ in range(n))


def _concept(rng: random.Random, i: int) -> tuple[str, dict, list[tuple]]:
    """One concept: (id, concept fields, terms as (lang, text, status, kind, pos, gender, number, note))."""
    en = f"{_phrase(rng, EN_WORDS, rng.randint(2, 5)).title()} {i}"
    cid = f"c{i}-" + "-".join(en.lower().split()[:3])
    definition = None
    if rng.random() < 0.6:
        definition = f"{_phrase(rng, EN_WORDS, rng.randint(6, 18)).capitalize()}, held in {rng.randint(1990, 2026)}."
        if rng.random() < 0.2:
            definition += ' Known as "the ' + _phrase(rng, EN_WORDS, 2) + '".'
    fields = {"domain": rng.choice(DOMAINS), "definition": definition,
              "source": "Xinhua English; FMPRC" if rng.random() < 0.3 else None,
              "dnt": rng.random() < 0.02}
    pos = "proper-noun" if rng.random() < 0.7 else "noun"
    terms = [("en", en, "preferred", "full", pos, None, None, None),
             ("zh", _zh(rng, rng.randint(4, 12)) + str(i), "preferred", "full", pos, None, None, None),
             ("es", f"{_phrase(rng, ES_WORDS, rng.randint(2, 6)).capitalize()} {i}", "preferred", "full", pos,
              rng.choice(["masculine", "feminine"]), "singular", None),
             ("pt", f"{_phrase(rng, PT_WORDS, rng.randint(2, 6)).capitalize()} {i}", "preferred", "full", pos,
              rng.choice(["masculine", "feminine"]), "singular", None)]
    if rng.random() < 0.4:
        abbr = "".join(w[0].upper() for w in en.split()[:-1]) + str(i)
        terms.append(("en", abbr, "admitted", "abbreviation", pos, None, None, None))
    if rng.random() < 0.3:
        lang, words = rng.choice([("es", ES_WORDS), ("pt", PT_WORDS)])
        terms.append((lang, f"{_phrase(rng, words, 3)} {i}", "deprecated", "variant", pos, None, None,
                      "older rendering, still seen in wire copy"))
    return cid, fields, terms


_TBX_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
               "deprecated": "deprecatedTerm-admn-sts"}
_TBX_KIND = {"full": "fullForm", "abbreviation": "abbreviation", "variant": "variant"}
_TBX_POS = {"proper-noun": "properNoun", "noun": "noun"}


def _tbx_entry(cid: str, f: dict, terms: list[tuple]) -> str:
    """One TBX-Basic (v2) termEntry, as Glossator exports them."""
    from xml.sax.saxutils import escape

    out = [f'<termEntry id="{cid}">', f'<descrip type="subjectField">{f["domain"]}</descrip>']
    if f["definition"]:
        out.append(f'<descrip type="definition">{escape(f["definition"])}</descrip>')
    if f["source"]:
        out.append(f'<admin type="source">{escape(f["source"])}</admin>')
    by_lang: dict[str, list[tuple]] = {}
    for t in terms:
        by_lang.setdefault(t[0], []).append(t)
    for lang, group in by_lang.items():
        out.append(f'<langSet xml:lang="{lang}">')
        for _, text, status, kind, pos, gender, _number, note in group:
            out.append(f"<tig><term>{escape(text)}</term>"
                       f'<termNote type="termType">{_TBX_KIND[kind]}</termNote>'
                       f'<termNote type="partOfSpeech">{_TBX_POS[pos]}</termNote>'
                       + (f'<termNote type="grammaticalGender">{gender}</termNote>' if gender else "")
                       + f'<termNote type="administrativeStatus">{_TBX_STATUS[status]}</termNote>'
                       + '<admin type="source">Xinhua</admin>'
                       + (f"<note>{escape(note)}</note>" if note else "") + "</tig>")
        out.append("</langSet>")
    out.append("</termEntry>\n")
    return "".join(out)


def generate(path: Path, fmt: str, megabytes: float, seed: int = 11) -> int:
    """Write a ``csv-long``, ``csv`` or ``tbx`` file of about ``megabytes`` MB; returns its concept count."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    n = 0
    if fmt == "tbx":
        with open(path, "w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en">'
                      "<martifHeader><fileDesc><sourceDesc><p>import_scale.py</p></sourceDesc></fileDesc>"
                      "</martifHeader><text><body>\n")
            while out.tell() < target:
                n += 1
                out.write(_tbx_entry(*_concept(rng, n)))
            out.write("</body></text></martif>\n")
        return n
    with open(path, "w", encoding="utf-8", newline="") as out:
        import csv

        w = csv.writer(out, lineterminator="\n")
        out.write((LONG_HEADER if fmt == "csv-long" else "en,zh,es,pt,pos,description") + "\n")
        while out.tell() < target:
            n += 1
            cid, f, terms = _concept(rng, n)
            if fmt == "csv-long":
                for lang, text, status, kind, pos, gender, number, note in terms:
                    w.writerow([cid, f["domain"], f["definition"] or "", f["source"] or "",
                                "yes" if f["dnt"] else "no", lang, text, status, kind, "no", pos,
                                gender or "", number or "", "no", note or "", "Xinhua"])
            else:
                pref = {t[0]: t[1] for t in terms if t[2] == "preferred"}
                w.writerow([pref["en"], pref["zh"], pref["es"], pref["pt"], terms[0][4], f["definition"] or ""])
    return n


def source_root(tree: Path, dest: Path) -> Path:
    """An import root where ``glossator`` is ``tree``'s code, laid out as setuptools' package-dir maps it."""
    pkg = dest / "glossator"
    pkg.mkdir(parents=True)
    for item in (tree / "glossator").iterdir():
        (pkg / item.name).symlink_to(item.resolve())
    for sub in ("glossary", "translate", "seeds"):
        (pkg / sub).symlink_to((tree / sub).resolve())
    return dest


def _child_env(root: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    env.pop("GLOSSATOR_DB", None)
    return env


def which_code(root: Path) -> str:
    out = subprocess.run([sys.executable, "-P", "-c", "import glossator.glossary.store as s; print(s.__file__)"],
                         env=_child_env(root), capture_output=True, text=True, check=True)
    return out.stdout.strip()


def run_import(root: Path, file: Path, fmt: str, work: Path) -> dict:
    """Import ``file`` into a fresh database in a child process; wall seconds and peak RSS (MiB)."""
    db = work / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    # The empty database is created and migrated first, outside the measurement.
    subprocess.run([sys.executable, "-P", "-c",
                    f"from glossator.glossary.store import Glossary; Glossary.open({str(db)!r}, seed=False).close()"],
                   env=_child_env(root), check=True)
    cmd = [sys.executable, "-P", "-m", "glossator", "glossary", "--db", str(db), "import", "--format", fmt,
           "--json", str(file)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=_child_env(root), stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if proc.returncode:
            raise SystemExit(f"import failed under {root}:\n{err.read().decode()}")
        report = json.loads(out.read())[0]
    return {"seconds": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "concepts": report["added"], "terms": report["terms"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--base", default="main", help="git revision of the old code")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--keep", type=Path, help="generate the files into this folder (and reuse them)")
    ap.add_argument("--formats", default="csv-long,csv", help="which files: csv-long, csv, tbx (comma-separated)")
    ap.add_argument("--tag", help="name of this round: the results go to import_scale_<MB>MB_<tag>.json")
    args = ap.parse_args()
    load_start = os.getloadavg()  # the machine's load (1, 5, 15 min) when the run began, and when it ended
    work = Path(tempfile.mkdtemp(prefix="import_scale."))
    files_dir = args.keep or work
    files_dir.mkdir(parents=True, exist_ok=True)
    try:
        files = {}
        names = {"csv-long": "long.csv", "csv": "wide.csv", "tbx": "entries.tbx"}
        for fmt in args.formats.split(","):
            name = names[fmt]
            path = files_dir / f"{args.mb:g}MB-{args.seed}-{name}"
            if not path.exists():
                n = generate(path, fmt, args.mb, args.seed)
                print(f"generated {path.name}: {path.stat().st_size / 1e6:.1f} MB, {n} concepts", file=sys.stderr)
            files[fmt] = path
        # Both trees are snapshots taken now, so editing the worktree during a run changes nothing.
        trees = {"old": work / "old-src", "new": work / "new-src"}
        for sub in ("glossator", "glossary", "translate", "seeds"):
            shutil.copytree(REPO / sub, work / "new-src" / sub, ignore=shutil.ignore_patterns("__pycache__"))
        (work / "old-src").mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.base], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(work / "old-src")], input=archive.stdout, check=True)
        roots = {name: source_root(tree, work / f"root-{name}") for name, tree in trees.items()}
        for name, root in roots.items():
            code = which_code(root)
            assert code.startswith(str(root)), f"{name}: imported {code}, not {root}"
            print(f"{name}: {code} -> {Path(code).resolve()}", file=sys.stderr)
        runs: dict = {fmt: {"old": [], "new": []} for fmt in files}
        for r in range(args.repeats):
            for fmt, path in files.items():
                for name in ("old", "new") if r % 2 == 0 else ("new", "old"):  # alternate who goes first
                    res = run_import(roots[name], path, fmt, work)
                    runs[fmt][name].append(res)
                    print(f"  {fmt:8} {name}: {res['seconds']:7.1f} s wall, {res['cpu']:7.1f} s cpu, "
                          f"{res['rss_mib']:6.0f} MiB peak, {res['concepts']} concepts", file=sys.stderr)
        summary = {}
        print(f"\n{'file':22} {'old s':>8} {'new s':>8} {'speed-up':>9} {'old MiB':>8} {'new MiB':>8} {'mem ratio':>9}")
        for fmt, by in runs.items():
            med = {n: {k: statistics.median(x[k] for x in by[n]) for k in ("seconds", "cpu", "rss_mib")} for n in by}
            summary[fmt] = {"file": files[fmt].name, "bytes": files[fmt].stat().st_size, "runs": by, "median": med,
                            "speedup_wall": med["old"]["seconds"] / med["new"]["seconds"],
                            "speedup_cpu": med["old"]["cpu"] / med["new"]["cpu"],
                            "rss_ratio": med["new"]["rss_mib"] / med["old"]["rss_mib"]}
            s_ = summary[fmt]
            print(f"{files[fmt].name:22} {med['old']['seconds']:8.1f} {med['new']['seconds']:8.1f} "
                  f"{s_['speedup_wall']:8.1f}x {med['old']['rss_mib']:8.0f} {med['new']['rss_mib']:8.0f} "
                  f"{s_['rss_ratio']:8.2f}x   (cpu speed-up {s_['speedup_cpu']:.1f}x)")
        RESULTS.mkdir(exist_ok=True)
        tail = "" if args.formats == "csv-long,csv" else "_" + args.formats.replace(",", "_")
        tail += f"_{args.tag}" if args.tag else ""
        out = RESULTS / f"import_scale_{args.mb:g}MB{tail}.json"
        out.write_text(json.dumps({"base": args.base, "tag": args.tag, "mb": args.mb, "seed": args.seed,
                                   "repeats": args.repeats, "load_average": {"start": load_start, "end": os.getloadavg()},
                                   "results": summary}, indent=2) + "\n")
        print(f"wrote {out} (load average {load_start[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)",
              file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
