"""Glossator against argostranslate on the same argos package and the same articles.

    python bench/argos_speed.py [--repeats 3] [--package FILE.argosmodel]

Without --package, builds the tests' synthetic package at realistic size
(6+6 layers, d_model 512, vocabulary 8,000; seeded weights). Each side runs
in its own process, alternating, on the five seed articles at argos's beam
size (4), one hypothesis:

* argos: ``argostranslate.translate`` called per paragraph, as argos users do,
  with its sentence splitter replaced by Glossator's (MiniSBD downloads its
  model on first use, which cannot happen here), so both translate the same
  sentences;
* glossator, glossary off, and glossary on: the whole document per call.

The glossary-off output must equal argos's (compared without white space:
see the comment in main). Reports start-up (imports and
model load), segments/s, peak RSS, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))

ARGOS_SIDE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import argostranslate.translate as at
from argostranslate import package
from glossator.translate.segment import split_sentences
pkg = next(p for p in package.get_installed_packages() if p.from_code == "en" and p.to_code == "zh")
translation = at.PackageTranslation(at.Language("en", "English"), at.Language("zh", "Chinese"), pkg)
class Splitter:
    def split_sentences(self, text):
        return [text[s:e] for s, e in split_sentences(text)]
translation.sentencizer = Splitter()
translation.hypotheses("Warm-up.", num_hypotheses=1)  # loads the model
startup = time.perf_counter() - t0
out, t1 = [], time.perf_counter()
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            out.append([h.value for h in translation.hypotheses(line.strip(), num_hypotheses=1)][0])
seconds = time.perf_counter() - t1
print(json.dumps({"startup": startup, "seconds": seconds, "outputs": out,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

GLOSSATOR_SIDE = r"""
import json, resource, sys, tempfile, time
glossary_on = sys.argv[1] == "on"
t0 = time.perf_counter()
from glossator.glossary.store import Glossary
from glossator.translate.documents import read_document
from glossator.translate.engines.argos import ArgosEngine
from glossator.translate.pipeline import Enforcer, translate_document
engine = ArgosEngine()
enforcer = Enforcer(Glossary.open(tempfile.mkdtemp() + "/g.db"))
engine.translate_batch(["Warm-up."], "en", "zh", n_best=1)  # loads the model
startup = time.perf_counter() - t0
docs = [read_document(p) for p in sys.argv[2:]]
out, segments, t1 = [], 0, time.perf_counter()
for doc in docs:
    result = translate_document(doc, "zh", engine, enforcer, n_best=1, glossary=glossary_on)
    segments += len(result.segments)
    by_block = {}
    for s in result.segments:
        by_block.setdefault(s.segment.block, []).append(s.translation)
    out += [" ".join(v) for _, v in sorted(by_block.items())]
seconds = time.perf_counter() - t1
print(json.dumps({"startup": startup, "seconds": seconds, "outputs": out, "segments": segments,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, args: list[str], env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--package", default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="glossator-argos-"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "XDG_CACHE_HOME": str(work / "cache"),
           "ARGOS_BEAM_SIZE": "4"}
    (work / "packages").mkdir()
    package = args.package
    if package is None:
        sys.path.insert(0, str(REPO / "tests"))
        from synthetic_argos import build_package

        package = build_package(work / "build", "en", "zh", scale="realistic")
    subprocess.run(["glossator", "engines", "install", "--file", str(package)], env=env, check=True,
                   capture_output=True)
    seeds = [str(p) for p in SEEDS]
    runs = {"argos": [], "off": [], "on": []}
    for _ in range(args.repeats):  # alternate the sides, so drift hits all alike
        runs["argos"].append(run(ARGOS_SIDE, seeds, env))
        runs["off"].append(run(GLOSSATOR_SIDE, ["off", *seeds], env))
        runs["on"].append(run(GLOSSATOR_SIDE, ["on", *seeds], env))
    # Compared without white space: argos decodes the tokens of a paragraph's sentences in one call,
    # Glossator decodes each sentence and joins them with a space, so the two differ only in the
    # space between sentences where a sentence starts with a piece that carries no "▁" (found on
    # article 003: "<pad278> <pad5068>" against "<pad278><pad5068>"); the tokens are the same.
    norm = lambda outs: ["".join(o.split()) for o in outs]
    identical = norm(runs["argos"][0]["outputs"]) == norm(runs["off"][0]["outputs"])
    segments = runs["off"][0]["segments"]
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("startup", "seconds", "rss_mb")} for k, v in runs.items()}
    print(f"package: {Path(package).name}; {segments} segments; glossary-off output identical to argos: {identical}")
    print(f"{'side':22} {'start-up s':>10} {'translate s':>11} {'segments/s':>10} {'peak RSS MB':>11}")
    for k, label in (("argos", "argostranslate"), ("off", "glossator, glossary off"), ("on", "glossator, glossary on")):
        m = med[k]
        print(f"{label:22} {m['startup']:10.2f} {m['seconds']:11.2f} {segments / m['seconds']:10.1f} {m['rss_mb']:11.0f}")
    print(f"throughput glossator-off / argos: {med['argos']['seconds'] / med['off']['seconds']:.2f}x; "
          f"glossary overhead (on/off time): {med['on']['seconds'] / med['off']['seconds'] - 1:+.0%}")
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    (REPO / "bench" / "results" / "argos_speed.json").write_text(json.dumps(
        {"identical": identical, "segments": segments, "median": med}, indent=1))
    if not identical:
        raise SystemExit("glossary-off output differs from argostranslate's")


if __name__ == "__main__":
    main()
