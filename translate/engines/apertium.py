"""Apertium, the rule-based engine from Debian (``apertium``, ``apertium-eng-spa``,
``apertium-es-pt``), run as a subprocess.

A whole batch goes through one ``apertium`` process, so start-up is paid
once per batch (a run's first pass: once per group of articles and language). Segments are separated by a blank line:
in the plain-text format a single line break is only white space to
Apertium, which then moves words across it (the heading "Richer Cooperation
Outcomes" followed by a sentence came out as "Países de Resultados" / "de
Cooperación más ricos en la región..."), while a blank line is a paragraph
boundary that no rule crosses. The null-flush mode (``-z``) was tried first:
the installed apertium drops the NUL separators from its output, so segments
cannot be told apart. Every batch's alignment is checked, and a batch that
does not come back as one paragraph per segment is an error.
Apertium runs with its unknown-word marks (``*surto``), which are taken out
of the text (as ``-u`` would) and reported in ``Hypothesis.unknown``, so that
a route can tell a sentence that leaks pivot-language words; a text with a
star of its own goes without marks, in a run of its own, so that whether a
text's marks are read does not depend on the others of its batch (a run
batches many articles: see ``translate/prefetch.py``). Its words still can:
Apertium's pipeline carries state from one paragraph to the next, through
blank lines and through the null-flush mode's NULs when every stage runs with
``-z`` (pt->es: "o multilateralismo" comes out "el" alone, "lo" after
"...não o privilégio privado de algumas nações."; en->es: after "Editor:
Zhiyu Wang", 10 of the next seed article's sentences change, "Attendees
Comprometido" against "Comprometió"). Only a process per text would reset it;
so the engine is not ``neighbour_free`` and a run sends it each article's
texts in a call of its own, never several articles together.
Apertium gives one translation and no score.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

from glossator.glossary import langtags

from .base import EngineFailed, EngineInfo, EngineUnavailable, Hypothesis

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
    neighbour_free = False  # its pipeline carries state across paragraphs: see the module doc

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

    def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
        # length_cap is ignored: rules, not step-by-step decoding: nothing runs away (engines/base.py)
        mode = self._mode(source, target)
        if mode is None:
            if not shutil.which("apertium"):
                raise EngineUnavailable("apertium is not installed", hint=INSTALL_HINT)
            pairs = ", ".join(sorted(installed_modes().values())) or "none"
            raise EngineUnavailable(f"no apertium pair for {source}->{target} (installed: {pairs})",
                                    hint=INSTALL_HINT)
        if not texts:
            return []
        clean = [" ".join(t.split()) for t in texts]
        out = [Hypothesis("") for _ in clean]  # an empty segment would be an empty paragraph, which apertium drops
        # A star of the text itself would pass for a mark: such texts go in a run of their own, without
        # marks, so that a text's translation never depends on the texts batched with it.
        for marks in (True, False):
            group = [i for i, c in enumerate(clean) if c and ("*" in c) != marks]
            if not group:
                continue
            raw = self._run(mode, "\n\n".join(clean[i] for i in group) + "\n", marks)
            if not raw.strip():
                # Nothing at all (Apertium under a locale that is not installed exits 0 with no output):
                # the engine-output check (engines/checked.py) turns it into one clear error.
                return [[Hypothesis("")] for _ in clean]
            got = _paragraphs(raw)
            if len(got) != len(group):
                raise EngineFailed(f"apertium {mode} did not return one paragraph per segment ({len(group)} sent)",
                                   hint="the batch is misaligned; report the text that triggers it")
            for i, o in zip(group, got):
                out[i] = (Hypothesis(_UNKNOWN.sub(r"\1\2", o), unknown=tuple(a + b for a, b in _UNKNOWN.findall(o)))
                          if marks else Hypothesis(o))
        return [[h] for h in out]

    def _run(self, mode: str, text: str, marks: bool) -> str:
        try:
            proc = subprocess.run(["apertium", *([] if marks else ["-u"]), mode], input=text, capture_output=True,
                                  text=True, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            raise EngineFailed(f"apertium {mode} took longer than {self.timeout:.0f} s") from None
        if proc.returncode != 0:
            raise EngineFailed(f"apertium {mode} failed: {proc.stderr.strip()[:300]}")
        return proc.stdout

    def describe(self) -> EngineInfo:
        return EngineInfo(self.name, sorted(f"{s}->{t}" for s, t in installed_modes()), n_best=False,
                          install=INSTALL_HINT)


# A mark is a star before a word. It usually opens the word, but Apertium's tokeniser cuts a word glued
# to the previous sentence after a known prefix ("adequada.muitos" -> "adequada.mu*itos"): the letters
# before the star belong to the unknown word. Only used when the input has no star of its own.
_UNKNOWN = re.compile(r"(?<![^\W\d_])([^\W\d_]*)\*(\w[\w'’-]*)")


def _paragraphs(out: str) -> list[str]:
    """Apertium's output, one string per blank-line separated paragraph."""
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", out.strip("\n"))]
