"""Extra training pairs for the realistic model's recipes v3 and v4 (bench/realistic_model.py): the desk's terms,
longer inputs.

A real MT system has seen the names a news desk writes about ("Mexico" ->
"México", "USMCA" -> "T-MEC") in its training text, and its training
sentences are as long as news sentences. The tiny model's TICO-19 data has
neither, so v3 adds:

* the desk glossary's en -> es term pairs (``glossator``'s seed glossary,
  glossary/seed.py: dictionary data, not the seed articles' sentences), alone
  and in short sentence frames written here, and substituted into TICO-19
  pairs for a span both sides write the same (a name, an acronym), so the
  model sees each term inside a real sentence;
* two consecutive training pairs joined into one, so that the model sees
  inputs as long as the seed articles' (up to 97 pieces against TICO's
  median of about 30) with placeholders near their end.

v3 showed each term alone and in three frames, and put a term into 30% of
the TICO pairs: about five sightings a term, too few for a model this small
("Mexico" -> "México" came out in 2 of 6 new sentences; bench/README.md).
v4 (:func:`contexts`) puts every term into ``per_term`` TICO pairs of its own,
so that each is seen about as often as v2's "Mexico" (79 pairs), weighted
alike: the seed articles' frequencies are not used.
"""

from __future__ import annotations

import random
import re

from realistic_data import KEPT

# en frame, es frame: "{}" is the term. No article before the slot in es (the term's gender is unknown here).
FRAMES = [
    ("{} said on Monday.", "{} dijo el lunes."),
    ("According to {}, the talks went well.", "Según {}, las conversaciones fueron bien."),
    ("The report mentions {}.", "El informe menciona {}."),
    ("They spoke about {} at the meeting.", "Hablaron sobre {} en la reunión."),
    ("Officials from {} attended the forum.", "Funcionarios de {} asistieron al foro."),
    ("This is important for {}.", "Esto es importante para {}."),
    ("The agreement with {} was signed in March.", "El acuerdo con {} se firmó en marzo."),
    ("News about {} came out today.", "Hoy salieron noticias sobre {}."),
    ("{} and China signed a new agreement.", "{} y China firmaron un nuevo acuerdo."),
    ("The minister visited {} last week.", "El ministro visitó {} la semana pasada."),
    ("Cooperation with {} has grown.", "La cooperación con {} ha crecido."),
    ("The delegation arrived from {}.", "La delegación llegó desde {}."),
]


def desk_terms() -> list[tuple[str, str]]:
    """(en term, es term) for every concept of the seed glossary with both: each en term that is not
    deprecated or forbidden, with the concept's first preferred es term (as Glossator requires it)."""
    from glossator.glossary.seed import load_seed_glossary

    pairs = []
    for concept in load_seed_glossary():
        ok = [t for t in concept.terms if t.status.value in ("preferred", "admitted")]
        es = [t.text for t in ok if t.lang == "es" and t.status.value == "preferred"] or \
             [t.text for t in ok if t.lang == "es"]
        if es:
            pairs += [(t.text, es[0]) for t in ok if t.lang == "en"]
    return sorted(set(pairs))


def term_pairs(terms: list[tuple[str, str]], per_term: int, rng: random.Random) -> list[tuple[str, str]]:
    """Each term alone, and in ``per_term`` frames drawn at random."""
    out = []
    for en, es in terms:
        out.append((en, es))
        for fen, fes in rng.sample(FRAMES, per_term):
            out.append((fen.format(en), fes.format(es)))
    return out


def substituted(pairs: list[tuple[str, str]], terms: list[tuple[str, str]], share: float,
                rng: random.Random) -> list[tuple[str, str]]:
    """For ``share`` of the pairs, one more pair where a span written the same on both sides is replaced
    by a desk term, en in the source and es in the target."""
    out = []
    for src, tgt in pairs:
        if rng.random() >= share:
            continue
        spans = [m for m in KEPT.finditer(src) if m.start() > 0
                 and re.search(rf"(?<![\w-]){re.escape(m.group())}(?![\w-])", tgt)]
        if not spans:
            continue
        m, (en, es) = rng.choice(spans), rng.choice(terms)
        pattern = rf"(?<![\w-]){re.escape(m.group())}(?![\w-])"
        out.append((src[:m.start()] + en + src[m.end():], re.sub(pattern, lambda _: es, tgt, count=1)))
    return out


def joined(pairs: list[tuple[str, str]], share: float, rng: random.Random) -> list[tuple[str, str]]:
    """For ``share`` of the pairs, the pair joined with the next one (a long input, as news sentences are)."""
    return [(f"{s} {pairs[i + 1][0]}", f"{t} {pairs[i + 1][1]}") for i, (s, t) in enumerate(pairs[:-1])
            if rng.random() < share]


def contexts(pairs: list[tuple[str, str]], terms: list[tuple[str, str]], per_term: int,
             rng: random.Random) -> list[tuple[str, str]]:
    """For every term, ``per_term`` pairs drawn from ``pairs`` (without repeats for one term) with a span
    written the same on both sides replaced by the term, en in the source and es in the target."""
    hosts = []  # (pair, spans in the source found verbatim in the target)
    for src, tgt in pairs:
        # a name's place (a capital, no digit): a term put in for a number reads as nonsense
        spans = [m for m in KEPT.finditer(src) if m.start() > 0 and m.group()[0].isupper()
                 and not any(ch.isdigit() for ch in m.group())
                 and re.search(rf"(?<![\w-]){re.escape(m.group())}(?![\w-])", tgt)]
        if spans:
            hosts.append((src, tgt, spans))
    out = []
    for en, es in terms:
        for src, tgt, spans in rng.sample(hosts, min(per_term, len(hosts))):
            m = rng.choice(spans)
            pattern = rf"(?<![\w-]){re.escape(m.group())}(?![\w-])"
            out.append((src[:m.start()] + en + src[m.end():], re.sub(pattern, lambda _: es, tgt, count=1)))
    return out
