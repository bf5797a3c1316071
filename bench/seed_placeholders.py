"""What a model does with the seed articles' first pass through Glossator: placeholders kept, plain-first terms.

    python bench/seed_placeholders.py --package ~/.cache/glossator-bench-v3/translate-en_es-1_0.argosmodel [--json OUT]

Glossator's first engine call per segment (layer 1, ``Layers.protect``) sends
either the masked text (``XP0X``...) or, where an es/pt term has no gender or
only has to be copied, the plain text first. Everything after it is a retry of
what the model missed, and that is what the glossary overhead on a trained
model is made of (bench/README.md, "Where the overhead ... come from"). This
reports, for the seed articles, glossary on, one sentence per batch:

* masked segments: placeholders kept exactly once (also over every
  segment-sized engine call, retries included), by placeholders per
  segment, by the segment's length in pieces and by where the placeholder
  stands (first word, last word, inside); the segments that lost one;
* plain-first segments: the terms the model rendered as the glossary wants,
  and those it missed (source term -> approved term), which cost a retry.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
PLACEHOLDER = re.compile(r"XP\d+X")


def install(package: Path) -> str:
    """Installs the package into a fresh ARGOS_PACKAGES_DIR (set for this process); its target language."""
    work = Path(tempfile.mkdtemp(prefix="glossator-seedph-"))
    os.environ.update(ARGOS_PACKAGES_DIR=str(work / "packages"), XDG_CACHE_HOME=str(work / "cache"),
                      ARGOS_BEAM_SIZE="4")
    (work / "packages").mkdir()
    subprocess.run(["glossator", "engines", "install", "--file", str(package)], check=True, capture_output=True)
    with zipfile.ZipFile(package) as z:
        meta = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("/metadata.json"))
        return json.loads(z.read(meta))["to_code"]


def first_pass(target: str) -> list[dict]:
    """Every segment of the first engine call of layer 1, per document: text sent, output, plain or masked,
    and for plain-first ones the constraints the output missed."""
    from glossator.glossary.store import Glossary
    from glossator.translate import constraints as cons
    from glossator.translate import layers
    from glossator.translate.documents import read_document
    from glossator.translate.engines.argos import ArgosEngine
    from glossator.translate.pipeline import Enforcer, translate_document

    rows: list[dict] = []
    every: list[tuple[str, str]] = []  # every segment-sized text sent, retries included, and its output
    original_protect, original_batch = layers.Layers.protect, layers.Layers._batch
    state = {"in_protect": False, "calls": 0}

    def batch(self, texts, n_best=None):
        hyps = original_batch(self, texts, n_best)
        every.extend(zip(texts, [h[0].text if h else "" for h in hyps]))
        if state["in_protect"] and state["calls"] == 0:
            state["sent"] = list(zip(texts, [h[0].text if h else "" for h in hyps]))
        state["calls"] += state["in_protect"]
        return hyps

    def protect(self, items):
        plain_first = [layers._engine_first(it.constraints, self.target) for it in items]
        state.update(in_protect=True, calls=0, sent=[])
        try:
            original_protect(self, items)
        finally:
            state["in_protect"] = False
        for it, first, (text, out) in zip(items, plain_first, state["sent"]):
            row = {"source": it.segment.text, "sent": text, "output": out, "plain_first": first,
                   "terms": [[c.match.surface, c.required.text] for c in it.constraints]}
            if first:
                row["missed"] = [[c.match.surface, c.required.text] for c in cons.missing(out, it.constraints)]
            rows.append(row)

    layers.Layers.protect, layers.Layers._batch = protect, batch
    engine = ArgosEngine()
    enforcer = Enforcer(Glossary.open(tempfile.mkdtemp() + "/g.db"))
    for path in SEEDS:
        translate_document(read_document(path), target, engine, enforcer, n_best=1, glossary=True)
    return rows, every


def where(sent: str, ph: str) -> str:
    words = sent.split()
    if words and ph in words[0]:
        return "first word"
    if words and ph in words[-1]:
        return "last word"
    return "inside"


def report(rows: list[dict], every: list[tuple[str, str]], pieces) -> dict:
    masked = [r for r in rows if PLACEHOLDER.search(r["sent"])]
    by_count, by_length, by_where, lost = Counter(), Counter(), Counter(), []
    for r in masked:
        phs = PLACEHOLDER.findall(r["sent"])
        n = len(pieces(r["sent"]))
        band = "<= 20 pieces" if n <= 20 else "21-40 pieces" if n <= 40 else "41-60 pieces" if n <= 60 else "> 60 pieces"
        ok = [r["output"].count(ph) == 1 for ph in phs]
        for ph, k in zip(phs, ok):
            for counter, key in ((by_count, f"{len(phs)} in the segment"), (by_length, band),
                                 (by_where, where(r["sent"], ph))):
                counter[key, "kept"] += k
                counter[key, "sent"] += 1
        if not all(ok):
            lost.append({"sent": r["sent"], "output": r["output"], "pieces": n,
                         "lost": [ph for ph, k in zip(phs, ok) if not k]})
    table = lambda c: {k: f"{c[k, 'kept']}/{c[k, 'sent']}" for k in sorted({k for k, _ in c})}
    plain = [r for r in rows if r["plain_first"]]
    terms = Counter()
    for r in plain:
        missed = {tuple(m) for m in r["missed"]}
        for t in r["terms"]:
            terms[tuple(t), tuple(t) not in missed] += 1
    return {
        "segments": len(rows), "masked_segments": len(masked),
        "placeholders_kept": f"{sum(by_count[k] for k in by_count if k[1] == 'kept')}/"
                             f"{sum(by_count[k] for k in by_count if k[1] == 'sent')}",
        "masked_segments_keeping_all": f"{len(masked) - len(lost)}/{len(masked)}",
        "placeholders_kept_every_call": f"{sum(o.count(p) == 1 for s, o in every for p in PLACEHOLDER.findall(s))}/"
                                        f"{sum(len(PLACEHOLDER.findall(s)) for s, _ in every)}",
        "kept_by_placeholders_per_segment": table(by_count), "kept_by_length": table(by_length),
        "kept_by_position": table(by_where),
        "plain_first_segments": len(plain),
        "plain_first_segments_rendering_every_term": sum(not r["missed"] for r in plain),
        "plain_first_terms_rendered": f"{sum(v for (t, ok), v in terms.items() if ok)}/{sum(terms.values())}",
        "plain_first_terms_missed": sorted({f"{s} -> {t}": terms[(s, t), False] for (s, t), ok in terms
                                            if not ok}.items(), key=lambda kv: -kv[1]),
        "segments_losing_placeholders": lost,
        "plain_first_missing_terms": [{k: r[k] for k in ("sent", "output", "missed")} for r in plain if r["missed"]],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--package", required=True, type=Path)
    ap.add_argument("--json", type=Path, default=None, help="write the report (with the segments) here")
    args = ap.parse_args()
    import sentencepiece as spm

    target = install(args.package.expanduser())
    sp = spm.SentencePieceProcessor(model_file=str(args.package.expanduser().parent / "sentencepiece.model"))
    result = report(*first_pass(target), sp.encode)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    for k, v in result.items():
        if k not in ("segments_losing_placeholders", "plain_first_missing_terms"):
            print(f"{k}: {v}")
    for r in result["segments_losing_placeholders"]:
        print(f"  lost {r['lost']} ({r['pieces']} pieces): {r['sent']}\n    -> {r['output']}")


if __name__ == "__main__":
    sys.exit(main())
