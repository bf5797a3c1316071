"""Markdown articles, parsed with markdown-it-py (CommonMark, plus GFM tables).

Translatable: headings, paragraphs (in lists, nested lists and block
quotes too), table cells, and the ``title:`` and ``description:`` values of
YAML front matter. A block's text is its inline Markdown as written, soft
line breaks joined by a space (as mdpo shows it), so emphasis, links and
images stay inside the sentence. Code spans, link and image destinations,
autolinks, inline HTML, URLs and e-mail addresses are protected spans:
never translated and never touched by term enforcement. Fenced and indented
code, HTML blocks and link reference definitions are not blocks at all.

markdown-it gives each block its source lines; the reader finds the
inline content inside those lines (after the ``>``, list marker or
indentation that the parser removed) to map every character of the text to
its offset in the file.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from .documents import Block, protected_spans, split_lines

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_DESTINATION = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)|\]\[[^\]]*\]")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->")
# What a Markdown sentence keeps verbatim, besides URLs and e-mail addresses (also read by po/check.py).
PROTECTED = (_CODE, _DESTINATION, _TAG)

_FM_KEY = re.compile(r"^(title|description)[ \t]*:[ \t]*(.*?)[ \t]*$")


def _front_matter(lines: list[tuple[int, str]]) -> tuple[int, list[Block]]:
    """Number of lines the front matter takes, and its translatable values."""
    if not lines or lines[0][1].rstrip() != "---":
        return 0, []
    end = next((i for i, (_, text) in enumerate(lines[1:], 1) if text.rstrip() in ("---", "...")), None)
    if end is None:
        return 0, []
    blocks = []
    for n in range(1, end):
        offset, text = lines[n]
        m = _FM_KEY.match(text)
        if not m or not m[2] or m[2][0] in "|>&*!{[#":
            continue  # not a key we translate, or a block scalar / anchor / flow value: left as it is
        value, at = m[2], m.start(2)
        if value[0] in "\"'" and len(value) > 1 and value[-1] == value[0]:
            value, at = value[1:-1], at + 1
        elif " #" in value:
            value = value[:value.index(" #")].rstrip()
        if value.strip():
            start = offset + at
            blocks.append(Block(value, n + 1, "front-matter", offsets=list(range(start, start + len(value) + 1))))
    return end + 1, blocks


def _locate(line: str, content: str) -> int:
    """Where the parser's ``content`` of a line starts in the source ``line``, or -1."""
    stripped, body = line.rstrip(" \t"), content.rstrip(" \t")
    if body and stripped.endswith(body):
        return len(stripped) - len(body)
    return line.rfind(content) if content else -1


def _inline_block(content: str, first: int, lines: list[tuple[int, str]], kind: str) -> Block | None:
    text, offsets, starts = "", list[int](), [0]
    for k, part in enumerate(content.split("\n")):
        if first + k >= len(lines):
            return None
        offset, line = lines[first + k]
        p = _locate(line, part)
        body = part.strip(" \t")
        if p < 0:
            return None
        if not body:
            continue
        lead = offset + p + len(part) - len(part.lstrip(" \t"))
        if offsets:
            text += " "   # stands for the line's end: the previous line's final offset entry
            starts.append(len(text))
        text += body
        offsets += range(lead, lead + len(body) + 1)
    if not text:
        return None
    return Block(text, first + 1, kind, starts, offsets=offsets)


def _cell_blocks(cells: list[str], row: int, lines: list[tuple[int, str]]) -> list[Block]:
    offset, line = lines[row]
    blocks, pos = [], 0
    for content in cells:
        body = content.strip()
        if not body:
            continue
        p = line.find(body, pos)
        if p < 0:  # an escaped pipe the parser unescaped: look for the text as written
            body = body.replace("|", "\\|")
            p = line.find(body, pos)
        if p < 0:
            continue  # cannot be mapped to the source: left untranslated rather than broken
        blocks.append(Block(body, row + 1, "paragraph", offsets=list(range(offset + p, offset + p + len(body) + 1))))
        pos = p + len(body)
    return blocks


def markdown_blocks(source: str) -> list[Block]:
    lines = split_lines(source)
    skip, blocks = _front_matter(lines)
    parsed = source
    if skip:  # the parser sees blank lines where the front matter is, so line numbers still match
        parsed = "\n" * skip + "".join(source[lines[skip][0]:] if skip < len(lines) else "")
    tokens = _PARSER.parse(parsed)
    kind, row, cells = "paragraph", None, list[str]()
    for t in tokens:
        if t.type == "heading_open":
            kind = "heading"
        elif t.type == "heading_close":
            kind = "paragraph"
        elif t.type == "tr_open":
            assert t.map is not None  # block tokens carry their source lines
            row, cells = t.map[0], []
        elif t.type == "tr_close" and row is not None:
            blocks += _cell_blocks(cells, row, lines)
            row = None
        elif t.type == "inline" and row is not None:
            cells.append(t.content)
        elif t.type == "inline" and t.map:
            block = _inline_block(t.content, t.map[0], lines, kind)
            if block:
                blocks.append(block)
    for b in blocks:
        b.protected = protected_spans(b.text, *PROTECTED)
    return [b for b in blocks if _has_words(b)]


def _has_words(block: Block) -> bool:
    """False for a block that is nothing but code, URLs and markup (a table cell `n/a`): no msgid."""
    text, pos = "", 0
    for s, e in block.protected:
        text += block.text[pos:s]
        pos = e
    return any(ch.isalpha() for ch in text + block.text[pos:])
