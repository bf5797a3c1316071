"""Apertium, the rule-based engine from Debian (``apertium``, ``apertium-eng-spa``,
``apertium-es-pt``), run as a subprocess.

A whole batch goes through one ``apertium`` process, one segment per line
(apertium's plain-text mode keeps line breaks), so start-up is paid once
per document and language. ``-u`` drops the ``*`` marks on unknown words.
Apertium gives one translation and no score.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

from glossator.glossary import langtags

from .base import EngineFailed, EngineUnavailable, Hypothesis

INSTALL_HINT = "install it with: apt-get install apertium apertium-eng-spa apertium-es-pt"
# ISO 639-3 codes in Apertium's mode names -> the BCP 47 tags Glossator uses
_ISO3 = {"eng": "en", "spa": "es", "por": "pt", "cat": "ca", "fra": "fr", "glg": "gl", "ita": "it"}


def _tag(code: str) -> str:
    lang, _, region = code.partition("_")
    lang = _ISO3.get(lang, lang)
    return f"{lang}-{region}" if region else lang


@lru_cache(maxsize=1)
def installed_modes() -> dict[tuple[str, str], str]:
    """{(source tag, target tag): mode name} for the installed pairs."""
    exe = shutil.which("apertium")
    if not exe:
        return {}
    proc = subprocess.run([exe, "-l"], capture_output=True, text=True, timeout=30)
    modes = {}
    for line in proc.stdout.split():
        if re.fullmatch(r"[a-z]{2,3}(_[A-Za-z]+)?-[a-z]{2,3}(_[A-Za-z]+)?", line):
            src, tgt = line.split("-", 1)
            modes[(_tag(src), _tag(tgt))] = line
    return modes


class ApertiumEngine:
    name = "apertium"

    def __init__(self, timeout: float = 600):
        self.timeout = timeout

    def _mode(self, source: str, target: str) -> str | None:
        modes = installed_modes()
        for tgt in langtags.fallback_chain(target):
            for src in langtags.fallback_chain(source):
                if (src, tgt) in modes:
                    return modes[(src, tgt)]
        return None

    def supports(self, source: str, target: str) -> bool:
        return self._mode(source, target) is not None

    def translate_batch(self, texts, source, target, n_best=1):
        mode = self._mode(source, target)
        if mode is None:
            if not shutil.which("apertium"):
                raise EngineUnavailable("apertium is not installed", hint=INSTALL_HINT)
            pairs = ", ".join(sorted(installed_modes().values())) or "none"
            raise EngineUnavailable(f"no apertium pair for {source}->{target} (installed: {pairs})",
                                    hint=INSTALL_HINT)
        if not texts:
            return []
        clean = [t.replace("\n", " ") for t in texts]
        # A blank line between segments: with a single line break Apertium chunks words across
        # segments that end without punctuation (table cells, headings).
        out = [o.strip() for o in self._run(mode, "\n\n".join(clean) + "\n").split("\n\n")]
        if len(out) != len(clean):  # a line break went missing: fall back to one call per segment
            out = [self._run(mode, t + "\n").strip() for t in clean]
        return [[Hypothesis(o.strip())] for o in out]

    def _run(self, mode: str, text: str) -> str:
        try:
            proc = subprocess.run(["apertium", "-u", mode], input=text, capture_output=True, text=True,
                                  timeout=self.timeout)
        except subprocess.TimeoutExpired:
            raise EngineFailed(f"apertium {mode} took longer than {self.timeout:.0f} s") from None
        if proc.returncode != 0:
            raise EngineFailed(f"apertium {mode} failed: {proc.stderr.strip()[:300]}")
        return proc.stdout

    def describe(self) -> dict:
        return {"engine": self.name, "pairs": sorted(f"{s}->{t}" for s, t in installed_modes()),
                "n_best": False, "install": INSTALL_HINT}
