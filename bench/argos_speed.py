"""Glossator against argostranslate on the same argos package and the same articles.

    python bench/argos_speed.py [--repeats 3] [--package FILE.argosmodel] [--batching 1:examples,1024:tokens] [--raw]
                                [--ahead] [--argos-tuned [--skip-argos]]

With the trained model (bench/realistic_model.py):
``--package ~/.cache/glossator-bench/translate-en_es-1_0.argosmodel --repeats 2 --raw
--batching 1:examples,1024:tokens``: each ArgosEngine batching (max_batch_size:batch_type) side
by side, and raw CTranslate2 ``translate_batch`` on the very sentences the engine was sent
(RAW_CONFIGS: inter_threads x intra_threads, max_batch_size, batch_type; compute type "auto"
as argos), tokenizing not timed: the limit Glossator is measured against.

Without --package, builds the tests' synthetic package at realistic size
(6+6 layers, d_model 512, vocabulary 8,000; seeded weights). Each side runs
in its own process, alternating, on the five seed articles at argos's beam
size (4), one hypothesis:

* argos: ``argostranslate.translate`` called per paragraph, as argos users do,
  with its sentence splitter replaced by Glossator's (MiniSBD downloads its
  model on first use, which cannot happen here), so both translate the same
  sentences;
* glossator, glossary off, and glossary on: the whole document per call; with ``--ahead`` also
  each of them with the five articles' first pass in one call before them, as ``glossator
  translate`` makes it (translate/prefetch.py).

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
to = sys.argv.pop(1)
pkg = next(p for p in package.get_installed_packages() if p.from_code == "en" and p.to_code == to)
translation = at.PackageTranslation(at.Language("en", "English"), at.Language(to, to), pkg)
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
glossary_on, ahead = sys.argv[1].split("+")[0] == "on", sys.argv[1].endswith("+ahead")
target, size, btype = sys.argv[2], *sys.argv[3].split(":")
t0 = time.perf_counter()
from glossator.glossary.store import Glossary
from glossator.translate.documents import read_document
from glossator.translate.engines.argos import ArgosEngine
from glossator.translate.pipeline import Enforcer, translate_document
try:
    from glossator.translate.fragments import FragmentMemo
except ImportError:  # a revision from before the fragment memo (to compare outputs with it)
    FragmentMemo = None
engine = ArgosEngine(batching=(int(size), btype))
sent, got, calls = [], [], []  # every text sent to the engine, its first hypothesis; per call: layer, texts, s
plain_batch = engine.translate_batch
def layer_of_caller():  # the enforcement layer (a method of translate/layers.py) that made this call
    f = sys._getframe(2)
    while f and not (f.f_code.co_filename.endswith(("layers.py", "reinflect.py", "prefetch.py"))
                     and not f.f_code.co_name.startswith("_")):  # not _batch, _fragments: helpers
        f = f.f_back
    return f.f_code.co_name if f else "?"
def recording(texts, *a, **k):
    t, cpu = time.perf_counter(), time.process_time()  # process CPU: CTranslate2's threads included
    hyps = plain_batch(texts, *a, **k)
    calls.append((layer_of_caller(), len(texts), time.perf_counter() - t, time.process_time() - cpu))
    sent.extend(texts)
    got.extend(h[0].text for h in hyps)
    return hyps
engine.translate_batch = recording
enforcer = Enforcer(Glossary.open(tempfile.mkdtemp() + "/g.db"))
engine.translate_batch(["Warm-up."], "en", target, n_best=1)  # loads the model
startup = time.perf_counter() - t0
sent.clear(), got.clear(), calls.clear()
docs = [read_document(p) for p in sys.argv[4:]]
out, per_segment, segments, t1 = [], [], 0, time.perf_counter()
memo = {"fragments": FragmentMemo()} if FragmentMemo else {}  # one per run, as `glossator translate` has
articles_engine = engine
if ahead:  # the articles' first pass in one call, as `glossator translate` makes it (translate/prefetch.py)
    from glossator.translate import prefetch
    from glossator.translate.pipeline import first_pass
    from glossator.translate.segment import segment_document
    calls.append(("document", 0, 0.0, 0.0))  # the call after this marker is the first pass, of every document
    texts = [t for doc in docs for t in first_pass(doc, segment_document(doc), target, enforcer, glossary=glossary_on)]
    articles_engine = prefetch.translate_ahead(engine, texts, "en", target, n_best=1)
for doc in docs:
    if not ahead:
        calls.append(("document", 0, 0.0, 0.0))  # where a document's calls start: its first is the first pass
    result = translate_document(doc, target, articles_engine, enforcer, n_best=1, glossary=glossary_on, **memo)
    segments += len(result.segments)
    per_segment += [s.translation for s in result.segments]
    by_block = {}
    for s in result.segments:
        by_block.setdefault(s.segment.block, []).append(s.translation)
    out += [" ".join(v) for _, v in sorted(by_block.items())]
seconds = time.perf_counter() - t1
print(json.dumps({"startup": startup, "seconds": seconds, "outputs": out, "segments": segments,
                  "per_segment": per_segment, "sent": sent, "got": got, "calls": calls,
                  "memo_hits": memo["fragments"].hits if memo else None,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


RAW_SIDE = r"""
import json, resource, sys, time
import ctranslate2, sentencepiece as spm
pkg_dir, texts, configs = sys.argv[1], json.load(open(sys.argv[2])), json.loads(sys.argv[3])
sp = spm.SentencePieceProcessor(model_file=pkg_dir + "/sentencepiece.model")
tokens = [sp.encode(t, out_type=str) for t in texts]
sizes = json.loads(sys.argv[4])  # sentences per document, in order: for the "per document" configs
out = {}
for inter, intra, size, btype, *mode in configs:
    parts, k = [], 0  # one translate_batch call for all, or one per document as Glossator makes them
    for n in (sizes if mode == ["per document"] else [len(tokens)]):
        parts.append(tokens[k:k + n])
        k += n
    # no compute_type: argos-translate-lt passes none for its default "auto" (the stored type), as Glossator
    tr = ctranslate2.Translator(pkg_dir + "/model", inter_threads=inter, intra_threads=intra)
    tr.translate_batch(tokens[:8], beam_size=4)
    t = time.perf_counter()
    res = [r for part in parts for r in tr.translate_batch(
        part, replace_unknowns=True, max_batch_size=size, batch_type=btype, beam_size=4, num_hypotheses=1,
        length_penalty=0.2, return_scores=True)]
    seconds = time.perf_counter() - t
    outs = [sp.decode(r.hypotheses[0]) for r in res]
    out[f"{inter}x{intra} {size}:{btype}" + (" per document" if mode else "")] = {"seconds": seconds, "outputs": outs,
                                             "out_tokens": sum(len(r.hypotheses[0]) for r in res)}
    del tr
print(json.dumps({"configs": out, "in_tokens": sum(map(len, tokens)),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
# raw CTranslate2 settings tried on 2 cores: inter_threads, intra_threads, max_batch_size, batch_type;
# "per document": one call per article, as Glossator calls its engine, instead of one for all five
RAW_CONFIGS = [(2, 1, 1, "examples"), (2, 1, 8, "examples"), (2, 1, 512, "tokens"), (1, 2, 1024, "tokens"),
               (2, 1, 1024, "tokens"), (2, 1, 1, "examples", "per document"), (2, 1, 512, "tokens", "per document")]


def run(code: str, args: list[str], env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    print({k: v if k != "configs" else {c: x["seconds"] for c, x in v.items()}  # progress, for long runs
           for k, v in out.items() if not isinstance(v, list)}, file=sys.stderr, flush=True)
    return out


def overhead_parts(on_runs: list[dict], off_runs: list[dict]) -> dict:
    """The glossary-on time in three parts, each over glossary off's engine time (medians over repeats):
    the first engine call of each document (every segment once, masked or plain: all a model that keeps
    every placeholder and renders every plain-first term would cost), the calls after it (retries of
    what this model missed), and what is not an engine call (matching, masking, checks)."""
    off = statistics.median(sum(c[2] for c in r["calls"] if c[0] != "document") for r in off_runs)
    first, retries, own = [], [], []
    for r in on_runs:
        calls = r["calls"]
        starts = {k + 1 for k, c in enumerate(calls) if c[0] == "document"}
        engine = sum(c[2] for c in calls if c[0] != "document")
        first.append(sum(c[2] for k, c in enumerate(calls) if k in starts and c[0] != "document"))
        retries.append(engine - first[-1])
        own.append(r["seconds"] - engine)
    return {"off_engine_seconds": off, **{k: statistics.median(v) / off for k, v in
                                           (("first_pass", first), ("retries", retries), ("own", own))}}


def differing(a: list[str], b: list[str]) -> int:
    """Items that differ, compared without white space (see the comment in main)."""
    return sum("".join(x.split()) != "".join(y.split()) for x, y in zip(a, b, strict=True))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--package", default=None, help="an .argosmodel (default: the tests' synthetic en->zh one)")
    ap.add_argument("--batching", default="1:examples",
                    help="ArgosEngine (max_batch_size:batch_type) settings to compare, comma-separated; "
                         "the first is used for glossary on")
    ap.add_argument("--raw", action="store_true", help="also raw CTranslate2 translate_batch, RAW_CONFIGS")
    ap.add_argument("--argos-tuned", action="store_true",
                    help="also argostranslate with ARGOS_INTRA_THREADS=1 (its default, 0, lets CTranslate2 "
                         "pick the intra-op threads)")
    ap.add_argument("--ahead", action="store_true",
                    help="also each batching, and glossary on, with the articles' first pass in one engine call "
                         "(translate/prefetch.py, as `glossator translate` makes it)")
    ap.add_argument("--skip-argos", action="store_true",
                    help="leave out argostranslate with its default threads (the slowest side); with --argos-tuned, "
                         "outputs are compared with argostranslate at ARGOS_INTRA_THREADS=1")
    args = ap.parse_args()
    if args.skip_argos and not args.argos_tuned:
        ap.error("--skip-argos needs --argos-tuned: its outputs are the ones compared")
    work = Path(tempfile.mkdtemp(prefix="glossator-argos-"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "XDG_CACHE_HOME": str(work / "cache"),
           "ARGOS_BEAM_SIZE": "4"}
    (work / "packages").mkdir()
    package = args.package
    if package is None:
        sys.path.insert(0, str(REPO / "tests"))
        from synthetic_argos import build_package

        package = build_package(work / "build", "en", "zh", scale="realistic")
    import zipfile

    with zipfile.ZipFile(package) as z:
        meta = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("/metadata.json"))
        target = json.loads(z.read(meta))["to_code"]
    subprocess.run(["glossator", "engines", "install", "--file", str(package)], env=env, check=True,
                   capture_output=True)
    pkg_dir = work / "packages" / meta.split("/")[0]
    seeds = [str(p) for p in SEEDS]
    batchings = args.batching.split(",")
    aheads = [f"{b} ahead" for b in batchings] if args.ahead else []
    runs: dict[str, list] = {"argos": [], "argos1": [], "on": [], "on ahead": [], "raw": [],
                             **{b: [] for b in batchings + aheads}}
    for _ in range(args.repeats):  # alternate the sides, so drift hits all alike
        if not args.skip_argos:
            runs["argos"].append(run(ARGOS_SIDE, [target, *seeds], env))
        if args.argos_tuned:  # argos with one intra-op thread: what a user who tuned it for this machine gets
            runs["argos1"].append(run(ARGOS_SIDE, [target, *seeds], {**env, "ARGOS_INTRA_THREADS": "1"}))
        for b in batchings:
            runs[b].append(run(GLOSSATOR_SIDE, ["off", target, b, *seeds], env))
            if args.ahead:
                runs[f"{b} ahead"].append(run(GLOSSATOR_SIDE, ["off+ahead", target, b, *seeds], env))
        runs["on"].append(run(GLOSSATOR_SIDE, ["on", target, batchings[0], *seeds], env))
        if args.ahead:
            runs["on ahead"].append(run(GLOSSATOR_SIDE, ["on+ahead", target, batchings[0], *seeds], env))
        if args.raw:
            texts = work / "texts.json"
            texts.write_text(json.dumps(runs[batchings[0]][0]["sent"]))
            sizes = [c[1] for c in runs[batchings[0]][0]["calls"] if c[0] != "document"]  # one call per document
            runs["raw"].append(run(RAW_SIDE, [str(pkg_dir), str(texts), json.dumps(RAW_CONFIGS), json.dumps(sizes)],
                                   env))
    # Compared without white space: argos decodes the tokens of a paragraph's sentences in one call,
    # Glossator decodes each sentence and joins them with a space, so the two differ only in the
    # space between sentences where a sentence starts with a piece that carries no "▁" (found on
    # article 003: "<pad278> <pad5068>" against "<pad278><pad5068>"); the tokens are the same.
    first = runs[batchings[0]][0]
    segments, sent = first["segments"], first["sent"]
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("startup", "seconds", "rss_mb")}
           for k, v in runs.items() if k != "raw" and v}
    ref = "argos" if runs["argos"] else "argos1"  # the argostranslate outputs compared, and "x argos"
    argos_out = runs[ref][0]["outputs"]
    print(f"package: {Path(package).name}; {segments} segments, {len(argos_out)} paragraphs; beam 4; "
          f"medians of {args.repeats}" + ("; argostranslate's default side skipped: x argos and paragraphs "
                                          "compared with intra_threads 1" if ref == "argos1" else ""))
    print(f"{'side':42} {'start-up s':>10} {'translate s':>11} {'segments/s':>10} {'peak RSS MB':>11} "
          f"{'x argos':>7} {'paragraphs != argos':>19} {'segments != first':>17}")
    report = {"package": Path(package).name, "segments": segments, "sides": {}}
    argos_sides = [k for k in ("argos", "argos1") if runs[k]]
    on_sides = ["on", *(["on ahead"] if args.ahead else [])]
    for k in [*argos_sides, *batchings, *aheads, *on_sides]:
        m, r = med[k], runs[k][0]
        label = {"argos": "argostranslate, per paragraph", "argos1": "argostranslate, intra_threads 1",
                 "on": f"glossator, glossary on, {batchings[0]}",
                 "on ahead": f"glossator, glossary on, {batchings[0]} ahead"}.get(k, f"glossator, glossary off, {k}")
        diff_argos = differing(r["outputs"], argos_out) if k not in on_sides else None
        diff_first = differing(r["per_segment"], first["per_segment"]) if k not in (*argos_sides, *on_sides) else None
        print(f"{label:42} {m['startup']:10.2f} {m['seconds']:11.2f} {segments / m['seconds']:10.1f} "
              f"{m['rss_mb']:11.0f} {med[ref]['seconds'] / m['seconds']:7.2f} "
              f"{'' if diff_argos is None else diff_argos:>19} {'' if diff_first is None else diff_first:>17}")
        report["sides"][label] = {**m, "paragraphs_differing_from_argos": diff_argos,
                                  "segments_differing_from_first": diff_first}
    best_off = min(batchings + aheads, key=lambda b: med[b]["seconds"])
    print(f"glossary overhead (on/off time, {batchings[0]}): {med['on']['seconds'] / med[batchings[0]]['seconds'] - 1:+.0%}")
    if args.ahead:
        print(f"glossary overhead, first pass ahead (on/off time, {aheads[0]}): "
              f"{med['on ahead']['seconds'] / med[aheads[0]]['seconds'] - 1:+.0%}; glossary-on segments that differ "
              f"from per-article calls: {differing(runs['on ahead'][0]['per_segment'], runs['on'][0]['per_segment'])}")
    by_layer: dict[str, list] = {}  # engine calls of the glossary-on run, by the layer that made them (first repeat)
    for layer, n, secs, *cpu in runs["on"][0]["calls"]:
        if layer == "document":
            continue
        row = by_layer.setdefault(layer, [0, 0, 0.0, 0.0])
        row[0], row[1], row[2], row[3] = row[0] + 1, row[1] + n, row[2] + secs, row[3] + (cpu[0] if cpu else 0.0)
    off_calls = [c for c in runs[batchings[0]][0]["calls"] if c[0] != "document"]
    print(f"  engine calls, glossary off: {len(off_calls)} calls, {sum(c[1] for c in off_calls)} texts, "
          f"{sum(c[2] for c in off_calls):.2f} s, CPU/wall "
          f"{sum(c[3] for c in off_calls) / max(sum(c[2] for c in off_calls), 1e-9):.2f}; glossary on, by layer:")
    # CPU over wall: 2.0 keeps both cores busy; a call of few texts leaves one idle until it ends
    for layer, (k, n, secs, cpu) in by_layer.items():
        print(f"    {layer:20} {k:3} calls {n:4} texts {secs:6.2f} s, CPU/wall {cpu / max(secs, 1e-9):.2f}")
    print(f"  fragments answered from the run's memo, not sent: {runs['on'][0].get('memo_hits')}")
    report["overhead_parts"] = parts = overhead_parts(runs["on"], runs[batchings[0]])
    print(f"  where the glossary-on time goes (medians of {args.repeats}, glossary off's engine time = 1):")
    print(f"    first pass, every segment once (masked or plain): {parts['first_pass']:.2f}; retries of what "
          f"the model missed: {parts['retries']:.2f}; Glossator's own work: {parts['own']:.2f}")
    if args.ahead:
        report["overhead_parts_ahead"] = ahead = overhead_parts(runs["on ahead"], runs[aheads[0]])
        print(f"    first pass ahead: first pass {ahead['first_pass']:.2f}; retries {ahead['retries']:.2f}; "
              f"own work {ahead['own']:.2f} (glossary off ahead's engine time = 1)")
    report["glossary_on_calls_by_layer"] = by_layer
    report["glossary_on_memo_hits"] = runs["on"][0].get("memo_hits")
    if runs["raw"]:
        base = first["got"]
        print(f"\nraw CTranslate2 translate_batch on the same {len(sent)} sentences ({runs['raw'][0]['in_tokens']} "
              f"source tokens), tokenizing and decoding not timed:")
        for name in runs["raw"][0]["configs"]:
            secs = statistics.median(r["configs"][name]["seconds"] for r in runs["raw"])
            d = differing(runs["raw"][0]["configs"][name]["outputs"], base)
            print(f"  inter x intra {name:24} {secs:7.2f} s {len(sent) / secs:8.1f} sentences/s; "
                  f"{d} differ from the engine's, {batchings[0]}")
            report.setdefault("raw", {})[name] = {"seconds": secs, "sentences_differing": d}
        limit = min(v["seconds"] for k, v in report["raw"].items() if not k.endswith("per document"))
        print(f"glossator, glossary off, {best_off} (the fastest): {limit / med[best_off]['seconds']:.0%} "
              f"of the raw limit ({limit:.2f} s)")
        for k in batchings + aheads:  # each side against raw at its own setting, in one call and per document
            b = k.removesuffix(" ahead")
            one, per = report["raw"].get(f"2x1 {b}"), report["raw"].get(f"2x1 {b} per document")
            if one:
                print(f"  glossary off, {k:20} {med[k]['seconds']:6.2f} s: {one['seconds'] / med[k]['seconds']:.0%} "
                      f"of raw 2x1 {b} in one call" + (f", {per['seconds'] / med[k]['seconds']:.0%} of raw per "
                                                        f"document" if per else ""))
                report["sides"][f"glossator, glossary off, {k}"]["share_of_raw_one_call"] = (
                    one["seconds"] / med[k]["seconds"])
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    (REPO / "bench" / "results" / f"argos_speed_{target}.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
