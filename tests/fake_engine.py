"""A deterministic engine behind the real Engine protocol, to drive every enforcement layer.

It "translates" by copying the text after a marker naming the target, ``[es] The forum met.``,
so a test knows exactly what any engine call returns. It can be told to:

* ``drop``: leave out the term placeholders (``XP0X``) in the hypotheses of these ranks
  (``drop=(0,)``: the best one only, so a lower-ranked one is chosen: layer 2; ``drop=ALL``:
  every one, so the segment goes on to repair or fails);
* ``drop_over``: drop them only in texts of more than this many words (an engine that loses
  the thread on long sentences, which clause-by-clause repair then translates);
* ``reorder``: give the placeholders back in reverse order (an engine that moves words);
* ``render``: write these source phrases as these target phrases wherever they are not
  protected (how an engine renders a term on its own, which repair must replace);
* ``empty``: return nothing for texts that contain this string (an engine that fails silently);
* ``fail``: raise ``EngineFailed`` for a batch with a text that contains this string (an engine
  that breaks on some input, and with it every batch that input is in).

Every hypothesis rank ``k`` > 0 differs from the best one by its marker (``[es 1]``), and
scores ``-k``. Every call is recorded in ``calls`` (texts, source, target, n_best), and its
``length_cap`` in ``caps`` (this engine has no length to cap: it only records what it was asked).

The CLI finds it as engine ``fake`` through ``glossator.translate.engines.plugins``: the
``fake_engine`` fixture registers it in-process, and tests/test_engine_plugins.py installs it
as an entry point, as a desk's own engine would be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from glossator.translate.engines.base import EngineFailed, EngineInfo, Hypothesis, LengthCap

ALL = range(64)
_PLACEHOLDER = re.compile(r"XP\d+X")


class FakeEngine:
    name = "fake"
    neighbour_free = True  # each text's answer is its own (a failure still fails the whole call it is in)

    def __init__(self, *, drop: Iterable[int] = (), drop_over: int | None = None, reorder: bool = False, render: dict[str, str] | None = None,
                 empty: str | None = None, fail: str | None = None, pairs: Iterable[tuple[str, str]] | None = None):
        self.drop = set(drop)
        self.drop_over = drop_over
        self.reorder = reorder
        self.render = render or {}
        self.empty = empty
        self.fail = fail
        self.pairs = set(pairs) if pairs is not None else None
        self.calls: list[tuple[list[str], str, str, int]] = []
        self.caps: list[LengthCap | None] = []

    def supports(self, source: str, target: str) -> bool:
        return source != target if self.pairs is None else (source, target) in self.pairs

    def describe(self) -> EngineInfo:
        pairs = sorted(f"{s}->{t}" for s, t in self.pairs) if self.pairs is not None else ["any->any"]
        return EngineInfo(engine=self.name, pairs=pairs, n_best=True, install="tests/fake_engine.py")

    def translate_batch(self, texts: list[str], source: str, target: str, n_best: int = 1,
                        length_cap: LengthCap | None = None) -> list[list[Hypothesis]]:
        self.calls.append((list(texts), source, target, n_best))
        self.caps.append(length_cap)
        if self.fail is not None and any(self.fail in t for t in texts):
            raise EngineFailed(f"{self.name} broke on a text with {self.fail!r}")
        return [self._hypotheses(text, target, n_best) for text in texts]

    def _hypotheses(self, text: str, target: str, n_best: int) -> list[Hypothesis]:
        if self.empty is not None and self.empty in text:
            return [Hypothesis("")]
        for phrase, rendering in self.render.items():
            text = text.replace(phrase, rendering)
        if self.reorder:
            found = _PLACEHOLDER.findall(text)
            backwards = iter(reversed(found))
            text = _PLACEHOLDER.sub(lambda m: next(backwards), text)
        long = self.drop_over is not None and len(text.split()) > self.drop_over
        out = []
        for rank in range(n_best):
            body = " ".join(_PLACEHOLDER.sub("", text).split()) if rank in self.drop or long else text
            marker = f"[{target}]" if rank == 0 else f"[{target} {rank}]"
            out.append(Hypothesis(f"{marker} {body}", score=-float(rank)))
        return out
