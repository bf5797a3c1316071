"""Does a sentence decode the same alone and in a shared batch? (issue 16)

Raw CTranslate2 ``translate_batch`` on the English side of TICO-19 (all
3,071 sentences by default), with the settings Glossator's argos engine
uses (inter_threads = cores, intra_threads 1, beam 4, n-best 4, length
penalty 0.2, the package's stored compute type as argos-translate-lt), once
per batching: one sentence per batch (the engine's default) and the shared,
length-sorted batches that GLOSSATOR_ARGOS_BATCHING offers. For each shared
batching: sentences whose first hypothesis differs from the one-per-batch
run, whose n-best list differs, and whose scores moved by more than 1e-3;
and the time of each run, in one process, alternating over ``--repeats``.

    python bench/argos_batching_identity.py --package ~/.cache/glossator-bench/translate-en_es-1_0.argosmodel

Writes results/argos_batching_identity.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TICO = REPO.parent / "shared" / "benchmarks" / "tico19" / "all.en-es-419.tmx"
BATCHINGS = [(1, "examples"), (512, "tokens"), (8, "examples"), (1024, "tokens")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--package", required=True, help="an .argosmodel (bench/realistic_model.py makes one)")
    ap.add_argument("--limit", type=int, default=None, help="first N TICO-19 sentences only")
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()

    import ctranslate2
    import sentencepiece as spm

    sys.path.insert(0, str(REPO))
    from glossator.glossary.formats.tmx import read_units
    from glossator.translate.engines.argos import decoding_threads

    work = Path(tempfile.mkdtemp(prefix="batchid-"))
    with zipfile.ZipFile(args.package) as z:
        z.extractall(work)
    pkg = next(p.parent for p in work.glob("*/metadata.json"))
    sp = spm.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
    sources = [u[3] for u in read_units(TICO)][: args.limit]
    tokens = [sp.encode(s, out_type=str) for s in sources]
    translator = ctranslate2.Translator(str(pkg / "model"), inter_threads=decoding_threads(), intra_threads=1)
    translator.translate_batch(tokens[:8], beam_size=4)  # warm-up
    seconds: dict[str, list[float]] = {}
    results: dict[str, list] = {}
    for _ in range(args.repeats):
        for size, kind in BATCHINGS:
            name = f"{size}:{kind}"
            t0 = time.perf_counter()
            out = translator.translate_batch(tokens, replace_unknowns=True, max_batch_size=size, batch_type=kind,
                                             beam_size=4, num_hypotheses=4, length_penalty=0.2, return_scores=True)
            seconds.setdefault(name, []).append(time.perf_counter() - t0)
            results[name] = [(r.hypotheses, r.scores) for r in out]
    base = results["1:examples"]
    report = {"package": Path(args.package).name, "sentences": len(sources), "cores": decoding_threads(),
              "load_average_1min": os.getloadavg()[0], "batchings": {}}
    print(f"{len(sources)} TICO-19 sentences, beam 4, n-best 4; medians of {args.repeats}")
    print(f"{'batching':14} {'seconds':>8} {'x alone':>8} {'first differs':>14} {'n-best differs':>15} "
          f"{'score moved >1e-3':>18}")
    for name, runs in results.items():
        first = sum(a[0][0] != b[0][0] for a, b in zip(runs, base))
        nbest = sum(a[0] != b[0] for a, b in zip(runs, base))
        moved = sum(any(abs(x - y) > 1e-3 for x, y in zip(a[1], b[1])) for a, b in zip(runs, base))
        secs = statistics.median(seconds[name])
        speed = statistics.median(seconds["1:examples"]) / secs
        print(f"{name:14} {secs:8.2f} {speed:8.2f} {first:14} {nbest:15} {moved:18}")
        report["batchings"][name] = {"seconds": secs, "speed_vs_alone": speed, "first_differs": first,
                                     "nbest_differs": nbest, "score_moved": moved,
                                     "differing": [i for i, (a, b) in enumerate(zip(runs, base)) if a[0][0] != b[0][0]]}
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    (REPO / "bench" / "results" / "argos_batching_identity.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
