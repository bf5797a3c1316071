"""Lemmas for counting term success the way the WMT terminology tasks do.

WMT25 counts a term as kept when it appears in the output, case-insensitive,
raw or after lemmatising both sides, and lemmatises with Stanza. Stanza's
models come from Hugging Face, which this machine cannot reach, so the bench
uses stand-ins and reports each one separately:

* ``simplemma``: a lookup table (PyPI). It has no European Portuguese
  spellings ("infetadas", "desinfetantes"), which TICO-19's own pt-BR
  terminology uses.
* Hunspell's morphological stems (Debian's ``hunspell`` with ``hunspell-pt-pt``
  and ``hunspell-es``; ``apt-get install hunspell hunspell-pt-pt hunspell-es``):
  the spelling dictionaries that LibreOffice uses, whose affix rules give the
  stem of inflected forms ("infetadas" -> "infetar", "desinfetantes" ->
  "desinfetante"). A token may have several stems; two tokens match when
  their sets of lemmas meet. Only one dictionary per language is used
  (pt_PT, es_ES): pt_BR's rules strip the prefix of "desinfetantes" down to
  "infetar", which would count "infetados" as "desinfetante".

The Hunspell CLI is used as a subprocess, one call per batch of new words,
because no maintained Python binding is installable without compiling
against libhunspell.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

HUNSPELL_DICTS = {"pt": "pt_PT", "es": "es_ES"}
_DICT_DIR = Path("/usr/share/hunspell")


def tokens(text: str) -> list[str]:
    import simplemma

    return list(simplemma.simple_tokenizer(text))


def simplemma_lemma(token: str, lang: str) -> str:
    import simplemma

    return simplemma.lemmatize(token, lang=lang).casefold()


class Hunspell:
    """Stems from one Hunspell dictionary, cached per word."""

    def __init__(self, lang: str):
        self.dictionary = HUNSPELL_DICTS.get(lang.split("-")[0])
        exe = shutil.which("hunspell")
        self.available = bool(exe and self.dictionary and (_DICT_DIR / f"{self.dictionary}.dic").exists())
        self._exe = exe
        self._stems: dict[str, frozenset[str]] = {}

    def prime(self, words) -> None:
        """Analyse every word not yet cached, in one subprocess."""
        if not self.available:
            return
        new = sorted({w for w in words if w not in self._stems and w.strip() and "\n" not in w})
        if not new:
            return
        out = subprocess.run([self._exe, "-i", "utf-8", "-d", str(_DICT_DIR / self.dictionary), "-s"],
                             input="\n".join(new) + "\n", capture_output=True, text=True, encoding="utf-8",
                             check=True).stdout
        found: dict[str, set[str]] = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                found.setdefault(parts[0], set()).add(parts[1].casefold())
        for w in new:
            self._stems[w] = frozenset(found.get(w, ()))

    def stems(self, word: str) -> frozenset[str]:
        if not self.available:
            return frozenset()
        if word not in self._stems:
            self.prime([word])
        return self._stems[word]


@functools.lru_cache(maxsize=8192)  # an output is looked up once per term it should hold
def lemma_sets(text: str, lang: str, hunspell: Hunspell | None = None) -> tuple[frozenset[str], ...]:
    """Per token: its simplemma lemma, plus its Hunspell stems when ``hunspell`` is given."""
    out = []
    for t in tokens(text):
        s = {simplemma_lemma(t, lang)}
        if hunspell is not None:
            s |= hunspell.stems(t)
        out.append(frozenset(s))
    return tuple(out)


def contains(seq: Sequence[frozenset[str]], sub: Sequence[frozenset[str]]) -> bool:
    """``sub`` occurs in ``seq`` as a run of tokens whose lemma sets meet."""
    n = len(sub)
    return n > 0 and any(all(seq[i + j] & sub[j] for j in range(n)) for i in range(len(seq) - n + 1))
