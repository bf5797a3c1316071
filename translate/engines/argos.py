"""Argos Translate models, run through CTranslate2 directly.

Package management (list, install from a ``.argosmodel`` file or by
language pair from the argos index, remove) goes through
``argostranslate.package``. Translation does not use
``argostranslate.translate``: importing it loads stanza, torch and spacy
(about 3.4 s and 330 MB) and it translates one paragraph at a time. Here the
package's own tokenizer, ``target_prefix`` and argos's decoding settings
(beam size from ARGOS_BEAM_SIZE, length penalty 0.2, replace_unknowns) are
applied to the whole document in one ``translate_batch`` call, with n-best.

Every sentence is decoded in a batch of its own, and the sentences run in
parallel on CTranslate2's ``inter_threads`` (one per core, one intra-op
thread each). Batching sentences together changes the padded matrix shapes
and with them the last bits of the scores, which flips near-tied beams:
measured on the tests' synthetic model, one sentence of seed article 004
came out differently in a shared batch than alone. Decoded alone, a
sentence's translation does not depend on its neighbours, so re-runs, the
translation memory and a pool of LibreTranslate servers (which also decode
sentence by sentence) agree with this engine, and so does argos's own
per-paragraph output (0 of 119 seed paragraphs differ). On a random-weight
model, whose beams ran on to the length limit, single-sentence batches were
also the fastest setting.

On a trained model (bench/realistic_model.py, issue 16) length-sorted shared
batches are about 2x faster on long texts, but on all 3,071 TICO-19
sentences one came out differently from its translation alone (a beam path
pruned by scores a few ULPs off): the default stays one sentence per batch.
GLOSSATOR_ARGOS_BATCHING=512:tokens trades that for speed (see
:func:`batching_setting`).

A run (``glossator translate``) sends the first pass of a group of articles
(every sentence once, up to about 500) in one call, not one call per article
(``translate/prefetch.py``): a call ends when its slowest sentence or batch
does, and one per article left a core idle at the end of each. With the
default the output is the same. With shared batches a sentence's translation
depends on its batch neighbours, so each article's sentences go in a call of
their own (as Apertium's: see ``neighbour_free``), and an article's draft never
depends on the other articles of a run; that setting gives up the group call's
gain (raw CTranslate2, 512:tokens: 2.01 s in one call, 2.31 s per article on
the seed articles, bench/README.md).

A ``length_cap`` (the glossary layers' terms and clauses translated alone,
see ``translate/fragments.py``) becomes CTranslate2's ``max_decoding_length``
for each text; sentences keep CTranslate2's default, as argostranslate.
"""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

from glossator.glossary import langtags

from .base import EngineFailed, EngineInfo, EngineUnavailable, Hypothesis

LENGTH_PENALTY = 0.2  # argostranslate.translate.apply_packaged_translation
MAX_DECODING_LENGTH = 256  # CTranslate2's default, which argostranslate keeps: a length cap never goes past it


def decoding_threads() -> int:
    """Sentences decoded in parallel: ARGOS_INTER_THREADS when the user set
    it (argos's own setting), else one per core."""
    configured = os.environ.get("ARGOS_INTER_THREADS")
    if configured and configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


BATCHING_VARIABLE = "GLOSSATOR_ARGOS_BATCHING"


def batching_setting(raw: str | None) -> tuple[int, str]:
    """How sentences share CTranslate2 batches: ``sentence`` (the default: each alone, so its
    translation never depends on its neighbours) or ``N:tokens`` / ``N:examples``, length-sorted
    shared batches, about 2x faster on long documents here but not neighbour-independent
    (bench/README.md: 1 of 3,071 TICO-19 sentences decoded differently)."""
    value = (raw or "sentence").strip()
    if value == "sentence":
        return (1, "examples")
    size, _, kind = value.partition(":")
    if size.isdigit() and int(size) > 0 and kind in ("tokens", "examples"):
        return (int(size), kind)
    raise EngineUnavailable(f"{BATCHING_VARIABLE}={raw!r} is not a batching setting",
                            hint=f"use 'sentence' (the default), or e.g. {BATCHING_VARIABLE}=512:tokens")


def _argos_codes(tag: str) -> list[str]:
    """Argos language codes for a tag, best first (argos writes zt for
    Traditional Chinese and pb for Brazilian Portuguese)."""
    lang, _, region = langtags.split(tag)
    if lang == "zh":
        return ["zt"] if langtags.script_of(tag) == "Hant" else ["zh"]
    if lang == "pt" and region == "BR":
        return ["pb", "pt"]
    return [lang]


def install_command(source: str, target: str) -> str:
    return f"glossator engines install {source} {target}"


def package_dir() -> Path:
    from argostranslate import settings

    return Path(settings.package_data_dir)


def installed_packages() -> list:
    from argostranslate import package

    return [p for p in package.get_installed_packages() if p.type == "translate"]


def find_package(source: str, target: str):
    for tgt in _argos_codes(target):
        for pkg in installed_packages():
            if pkg.from_code in _argos_codes(source) and pkg.to_code == tgt:
                return pkg
    return None


def install_from_file(path: str | Path):
    """Install a ``.argosmodel`` file; returns the installed package."""
    import json

    from argostranslate import package

    path = Path(path)
    if not zipfile.is_zipfile(path):
        raise EngineUnavailable(f"{path} is not an .argosmodel (zip) file", hint="download it again")
    with zipfile.ZipFile(path) as z:
        meta_names = [n for n in z.namelist() if n.count("/") == 1 and n.endswith("/metadata.json")]
        if not meta_names:
            raise EngineUnavailable(f"{path} has no <folder>/metadata.json: not an argos package")
        metadata = json.loads(z.read(meta_names[0]))
    package.install_from_path(path)
    return find_package(metadata["from_code"], metadata["to_code"])


def install_pair(source: str, target: str):
    """Download and install the argos package for a pair from the argos index."""
    from argostranslate import package, settings

    package.update_package_index()
    # update_package_index() logs and swallows network errors; without this
    # check get_available_packages() would retry forever on a missing index.
    if not Path(settings.local_package_index).exists():
        raise EngineUnavailable(
            "could not download the argos package index (no network?)",
            hint="copy a .argosmodel file here and run: glossator engines install --file PATH",
        )
    codes = [(s, t) for s in _argos_codes(source) for t in _argos_codes(target)]
    for pkg in package.get_available_packages():
        if (pkg.from_code, pkg.to_code) in codes:
            try:
                downloaded = pkg.download()
            except Exception as exc:
                raise EngineUnavailable(f"downloading {pkg} failed: {exc}",
                                        hint="retry when online, or install from a file with --file") from exc
            return install_from_file(downloaded)
    raise EngineUnavailable(f"the argos index has no package for {source}->{target}")


def remove(source: str, target: str) -> None:
    from argostranslate import package

    pkg = find_package(source, target)
    if pkg is None:
        raise EngineUnavailable(f"no argos package for {source}->{target} is installed")
    package.uninstall(pkg)


class ArgosEngine:
    name = "argos"

    def __init__(self, beam_size: int | None = None, batching: tuple[int, str] | None = None):
        self._beam = beam_size
        # (max_batch_size, batch_type) for translate_batch; see the module doc
        self._batching = batching or batching_setting(os.environ.get(BATCHING_VARIABLE))
        self._translators: dict[str, object] = {}
        self._packages: dict[tuple[str, str], object] = {}  # found packages: their tokenizer loads once
        self._lock = threading.Lock()

    @property
    def neighbour_free(self) -> bool:
        """Each sentence decoded in a batch of its own (the default): a run may send many articles'
        sentences in one call (translate/prefetch.py). Shared batches are not, so each article goes alone."""
        return self._batching == (1, "examples")

    def supports(self, source: str, target: str) -> bool:
        try:
            return self._package(source, target) is not None
        except Exception:
            return False

    def _package(self, source: str, target: str):
        """The installed package, looked up once per engine: argos builds a new Package (and
        SentencePiece loads its model again, 5 ms) on every lookup, and a document makes one
        call per enforcement layer."""
        key = (source, target)
        if key not in self._packages:
            pkg = find_package(source, target)
            if pkg is None:
                return None  # not remembered: a package installed later is found then
            self._packages[key] = pkg
        return self._packages[key]

    def _translator(self, pkg):
        key = str(pkg.package_path)
        with self._lock:
            if key not in self._translators:
                import ctranslate2
                from argostranslate import settings

                # As argostranslate (argos-translate-lt) does: "auto" is not passed, so the model
                # decodes in the type it was saved in; passing "auto" picks int8 on this CPU and
                # changes the output of a float32 package (issue 16: 81 of 119 seed paragraphs).
                typed = {} if settings.compute_type == "auto" else {"compute_type": settings.compute_type}
                self._translators[key] = ctranslate2.Translator(
                    str(pkg.package_path / "model"), device=settings.device,
                    inter_threads=decoding_threads(), intra_threads=1, **typed,
                )
            return self._translators[key]

    def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
        from argostranslate import settings

        pkg = self._package(source, target)
        if pkg is None:
            raise EngineUnavailable(
                f"no argos package for {source}->{target} is installed",
                hint=f"install one with: {install_command(source, target)}"
                     f"  (offline: glossator engines install --file translate-{source}_{target}.argosmodel)",
            )
        if not texts:
            return []
        translator = self._translator(pkg)
        tokenized = [pkg.tokenizer.encode(t) for t in texts]
        prefix = [pkg.target_prefix] if pkg.target_prefix else []
        beam = max(n_best, self._beam or settings.beam_size)
        # Without a cap, CTranslate2's own limit (256 steps), as argostranslate decodes. With one
        # (fragments: terms alone, clauses), each text's limit follows its length; CTranslate2 takes
        # one limit per call, so the texts go in one call per limit, all submitted before any is
        # awaited so that the inter_threads share them as they share one call's texts.
        groups: dict[int | None, list[int]] = {}
        for i, tokens in enumerate(tokenized):
            limit = (min(length_cap.limit(len(tokens)) + len(prefix), MAX_DECODING_LENGTH)
                     if length_cap is not None else None)
            groups.setdefault(limit, []).append(i)
        try:
            pending = [(members, translator.translate_batch(
                [tokenized[i] for i in members], target_prefix=[prefix] * len(members) if prefix else None,
                replace_unknowns=True, max_batch_size=self._batching[0], batch_type=self._batching[1],
                beam_size=beam, num_hypotheses=n_best, length_penalty=LENGTH_PENALTY, return_scores=True,
                asynchronous=True, **({"max_decoding_length": limit} if limit is not None else {})))
                for limit, members in groups.items()]
            results: list = [None] * len(texts)
            for members, futures in pending:
                for i, future in zip(members, futures):
                    results[i] = future.result()
        except RuntimeError as exc:
            raise EngineFailed(f"CTranslate2 failed for {pkg.package_path.name}: {exc}") from exc
        return [[Hypothesis(self._decode(pkg, hyp), score) for hyp, score in zip(r.hypotheses, r.scores)]
                for r in results]

    @staticmethod
    def _decode(pkg, tokens: list[str]) -> str:
        value: str = pkg.tokenizer.decode(tokens)
        if pkg.target_prefix and value.startswith(pkg.target_prefix):
            value = value[len(pkg.target_prefix):]
        return value[1:] if value.startswith(" ") else value

    def describe(self) -> EngineInfo:
        pkgs = installed_packages()
        return EngineInfo(self.name, sorted(f"{p.from_code}->{p.to_code}" for p in pkgs), n_best=True,
                          packages=[{"pair": f"{p.from_code}->{p.to_code}", "version": p.package_version,
                                     "path": str(p.package_path)} for p in pkgs],
                          package_dir=str(package_dir()))
