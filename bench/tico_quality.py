"""Quality on TICO-19: chrF, BLEU and term success rate, glossary off and on.

    python bench/tico_quality.py [--limit N] [--langs es,pt] [--terminology f|g]

Imports the TICO-19 terminology (Facebook ``f_`` by default) into a scratch
glossary, translates the English side of the TICO-19 TMX files with every
engine available here (Apertium for es, Bergamot for pt, argos where a
package is installed), once without and once with the glossary, and scores
both against the professional translations with sacrebleu. The term
success rate is the share of (sentence, concept) pairs whose terminology
target term appears in the output, case-insensitive after NFKC, as the WMT
terminology tasks count it; also with simplemma lemmas on both sides, and with
simplemma plus Hunspell stems (term_lemmas.py).
Writes bench/results/tico_quality_<f|g>.json (figures and every failure) for
bench/tico_term_failures.py.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import sacrebleu
import term_lemmas

from glossator.glossary.exchange import import_file
from glossator.glossary.store import Glossary, OnConflict
from glossator.glossary.variants import Variants
from glossator.translate.documents import Block, Document, protected_spans
from glossator.translate.engines.select import EngineSet
from glossator.translate.pipeline import Enforcer, translate_document
from glossator.glossary.formats.tmx import read_units

TICO = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "tico19"
TMX = {"es": ("all.en-es-419.tmx", "es-419"), "pt": ("all.en-pt-BR.tmx", "pt-BR"), "zh": ("all.en-zh.tmx", "zh")}
TERMS = {"f": {"es": "f_en-es_XX.csv", "pt": "f_en-pt_XX.csv", "zh": "f_en-zh_CN.csv"},
         "g": {"es": "g_en_es-419.csv", "pt": "g_en_pt-BR.csv", "zh": "g_en_zh-CN.csv"}}
RESULTS = Path(__file__).resolve().parent / "results"


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass
class TermCount:
    """(sentence, concept) pairs and how many kept the term: exact, or raw-or-lemma with each lemmatiser."""

    pairs: int = 0
    exact: int = 0
    lemma: int = 0        # simplemma on both sides (the figure reported before 2026-11-24's session 6)
    morph: int = 0        # simplemma + Hunspell stems (term_lemmas.py); 0 when Hunspell is not installed
    hunspell: bool = False
    failures: list = field(default_factory=list)


def blocks(sources: list[str]) -> list[Block]:
    """One block per TICO sentence, with URLs and e-mail addresses protected as the CLI's readers do."""
    return [Block(s, n, "unit", protected=protected_spans(s)) for n, s in enumerate(sources, 1)]


def term_success(sources, outputs, refs, enforcer, target, lang_for_lemmas) -> TermCount:
    count = TermCount()
    hun = term_lemmas.Hunspell(lang_for_lemmas) if lang_for_lemmas else None
    count.hunspell = bool(hun and hun.available)
    if count.hunspell:
        hun.prime(t for out in outputs for t in term_lemmas.tokens(out))
    # The terminology's term for the target's language, whatever regional tag it was imported
    # under (es-419 terms count for --to es), independent of the run's variant policy.
    counted = {target: Variants(frozenset(t.lang for c in enforcer.concepts.values() for t in c.terms)).chain(target)}
    for i, (src, out, ref) in enumerate(zip(sources, outputs, refs)):
        seen = set()
        spans = protected_spans(src)
        for m in enforcer.matcher.find(src):
            # A term inside a URL is not a mention: the CLI gives it no constraint either.
            if m.concept_id in seen or any(s < m.end and m.start < e for s, e in spans):
                continue
            seen.add(m.concept_id)
            term = enforcer.concepts[m.concept_id].preferred(target, chain=counted[target])
            if term is None:
                continue
            count.pairs += 1
            hit = norm(term.text) in norm(out)
            count.exact += hit
            hit_lemma = hit_morph = None
            if lang_for_lemmas:
                hit_lemma = hit or term_lemmas.contains(term_lemmas.lemma_sets(out, lang_for_lemmas),
                                                        term_lemmas.lemma_sets(term.text, lang_for_lemmas))
                count.lemma += hit_lemma
                if count.hunspell:
                    hit_morph = hit_lemma or term_lemmas.contains(
                        term_lemmas.lemma_sets(out, lang_for_lemmas, hun),
                        term_lemmas.lemma_sets(term.text, lang_for_lemmas, hun))
                    count.morph += hit_morph
            if not hit:
                count.failures.append({"sentence": i, "concept": m.concept_id, "source_term": m.surface,
                                       "target_term": term.text, "output": out, "reference": ref,
                                       "term_in_reference": norm(term.text) in norm(ref), "lemma_hit": hit_lemma,
                                       "morph_hit": hit_morph})
    return count


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="first N sentences only")
    ap.add_argument("--langs", default="es,pt,zh")
    ap.add_argument("--terminology", choices=["f", "g"], default="f")
    ap.add_argument("--out", default=None, help="JSON file [default: results/tico_quality_<terminology>.json]")
    args = ap.parse_args()
    db = Path(tempfile.mkdtemp()) / "tico.db"
    glossary = Glossary.open(db, seed=False)
    for lang in ("es", "pt", "zh"):
        import_file(glossary, TICO / TERMS[args.terminology][lang], on_conflict=OnConflict.MERGE)
    enforcer = Enforcer(glossary)
    engines = EngineSet()
    report = {"terminology": args.terminology, "concepts": len(glossary), "rows": [], "failures": {}}
    print(f"{'lang':4} {'engine':9} {'glossary':8} {'chrF':>6} {'BLEU':>6} {'terms':>7} {'lemma':>7} "
          f"{'+hunsp':>7} {'changed':>7} {'s':>6}")
    for lang in args.langs.split(","):
        tmx, tag = TMX[lang]
        try:  # translate into the references' variety (es-419, pt-BR); "es"/"pt" terms apply by fallback
            engine = engines.choose("auto", "en", tag)
        except Exception as exc:
            print(f"{lang:4} skipped: {exc}")
            continue
        units = list(read_units(TICO / tmx))[: args.limit]
        sources = [u[3] for u in units]
        refs = [u[4] for u in units]
        doc = Document(f"tico-{lang}", blocks(sources))
        outputs = {}
        for on in (False, True):
            t0 = time.perf_counter()
            result = translate_document(doc, tag, engine, enforcer, glossary=on)
            seconds = time.perf_counter() - t0
            hyps = [s.translation for s in result.segments]
            outputs[on] = hyps
            tok = "zh" if lang == "zh" else "13a"
            chrf = sacrebleu.corpus_chrf(hyps, [refs]).score
            bleu = sacrebleu.corpus_bleu(hyps, [refs], tokenize=tok).score
            tc = term_success(sources, hyps, refs, enforcer, tag, lang if lang != "zh" else None)
            pairs, failures = tc.pairs, tc.failures
            row = {"lang": lang, "reference": tag, "engine": engine.name, "glossary": on, "sentences": len(sources),
                   "chrF": round(chrf, 2), "BLEU": round(bleu, 2), "term_pairs": pairs,
                   "term_success": round(tc.exact / pairs, 4) if pairs else None,
                   "term_success_lemma": round(tc.lemma / pairs, 4) if pairs and lang != "zh" else None,
                   "term_success_hunspell": round(tc.morph / pairs, 4) if pairs and tc.hunspell else None,
                   "seconds": round(seconds, 1),
                   "layers": _layers(result)}
            if on:
                row["changed_sentences"] = sum(a != b for a, b in zip(outputs[False], outputs[True]))
            report["rows"].append(row)
            report["failures"][f"{lang}-{'on' if on else 'off'}"] = failures
            print(f"{lang:4} {engine.name:9} {'on' if on else 'off':8} {chrf:6.2f} {bleu:6.2f} "
                  f"{row['term_success'] or 0:7.4f} {row['term_success_lemma'] or 0:7.4f} "
                  f"{'-' if row['term_success_hunspell'] is None else format(row['term_success_hunspell'], '.4f'):>7} "
                  f"{row.get('changed_sentences', '-')!s:>7} {seconds:6.1f}")
    RESULTS.mkdir(exist_ok=True)
    out = Path(args.out) if args.out else RESULTS / f"tico_quality_{args.terminology}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {out}")


def _layers(result) -> dict:
    from collections import Counter

    return dict(Counter(a["layer"] for s in result.segments for a in s.outcome.applied)) | {
        "failed_segments": sum(s.outcome.layer == "failed" for s in result.segments)}


if __name__ == "__main__":
    main()
