"""Fragments: the texts the enforcement layers translate on their own, not as sentences.

Re-inflection and repair translate a missed term alone ("CELAC", "the Belt and
Road Initiative"), and a long failing sentence goes clause by clause (see
``layers``). Two things make these calls cheaper without touching a sentence's
translation:

* **A length cap.** A short input is where a small model runs away: the bench
  model (bench/realistic_model.py, v2) wrote "CICG" as "CICCCCCC..." up to
  CTranslate2's 256-step limit, so 100 terms alone cost as much as 75
  sentences; real argos models do it on odd short inputs too. Fragments are
  sent with :data:`FRAGMENT_CAP`: at most 3x the input's pieces plus 10. Measured
  with the bench model's SentencePiece vocabulary on TICO-19's reference
  translations (bench/README.md, "Glossary overhead on v2"): the 949 term pairs
  of its two en->es terminologies reach at most 7x a one-piece input and never
  come within 6 pieces of the cap; its 3,071 sentence pairs at most 2.55x.
  Sentences are never capped: with the glossary off the output must stay
  argostranslate's.
* **A memo per run.** The same term missed in several articles of one run is
  sent to the engine once per engine and language pair, and a term that
  re-inflection translated alone is not translated again by repair. Keyed by
  the exact text, bounded (least recently used entries go first), and only for
  fragments: a sentence's translation is the translation memory's and the
  catalogs' business. A run shares it across articles only where the engine is
  ``neighbour_free`` (``run.execute``); with Apertium, whose output for a text
  changes with the texts before it in the call, each article gets its own.
"""

from __future__ import annotations

from collections import OrderedDict

from .engines.base import Engine, Hypothesis, LengthCap, unwrapped

FRAGMENT_CAP = LengthCap(ratio=3, extra=10)
MEMO_SIZE = 10_000  # fragments kept per run; a term and its n-best are a few hundred bytes


class FragmentMemo:
    """Fragment translations of one run (``run.execute`` makes one; a single document gets its own)."""

    def __init__(self, size: int = MEMO_SIZE):
        self.size = size
        # the standard library's ordered dict is the LRU: no batch-aware cache in a maintained library
        self._store: OrderedDict[tuple, list[Hypothesis]] = OrderedDict()
        self.hits = 0  # texts answered from the memo, for the benchmarks

    def __len__(self) -> int:
        return len(self._store)

    def translate(self, engine: Engine, texts: list[str], source: str, target: str,
                  n_best: int = 1) -> list[list[Hypothesis]]:
        """``engine``'s translations of ``texts``, capped by :data:`FRAGMENT_CAP`; each text goes to the
        engine once per memo. Keyed on the engine under any wrapper: ``pipeline`` wraps every engine
        in an output check of its own for each document."""
        owner = unwrapped(engine)
        keys = [(owner, source, target, n_best, FRAGMENT_CAP, t) for t in texts]
        got: dict[tuple, list[Hypothesis]] = {}
        for k in keys:
            if k in self._store:
                self._store.move_to_end(k)
                got[k] = self._store[k]
        todo = list(dict.fromkeys(k for k in keys if k not in got))
        self.hits += len(keys) - len(todo)
        if todo:
            out = engine.translate_batch([k[-1] for k in todo], source, target, n_best=n_best,
                                         length_cap=FRAGMENT_CAP)
            for k, hyps in zip(todo, out, strict=True):
                got[k] = self._store[k] = hyps
            while len(self._store) > self.size:
                self._store.popitem(last=False)
        return [got[k] for k in keys]
