"""Sentence splitting of the seed articles, against splits written down by hand.

tests/data/seed_segments.json lists, per seed article, every segment with
its line; it was reviewed sentence by sentence when it was written. The
tricky cases the desk's copy contains are also pinned one by one below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_ARTICLES

from glossator.translate.documents import UnreadableArticle, read_document
from glossator.translate.segment import segment_document, split_sentences

EXPECTED = json.loads((Path(__file__).parent / "data" / "seed_segments.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("article", SEED_ARTICLES, ids=lambda p: p.stem)
def test_seed_article_splits_as_written_down(article):
    got = [[s.line, s.text] for s in segment_document(read_document(article))]
    assert got == EXPECTED[article.name]


@pytest.mark.parametrize("sentence", [
    "At a reception celebrating the Chinese New Year, which begins on Feb. 17, Ambassador Chen Daojiang observed",
    "SAN FRANCISCO, Nov. 16 (Xinhua) — Chinese President Xi Jinping on Thursday called for expanding",
    "Copyedited by G.P. Wilson",
    "“While some countries, especially the U.S., advocate for trade wars and tariffs,",
    "In 2024, China–Latin America trade reached a historic high of $518.4 billion—double the volume",
    "This year is the final year of China’s 14th Five-Year Plan (2021-25) period.",
    "In his view, China-Mexico relations can—and should—become even closer",
    "China is Mexico’s second-largest trading partner after the U.S.",
])
def test_tricky_sentences_stay_whole(sentence):
    # the splitter itself, on the paragraph of the seed article the sentence comes from
    [paragraph] = [line for article in SEED_ARTICLES for line in article.read_text(encoding="utf-8").splitlines()
                   if sentence in line]
    assert any(sentence in paragraph[a:b] for a, b in split_sentences(paragraph)), split_sentences(paragraph)


@pytest.mark.parametrize("text, n", [
    ("Mr. Li met No. 5 delegates in the U.S. on Monday. Then he left.", 2),
    ("He said the plan… was ready. It was.", 2),
    ("He paused... And then he spoke. Done.", 2),
    ("Prices rose 3.5 percent to $4.2 billion in 2021-25. Good.", 2),
    ("“This is truly encouraging,” said Espinosa. Next.", 2),
])
def test_splitter_rules(text, n):
    assert len(split_sentences(text)) == n


def test_offsets_and_lines_point_into_the_file():
    article = SEED_ARTICLES[0]
    lines = article.read_text(encoding="utf-8").splitlines()
    for seg in segment_document(read_document(article)):
        assert lines[seg.line - 1].strip()[seg.start:seg.end] == seg.text


def test_markdown_headings_paragraphs_code_and_urls(tmp_path):
    md = tmp_path / "a.md"
    md.write_text(
        "# The China-CELAC Forum\n\nThe forum met in Beijing. Run `glossator scan` on\nthe report at "
        "https://example.org/report.pdf today.\n\n```\ncode block, not translated\n```\n\n## Next steps\n",
        encoding="utf-8",
    )
    doc = read_document(md)
    assert [(b.kind, b.line) for b in doc.blocks] == [("heading", 1), ("paragraph", 3), ("heading", 10)]
    para = doc.blocks[1]
    assert [para.text[s:e] for s, e in para.protected] == ["`glossator scan`", "https://example.org/report.pdf"]
    segs = segment_document(doc)
    assert [s.line for s in segs] == [1, 3, 3, 10]
    assert segs[2].text.startswith("Run `glossator scan` on the report")


@pytest.mark.parametrize("name, data, match", [
    ("bad.txt", b"caf\xe9 con leche\n", "not UTF-8"),
    ("bin.txt", b"abc\x00def", "binary"),
    ("doc.docx", b"PK\x03\x04", "not an article format"),
])
def test_unreadable_articles_get_a_clear_error(tmp_path, name, data, match):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(UnreadableArticle, match=match) as err:
        read_document(p)
    assert err.value.path == str(p)


def test_folder_and_missing_file(tmp_path):
    folder = tmp_path / "articles.txt"
    folder.mkdir()
    with pytest.raises(UnreadableArticle, match="is a folder"):
        read_document(folder)
    with pytest.raises(UnreadableArticle, match="cannot read"):
        read_document(tmp_path / "missing.txt")


# --- the document model: source, offsets, source ranges, line counting ---

def _check_offsets(doc):
    for b in doc.blocks:
        assert b.offsets is not None and len(b.offsets) == len(b.text) + 1
        assert b.offsets == sorted(b.offsets)
        for i, ch in enumerate(b.text):
            src = doc.source[b.offsets[i]]
            assert src == ch or (ch == " " and src.isspace()), (b.text, i)


@pytest.mark.parametrize("article", SEED_ARTICLES, ids=lambda p: p.stem)
def test_seed_offsets_point_at_their_characters(article):
    doc = read_document(article)
    assert doc.source == article.read_text(encoding="utf-8") and doc.format == "txt"
    _check_offsets(doc)
    for s in segment_document(doc):
        assert doc.source[s.src_start:s.src_end] == s.text


def test_soft_wrapped_markdown_maps_the_joining_space_to_the_line_end(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("# Title\n\nOne sentence\n  wraps here. Another  \nline.\n", encoding="utf-8")
    doc = read_document(md)
    assert doc.format == "md"
    _check_offsets(doc)
    para = doc.blocks[1]
    assert para.text == "One sentence wraps here. Another line."
    assert doc.source[para.offsets[len("One sentence")]] == "\n"
    assert doc.source[para.offsets[len("One sentence wraps here. Another")]] == " "  # the trailing spaces
    segs = segment_document(doc)
    assert [doc.source[s.src_start:s.src_end] for s in segs] == [
        "Title", "One sentence\n  wraps here.", "Another  \nline."]
    assert [s.line for s in segs] == [1, 3, 4]


@pytest.mark.parametrize("sep", ["\u2028", "\u0085", "\x0c", "\u2029", "\x1c"])
def test_only_cr_and_lf_end_lines(tmp_path, sep):
    """Issue 11, item 12: a 4-line file got references :1 to :7 because
    str.splitlines() also breaks at U+2028, U+0085 and form feed."""
    art = tmp_path / "a.txt"
    art.write_bytes(f"One.{sep}Two.\r\nThree.{sep}Four.\rFive.\nSix.{sep}Seven.\n".encode("utf-8"))
    doc = read_document(art)
    segs = segment_document(doc)
    assert max(s.line for s in segs) == 4
    assert [s.line for s in segs if s.text.startswith(("Three", "Five", "Six"))] == [2, 3, 4]
    assert len(doc.blocks) == 4
