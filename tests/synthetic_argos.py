"""Build a real, small ``.argosmodel`` package, since no model can be downloaded here.

The package is made the way argos packages are: a SentencePiece model
trained on the seed text (the articles plus the seed glossary's terms, so
Chinese, Spanish and Portuguese pieces exist too), a CTranslate2
Transformer built through ``ctranslate2.specs`` with weights drawn from a
seeded generator, and ``metadata.json``, zipped under one top-level folder.
Its output is meaningless text, but every step of real translation runs:
tokenizing, batched beam search, n-best, decoding.

The end-of-sentence logit gets a bias so that decoding stops after a few
tokens, as a trained model's does; without it random weights decode to
the 256-token limit and a test would spend minutes on noise.

Used by the tests and by ``bench/`` (``scale="realistic"``: 6+6 layers,
d_model 512, 8k vocabulary).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Scale:
    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab: int
    eos_bias: float  # chosen so that outputs end after a handful of tokens (tiny) or a sentence's worth (realistic)


SCALES = {
    "tiny": Scale(layers=2, d_model=64, heads=4, ffn=128, vocab=1000, eos_bias=2.5),
    "realistic": Scale(layers=6, d_model=512, heads=8, ffn=2048, vocab=8000, eos_bias=2.0),
}


def training_text() -> str:
    articles = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    import csv

    with open(REPO / "seeds" / "glossary.csv", encoding="utf-8") as f:
        terms = [row["term"] for row in csv.DictReader(f)]
    return "\n".join(articles + terms)


def _train_sentencepiece(out_dir: Path, vocab: int) -> Path:
    import sentencepiece as spm

    corpus = out_dir / "corpus.txt"
    corpus.write_text(training_text(), encoding="utf-8")
    prefix = out_dir / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab, model_type="unigram",
        character_coverage=1.0, hard_vocab_limit=False, num_threads=1, seed_sentencepiece_size=100000,
        minloglevel=2,
    )
    corpus.unlink()
    (out_dir / "sentencepiece.vocab").unlink()
    return prefix.with_suffix(".model")


def _build_ct2(model_dir: Path, pieces: list[str], scale: Scale, seed: int) -> None:
    from ctranslate2 import specs

    rng = np.random.default_rng(seed)
    d, ff, v = scale.d_model, scale.ffn, len(pieces)

    def rand(*shape, std=None):
        return (rng.standard_normal(shape) * (std or d ** -0.5)).astype(np.float32)

    def norm(ln):
        ln.gamma = np.ones(d, dtype=np.float32)
        ln.beta = np.zeros(d, dtype=np.float32)

    def ffn(f):
        norm(f.layer_norm)
        f.linear_0.weight, f.linear_0.bias = rand(ff, d), np.zeros(ff, np.float32)
        f.linear_1.weight, f.linear_1.bias = rand(d, ff, std=ff ** -0.5), np.zeros(d, np.float32)

    spec = specs.TransformerSpec.from_config((scale.layers, scale.layers), scale.heads)
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = rand(v, d, std=0.1)
    norm(enc.layer_norm)
    for layer in enc.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = rand(3 * d, d)
        layer.self_attention.linear[1].weight = rand(d, d)
        ffn(layer.ffn)
    dec.embeddings.weight = rand(v, d, std=0.1)
    norm(dec.layer_norm)
    for layer in dec.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = rand(3 * d, d)
        layer.self_attention.linear[1].weight = rand(d, d)
        norm(layer.attention.layer_norm)
        layer.attention.linear[0].weight = rand(d, d)
        layer.attention.linear[1].weight = rand(2 * d, d)
        layer.attention.linear[2].weight = rand(d, d)
        ffn(layer.ffn)
    dec.projection.weight = rand(v, d)
    bias = np.zeros(v, dtype=np.float32)
    bias[pieces.index("</s>")] = scale.eos_bias
    dec.projection.bias = bias
    save_spec(spec, pieces, model_dir)


def save_spec(spec, pieces: list[str], model_dir: Path) -> None:
    """Write a TransformerSpec whose weights are set, with one shared vocabulary (also used by
    bench/realistic_model.py for its trained model)."""
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization=None)
    model_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(model_dir))


def _build_minisbd(out_dir: Path) -> Path:
    """A MiniSBD sentence-boundary model (ONNX, with MiniSBD's metadata) that never splits.

    LibreTranslate's argos fork splits every text with MiniSBD before it
    translates, and MiniSBD downloads its model on first use, which fails
    offline (every /translate then answers HTTP 500). Argos packages may ship
    their own model in ``minisbd/``; this one is a per-character lookup table
    that predicts "no boundary" for every character, so that each text
    Glossator sends (already one segment) is translated as one sentence,
    exactly as the local engine translates it.
    """
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    chars = [chr(c) for c in range(32, 127)]
    id2unit = ["<PAD>", "<UNK>"] + chars
    table = np.zeros((len(id2unit), 5), dtype=np.float32)
    table[:, 0] = 1.0  # class 0: inside a token; 1 token end, 2 sentence end, 3/4 multi-word tokens
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "units"], ["logits"], axis=0)], "never_split",
        [helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "chars"]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "chars", "feats"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "chars", 5])],
        [numpy_helper.from_array(table, "table")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    vocab = {"lang": "en", "idx": 0, "cutoff": 0, "lower": False,
             "_unit2id": {u: i for i, u in enumerate(id2unit)}, "_id2unit": id2unit}
    for key, value in {"lang_code": "en", "config": json.dumps({"feat_funcs": [], "max_seqlen": 1000}),
                       "vocab": json.dumps(vocab), "lexicon": "null"}.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    onnx.checker.check_model(model)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "never_split.onnx"
    onnx.save(model, str(path))
    return path


def build_package(out_dir: Path, source: str = "en", target: str = "zh", *, scale: str = "tiny",
                  seed: int = 1234, minisbd: bool = True) -> Path:
    """Write ``translate-<src>_<tgt>.argosmodel`` in ``out_dir`` and return its path."""
    import sentencepiece as spm

    sc = SCALES[scale]
    name = f"translate-{source}_{target}-1_0"
    pkg_dir = Path(out_dir) / name
    pkg_dir.mkdir(parents=True, exist_ok=True)
    sp_model = _train_sentencepiece(pkg_dir, sc.vocab)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    # The seed text is too small to train a large vocabulary; pad the model's
    # vocabulary to the scale's size so that its embeddings and output layer
    # cost what a real model's do. The tokenizer never produces the padding.
    pieces += [f"<pad{i}>" for i in range(sc.vocab - len(pieces))]
    _build_ct2(pkg_dir / "model", pieces, sc, seed)
    if minisbd:
        _build_minisbd(pkg_dir / "minisbd")
    metadata = {
        "package_version": "1.0", "argos_version": "1.9.0", "type": "translate",
        "code": f"translate-{source}_{target}", "from_code": source, "to_code": target,
        "from_name": source, "to_name": target, "target_prefix": "",
        "links": [], "dependencies": [], "languages": [],
    }
    (pkg_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (pkg_dir / "README.md").write_text(f"Synthetic {scale} test package {source}->{target}, seed {seed}.\n")
    archive = Path(out_dir) / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(pkg_dir.rglob("*")):
            z.write(f, f.relative_to(out_dir))
    return archive
