"""One check on every engine's output: a sentence in, nothing out, is a failure.

An engine can fail without saying so: Apertium under a locale that is not
generated (``LC_ALL=en_US.UTF-8`` in a bare container) aborts inside its
pipeline and still exits 0 with empty output. Written to a catalog, such
output would look like work to do later and be kept, so the pipeline wraps
whatever engine it is given in :class:`CheckedEngine`, once, instead of
each engine checking for itself. The same wrapper locates an engine's own
failure (``EngineFailed``) at the article it was translating.
"""

from __future__ import annotations

from collections.abc import Callable

from .base import Engine, EngineFailed, EngineWrapper, Hypothesis, LengthCap


class EmptyTranslation(EngineFailed):
    """An engine returned a blank best hypothesis for a non-blank text."""


class CheckedEngine(EngineWrapper):
    """``engine`` with its output checked; ``locate(text)`` gives (path, line) of the
    article sentence a text came from, for the error message."""

    def __init__(self, engine: Engine, locate: Callable[[str], tuple[str | None, int | None]] = lambda t: (None, None)):
        super().__init__(engine)
        self.locate = locate

    def translate_batch(self, texts: list[str], source: str, target: str, n_best: int = 1,
                        length_cap: LengthCap | None = None) -> list[list[Hypothesis]]:
        try:
            out = self.engine.translate_batch(texts, source, target, n_best=n_best, length_cap=length_cap)
        except EngineFailed as exc:
            # located at the article the batch came from, and at its sentence when the batch is one:
            # an engine's failure does not say which text of a batch it failed on
            path, line = self.locate(texts[0]) if texts else (None, None)
            raise exc.at(path, line if len(texts) == 1 else None) from exc
        for text, hyps in zip(texts, out):
            if text.strip() and not (hyps and hyps[0].text.strip()):
                path, line = self.locate(text)
                raise EmptyTranslation(
                    f"{self.name} returned an empty translation for {text[:60]!r} ({source}->{target})",
                    hint=f"check that {self.name} translates from a shell; Apertium prints nothing under a locale "
                         "that is not installed (see `locale -a`), so run with e.g. LC_ALL=C.UTF-8",
                    path=path, line=line)
        return out
