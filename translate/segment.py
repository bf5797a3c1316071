"""Articles into segments: paragraphs from the file, sentences from sentencex.

sentencex (Wikimedia's rule-based segmenter, deterministic) knows English
abbreviations (U.S., Feb., Mr., No.), initials (G.P. Wilson), decimals and
money ($518.4 billion), ranges (2021-25), quotes and dashes. One rule is
added on top: it never ends a sentence at an ellipsis, because in news copy
"…" marks an omission inside a quotation far more often than an ending.

Every segment keeps its file, line and character offsets, for PO references.
"""

from __future__ import annotations

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


def segment_block(block: Block, path: str, first_index: int, block_index: int) -> Iterator[Segment]:
    # Headings, and "unit" blocks that are already one segment (a TMX unit), are not split.
    spans = [(0, len(block.text))] if block.kind in ("heading", "unit") else split_sentences(block.text)
    for n, (start, end) in enumerate(spans):
        yield Segment(first_index + n, block.text[start:end], path, block.line_of(start), start, end,
                      block_index, block.kind)


def segment_document(doc: Document) -> list[Segment]:
    segments: list[Segment] = []
    for i, block in enumerate(doc.blocks):
        segments.extend(segment_block(block, doc.path, len(segments), i))
    return segments
