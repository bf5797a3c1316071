"""The realistic model's training pairs (bench/realistic_model.py): TICO-19, Apertium, placeholders, copies.

Everything here is data: the held-out split, the placeholders written as
Glossator's ``enforce.mask`` writes them, and the made-up names and acronyms
the model learns to copy.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TICO = REPO.parent / "shared" / "benchmarks" / "tico19"
HELD_OUT = 500
# recipe settings only v3 has (realistic_terms.py); v1 and v2 leave them out, so their data stays as it was
V3_KEYS = ("seed_sentences", "desk_frames", "desk_substitute_share", "join_share", "desk_contexts")
# A span kept as it is in the translation: a word with a capital or a digit (names, numbers, acronyms).
KEPT = re.compile(r"(?<![\w-])(?=[\w.-]*[A-Z0-9])[\w][\w.-]*\w(?![\w-])|(?<![\w-])[A-Z0-9](?![\w-])")


def tico_pairs() -> list[tuple[str, str]]:
    from glossator.glossary.formats.tmx import read_units

    return [(src, tgt) for _, _, _, src, tgt in read_units(TICO / "all.en-es-419.tmx")]


def seed_sentences() -> list[str]:
    from glossator.translate.segment import split_sentences

    out = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out += [line[s:e] for s, e in split_sentences(line)]
    return [s for s in out if s.strip()]


def apertium(sentences: list[str]) -> list[str]:
    from glossator.translate.engines.apertium import ApertiumEngine

    engine, out = ApertiumEngine(), []
    for i in range(0, len(sentences), 200):
        out += [h[0].text for h in engine.translate_batch(sentences[i:i + 200], "en", "es")]
    return out


def terminology() -> list[tuple[str, str]]:
    import csv

    with open(TICO / "g_en_es-419.csv", encoding="utf-8") as f:
        return [(r["sourceString"], r["targetString"]) for r in csv.DictReader(f)
                if r["sourceString"].strip() and r["targetString"].strip()]


def with_placeholders(src: str, tgt: str, terms, rng: random.Random, limit: int = 3) -> tuple[str, str]:
    """Replace up to ``limit`` spans found on both sides by XP0X, XP1X... (numbered in source order)."""
    spans = []  # (start in src, end in src, text in tgt)
    for en, es in terms:
        m = re.search(rf"(?<!\w){re.escape(en)}(?!\w)", src, re.I)
        if m and re.search(rf"(?<!\w){re.escape(es)}(?!\w)", tgt, re.I):
            spans.append((m.start(), m.end(), es))
    for m in KEPT.finditer(src):
        if re.search(rf"(?<![\w-]){re.escape(m.group())}(?![\w-])", tgt):
            spans.append((m.start(), m.end(), m.group()))
    rng.shuffle(spans)
    chosen: list[tuple[int, int, str]] = []
    for s in spans:
        if len(chosen) < limit and all(s[1] <= c[0] or s[0] >= c[1] for c in chosen) \
                and all(s[2].lower() not in c[2].lower() and c[2].lower() not in s[2].lower() for c in chosen):
            chosen.append(s)
    chosen.sort()
    if not chosen:
        return src, tgt
    new_src, pos = [], 0
    for i, (a, b, t) in enumerate(chosen):
        new_src += [src[pos:a], f"XP{i}X"]
        pos = b
        tgt = re.sub(rf"(?<![\w-]){re.escape(t)}(?![\w-])", f"XP{i}X", tgt, count=1, flags=re.I)
    return "".join(new_src) + src[pos:], tgt


def copy_span(src: str, tgt: str, rng: random.Random) -> tuple[str, str] | None:
    """The pair with one span that it writes verbatim on both sides (a name, an acronym, a number)
    replaced, on both sides, by a made-up acronym or name: the model has to copy it piece by piece,
    as it must copy a desk's names it has never seen ("CELAC")."""
    spans = [m for m in KEPT.finditer(src) if not m.group().startswith("XP")
             and re.search(rf"(?<![\w-]){re.escape(m.group())}(?![\w-])", tgt)]
    if not spans:
        return None
    m = rng.choice(spans)
    upper, lower = "ABCDEFGHIJKLMNOPRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
    if rng.random() < 0.5:  # an acronym, at times with a number: "CELAC", "OTAN-2"
        new = "".join(rng.choice(upper) for _ in range(rng.randint(2, 6)))
        if rng.random() < 0.2:
            new += "-" + str(rng.randint(1, 99))
    else:  # a name: one or two capitalised made-up words
        new = " ".join(rng.choice(upper) + "".join(rng.choice(lower) for _ in range(rng.randint(2, 8)))
                       for _ in range(rng.randint(1, 2)))
    pattern = rf"(?<![\w-]){re.escape(m.group())}(?![\w-])"
    return src[:m.start()] + new + src[m.end():], re.sub(pattern, lambda _: new, tgt, count=1)


def build_data(out: Path, seed: int, recipe: dict) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The training pairs, and the extra made-up copy pairs (kept out of the vocabulary's text)."""
    path, settings = out / "pairs.jsonl", out / "pairs.settings.json"
    data = {k: recipe[k] for k in ("placeholder_share", "max_placeholders", "copy_share", *V3_KEYS) if k in recipe}
    if path.exists() and settings.exists() and json.loads(settings.read_text()) == data:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [tuple(r[:2]) for r in rows if len(r) == 2], [tuple(r[:2]) for r in rows if len(r) == 3]
    tico = tico_pairs()[HELD_OUT:]
    # v3 leaves the seed articles out: the speed and placeholder figures are measured on them
    english = [s for s, _ in tico] + (seed_sentences() if recipe.get("seed_sentences", True) else [])
    pairs = tico + list(zip(english, apertium(english)))
    rng, terms, desk_plain = random.Random(seed), terminology(), []
    if "desk_frames" in recipe:  # v3: the desk's terms and longer inputs, each from its own generator
        from realistic_terms import desk_terms, joined, substituted, term_pairs

        desk = desk_terms()
        extra = term_pairs(desk, recipe["desk_frames"], random.Random(seed + 3)) \
            + substituted(pairs, desk, recipe["desk_substitute_share"], random.Random(seed + 4)) \
            + joined(pairs, recipe["join_share"], random.Random(seed + 5))
        if recipe.get("desk_contexts"):  # v4: every term in that many TICO pairs, never masked there
            from realistic_terms import contexts

            desk_plain = contexts(pairs, desk, recipe["desk_contexts"], random.Random(seed + 6))
        pairs += extra
        terms = terms + desk
    share, limit = recipe["placeholder_share"], recipe["max_placeholders"]
    copies = []
    if recipe["copy_share"]:
        crng = random.Random(seed + 2)  # its own generator: the other pairs stay those of the old recipe
        copies = [c for s, t in pairs if crng.random() < recipe["copy_share"] and (c := copy_span(s, t, crng))]
    pairs = [with_placeholders(s, t, terms, rng, limit) if rng.random() < share else (s, t) for s, t in pairs]
    # v4's term contexts stay plain: the model is to render the desk's terms where Glossator sends them
    # plain (terms without a gender in the glossary), as a real model trained on news has seen them
    pairs += desk_plain
    rng.shuffle(pairs)
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs)
                    + "".join(json.dumps([*c, "copy"], ensure_ascii=False) + "\n" for c in copies), encoding="utf-8")
    settings.write_text(json.dumps(data))
    return pairs, copies
