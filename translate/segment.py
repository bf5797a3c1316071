"""Articles into segments: paragraphs from the file, sentences from sentencex.

sentencex (Wikimedia's rule-based segmenter, deterministic) knows English
abbreviations (U.S., Feb., Mr., No.), initials (G.P. Wilson), decimals and
money ($518.4 billion), ranges (2021-25), quotes and dashes. One rule is
added on top: it never ends a sentence at an ellipsis, because in news copy
"…" marks an omission inside a quotation far more often than an ending.

Every segment keeps its file, line and character offsets, for PO references,
and its range ``[src_start, src_end)`` in ``Document.source`` when the block
has source offsets: publishing replaces exactly that range.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import sentencex

from .documents import Block, Document

ELLIPSES = ("...", "…")


@dataclass(frozen=True)
class Segment:
    index: int        # position in the document, from 0
    text: str         # the sentence, stripped
    path: str
    line: int         # 1-based line of the sentence's first character
    start: int        # offsets in the block's text
    end: int
    block: int        # index of the paragraph or heading
    kind: str         # "paragraph" or "heading"
    src_start: int | None = None  # the sentence's range in Document.source (None without a source file)
    src_end: int | None = None

    @property
    def reference(self) -> str:
        return f"{self.path}:{self.line}"


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``, white space trimmed."""
    spans: list[tuple[int, int]] = []
    for b in sentencex.get_sentence_boundaries(lang, text):
        start, end = b["start_index"], b["end_index"]
        if spans and text[spans[-1][0]:spans[-1][1]].rstrip().endswith(ELLIPSES):
            start = spans.pop()[0]
        spans.append((start, end))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if end - trail > start + lead:
            out.append((start + lead, end - trail))
    return out


UNSPLIT = ("heading", "unit", "front-matter", "attribute")  # blocks that are one segment each
_END_TAGS = re.compile(r"(?:</[^>]*>)+")


def keep_whole(text: str, spans: list[tuple[int, int]], unbreakable: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences so that no boundary falls inside an unbreakable span (an HTML
    element or tag: a sentence never starts inside <em> and ends outside it).
    End tags that open a sentence go back to the one they close ("<em>Yes.</em>")."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        closing = _END_TAGS.match(text, start) if out and unbreakable else None
        if closing and closing.end() < end:
            out[-1] = (out[-1][0], closing.end())
            start = closing.end() + len(text[closing.end():end]) - len(text[closing.end():end].lstrip())
        if out and any(s < start and out[-1][1] < e for s, e in unbreakable):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def segment_block(block: Block, path: str, first_index: int, block_index: int,
                  doc: Document | None = None) -> Iterator[Segment]:
    unbreakable = getattr(block, "unbreakable", [])
    spans = [(0, len(block.text))] if block.kind in UNSPLIT else keep_whole(block.text, split_sentences(block.text),
                                                                            unbreakable)
    for n, (start, end) in enumerate(spans):
        src: tuple[int, int] | tuple[None, None]
        if block.offsets is not None:
            src = block.offsets[start], block.offsets[end]
            line = doc.line_at(src[0]) if doc is not None and doc.source else block.line_of(start)
        else:
            src, line = (None, None), block.line_of(start)
        yield Segment(first_index + n, block.text[start:end], path, line, start, end,
                      block_index, block.kind, *src)


def segment_document(doc: Document) -> list[Segment]:
    segments: list[Segment] = []
    for i, block in enumerate(doc.blocks):
        segments.extend(segment_block(block, doc.path, len(segments), i, doc))
    return segments
