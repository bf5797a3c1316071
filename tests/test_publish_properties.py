"""Property: an identity translation gives back any article, byte for byte.

Documents are generated from Markdown-ish pieces (headings, wrapped
paragraphs, nested lists, quotes, tables, code, front matter) with mixed line
endings and characters that are not line breaks for an editor (U+2028,
U+0085, form feed), and read as .md and as .txt.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossator.translate.documents import read_document
from glossator.translate.rebuild import rebuild
from glossator.translate.segment import segment_document

WORD = st.sampled_from(["forum", "Beijing", "met", "the", "U.S.", "trade", "Mr.", "NPC", "2025", "$5.1",
                        "*em*", "**strong**", "`code`", "[link](https://x.org/a)", "![alt](i.png)", "https://x.org/p",
                        "a@b.org", "\\|", "<b>", "&amp;", "中国", "。", "“quoted”", "word\u2028", "\x0c", "\u0085", "\t"])
SENTENCE = st.tuples(st.lists(WORD, min_size=1, max_size=8).map(" ".join), st.sampled_from([".", "!", "?", ""])).map(
    "".join)
LINE = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)
TRAIL = st.sampled_from(["", " ", "  ", "\t"])
INDENT = st.sampled_from(["", " ", "  ", "   "])


@st.composite
def piece(draw):
    kind = draw(st.sampled_from(["para", "heading", "setext", "list", "quote", "table", "fence", "indented", "blank"]))
    line = draw(LINE)
    if kind == "para":
        return [draw(INDENT) + ln + draw(TRAIL) for ln in draw(st.lists(LINE, min_size=1, max_size=3))]
    if kind == "heading":
        return ["#" * draw(st.integers(1, 6)) + " " + line + draw(st.sampled_from(["", " #", " ##"]))]
    if kind == "setext":
        return [line, draw(st.sampled_from(["===", "---"]))]
    if kind == "list":
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "2) "]))
        return [draw(st.sampled_from(["", "  ", "    "])) + marker + draw(LINE) for _ in range(draw(st.integers(1, 3)))]
    if kind == "quote":
        return [draw(st.sampled_from(["> ", ">", "> > "])) + draw(LINE) for _ in range(draw(st.integers(1, 3)))]
    if kind == "table":
        return ["| " + line + " | b |", "|---|---|", "| " + draw(LINE) + " | `c` |"]
    if kind == "fence":
        return ["```", line, "```"]
    if kind == "indented":
        return ["", "    " + line]
    return [""]


@st.composite
def document(draw):
    lines = []
    if draw(st.booleans()):
        lines += ["---", "title: " + draw(LINE), "description: '" + draw(LINE) + "'", "tags: [a]", "---"]
    for p in draw(st.lists(piece(), min_size=1, max_size=8)):
        lines += p + [""]
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    text = "".join(ln + end for ln, end in zip(lines, ends))
    return text if draw(st.booleans()) else text.rstrip("\r\n")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=document(), suffix=st.sampled_from([".md", ".txt"]), lang=st.sampled_from(["es", "zh"]))
def test_identity_gives_back_the_source(tmp_path, text, suffix, lang):
    path = tmp_path / f"article{suffix}"
    path.write_bytes(text.encode("utf-8"))
    doc = read_document(path)
    for b in doc.blocks:
        assert len(b.offsets) == len(b.text) + 1
        for i, ch in enumerate(b.text):
            assert doc.source[b.offsets[i]] == ch or (ch == " " and doc.source[b.offsets[i]].isspace())
    segs = segment_document(doc)
    for s in segs:
        assert s.line == doc.source.count("\n", 0, s.src_start) + doc.source.count("\r", 0, s.src_start) \
            - doc.source.count("\r\n", 0, s.src_start) + 1
    assert rebuild(doc, segs, [s.text for s in segs], lang) == doc.source
