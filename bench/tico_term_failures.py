"""Per-term breakdown of term failures in a tico_quality run, for a terminologist.

    python bench/tico_term_failures.py [bench/results/tico_quality_f.json] [--run pt-on] [--top 30]

For each (run, target term): how often it failed, in how many of those the
professional reference does not use the term either (a sign that the
glossary, not the enforcement, is at odds with how the text is translated),
how many a lemmatiser accepts (an inflected form, e.g. the plural
Glossator wrote for a plural source), and one example.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(Path(__file__).resolve().parent / "results" / "tico_quality_f.json"))
    ap.add_argument("--run", default=None, help="e.g. pt-on; default: every run")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    data = json.loads(Path(args.path).read_text(encoding="utf-8"))
    for run, failures in data["failures"].items():
        if args.run and run != args.run:
            continue
        groups = defaultdict(list)
        for f in failures:
            groups[(f["source_term"].lower(), f["target_term"])].append(f)
        print(f"== {run}: {len(failures)} failed (sentence, concept) pairs, {len(groups)} terms")
        print(f"{'count':>5} {'lemma ok':>8} {'+hunspell':>9} {'ref lacks':>9}  source term -> glossary term   | example output")
        for (src, tgt), fs in sorted(groups.items(), key=lambda kv: -len(kv[1]))[: args.top]:
            lacks = sum(not f["term_in_reference"] for f in fs)
            lemma = sum(bool(f.get("lemma_hit")) for f in fs)
            morph = sum(bool(f.get("morph_hit")) for f in fs)
            print(f"{len(fs):5} {lemma:8} {morph:9} {lacks:9}  {src} -> {tgt}   | {fs[0]['output'][:90]}")


if __name__ == "__main__":
    main()
