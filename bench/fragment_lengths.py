"""How long real translations run against their input, in a package's SentencePiece pieces: the data
behind ``translate/fragments.py``'s FRAGMENT_CAP (the decoding limit of terms and clauses
translated alone).

    python bench/fragment_lengths.py --package ~/.cache/glossator-bench-v2/translate-en_es-1_0.argosmodel

Reads TICO-19's en->es reference pairs (../shared/benchmarks/tico19): the two terminologies
(f_en-es_XX.csv, g_en_es-419.csv: terms, as repair translates them alone) and the 3,071
sentence pairs of all.en-es-419.tmx, and prints, per set, the reference's length over the
source's (median, 95th and 99th percentiles, maximum), and how many references the cap would
cut (longer than ratio x source pieces + extra) and the smallest margin left under it.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TICO = REPO.parent / "shared" / "benchmarks" / "tico19"


def pairs() -> dict[str, list[tuple[str, str]]]:
    from lxml import etree

    out = {}
    for name in ("f_en-es_XX.csv", "g_en_es-419.csv"):
        with open(TICO / name, encoding="utf-8") as f:
            out[name] = [(r["sourceString"], r["targetString"]) for r in csv.DictReader(f)]
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    sentences = []
    for tu in etree.parse(str(TICO / "all.en-es-419.tmx")).iter("tu"):
        segs = {tuv.get(xml_lang): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")}
        if "en" in segs and len(segs) == 2:
            sentences.append((segs["en"], next(v for k, v in segs.items() if k != "en")))
    out["all.en-es-419.tmx"] = sentences
    return out


def main() -> None:
    import sentencepiece as spm

    from glossator.translate.fragments import FRAGMENT_CAP

    ap = argparse.ArgumentParser()
    ap.add_argument("--package", required=True, help="an en->es .argosmodel: its sentencepiece.model counts pieces")
    args = ap.parse_args()
    with zipfile.ZipFile(Path(args.package).expanduser()) as z:
        name = next(n for n in z.namelist() if n.endswith("/sentencepiece.model"))
        model = Path(tempfile.mkdtemp()) / "sentencepiece.model"
        model.write_bytes(z.read(name))
    sp = spm.SentencePieceProcessor(model_file=str(model))
    report = {"cap": {"ratio": FRAGMENT_CAP.ratio, "extra": FRAGMENT_CAP.extra}, "sets": {}}
    print(f"cap: {FRAGMENT_CAP.ratio} x source pieces + {FRAGMENT_CAP.extra}")
    for label, rows in pairs().items():
        lengths = [(len(sp.encode(s)), len(sp.encode(t))) for s, t in rows if s.strip() and t.strip()]
        ratios = sorted(b / a for a, b in lengths)
        cut = sum(b > FRAGMENT_CAP.limit(a) for a, b in lengths)
        margin = min(FRAGMENT_CAP.limit(a) - b for a, b in lengths)
        row = {"pairs": len(lengths), "median_source_pieces": statistics.median(a for a, _ in lengths),
               "ratio_median": statistics.median(ratios), "ratio_p95": ratios[int(0.95 * len(ratios))],
               "ratio_p99": ratios[int(0.99 * len(ratios))], "ratio_max": ratios[-1], "cut_by_cap": cut,
               "smallest_margin": margin}
        report["sets"][label] = row
        print(f"{label:22} {row['pairs']:5} pairs, source median {row['median_source_pieces']:g} pieces; "
              f"reference/source median {row['ratio_median']:.2f}, p95 {row['ratio_p95']:.2f}, "
              f"p99 {row['ratio_p99']:.2f}, max {row['ratio_max']:.2f}; over the cap {cut}, "
              f"smallest margin {margin} pieces")
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    (REPO / "bench" / "results" / "fragment_lengths.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
