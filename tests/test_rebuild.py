"""Rebuilding an article from its source with each sentence replaced."""

from __future__ import annotations

import pytest
from conftest import SEED_ARTICLES

from glossator.translate.documents import read_document
from glossator.translate.rebuild import rebuild
from glossator.translate.segment import segment_document


@pytest.mark.parametrize("article", SEED_ARTICLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["es", "zh"])
def test_identity_gives_back_the_source(article, lang):
    doc = read_document(article)
    segs = segment_document(doc)
    assert rebuild(doc, segs, [s.text for s in segs], lang).encode("utf-8") == article.read_bytes()


def test_replacing_keeps_the_skeleton(tmp_path):
    md = tmp_path / "a.md"
    md.write_bytes(b"# Title\r\n\r\nFirst line\r\n  goes on. Second.\r\n")
    doc = read_document(md)
    segs = segment_document(doc)
    out = rebuild(doc, segs, ["Titulo", "La primera sigue.", "Segunda."], "es")
    assert out == "# Titulo\r\n\r\nLa primera sigue. Second.\r\n".replace("Second", "Segunda")


def test_chinese_sentences_join_without_the_source_space(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The forum met. It ended.\nNext line.\n", encoding="utf-8")
    doc = read_document(art)
    segs = segment_document(doc)
    out = rebuild(doc, segs, ["论坛召开了。", "会议结束了。", "下一行。"], "zh-Hans")
    assert out == "论坛召开了。会议结束了。\n下一行。\n"
    assert rebuild(doc, segs, ["El foro se reunió.", "Terminó.", "Siguiente."], "es") == \
        "El foro se reunió. Terminó.\nSiguiente.\n"
