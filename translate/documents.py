"""Reading articles: ``.txt`` (one paragraph per line, as in ``seeds/``) and
``.md`` (headings and paragraphs; fenced code is left out, and inline code
spans and URLs are marked as protected so that they are not translated).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from glossator.errors import GlossatorError


class UnreadableArticle(GlossatorError):
    """An input is not a readable UTF-8 text file."""


SUFFIXES = (".txt", ".md", ".markdown")
_URL = re.compile(r"""(?:https?://|www\.)[^\s<>"'`)\]]+[^\s<>"'`)\].,;:!?]""")
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Block:
    text: str
    line: int                     # 1-based line of the first character
    kind: str = "paragraph"       # or "heading"
    line_starts: list[int] = field(default_factory=lambda: [0])  # offsets where lines 2.. begin
    protected: list[tuple[int, int]] = field(default_factory=list)  # spans not to translate

    def line_of(self, offset: int) -> int:
        return self.line + bisect_right(self.line_starts, offset) - 1


@dataclass
class Document:
    path: str
    blocks: list[Block]

    @property
    def stem(self) -> str:
        return Path(self.path).stem


def read_text(path: str | Path) -> str:
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES:
        raise UnreadableArticle(f"{p.suffix or 'no suffix'}: not an article format", path=str(p),
                                hint="pass .txt (one paragraph per line) or .md files")
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise UnreadableArticle("is a folder", path=str(p), hint="pass the files in it, e.g. seeds/*.txt") from None
    except OSError as exc:
        raise UnreadableArticle(f"cannot read: {exc.strerror}", path=str(p)) from None
    if b"\x00" in data:
        raise UnreadableArticle("binary file (NUL bytes)", path=str(p), line=data.count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableArticle(
            f"not UTF-8 (byte 0x{data[exc.start]:02x})", path=str(p), line=data.count(b"\n", 0, exc.start) + 1,
            hint="convert it first, e.g. iconv -f cp1252 -t utf-8",
        ) from None


def _protected(text: str, markdown: bool) -> list[tuple[int, int]]:
    spans = [m.span() for m in _URL.finditer(text)] + [m.span() for m in _EMAIL.finditer(text)]
    if markdown:
        spans += [m.span() for m in _CODE.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def read_document(path: str | Path) -> Document:
    text = read_text(path)
    markdown = Path(path).suffix.lower() != ".txt"
    lines = text.splitlines()
    blocks = _markdown_blocks(lines) if markdown else [
        Block(line.strip(), n) for n, line in enumerate(lines, 1) if line.strip()
    ]
    for b in blocks:
        b.protected = _protected(b.text, markdown) if markdown else _protected(b.text, False)
    return Document(str(path), blocks)


def _markdown_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    para: list[tuple[int, str]] = []
    in_fence = False

    def flush():
        if para:
            text, starts = "", []
            for i, (_, line) in enumerate(para):
                if i:
                    text += " "
                    starts.append(len(text))
                text += line.strip()
            blocks.append(Block(text, para[0][0], "paragraph", [0] + starts))
            para.clear()

    for n, line in enumerate(lines, 1):
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            if heading[2]:
                blocks.append(Block(heading[2], n, "heading"))
        elif not line.strip():
            flush()
        else:
            para.append((n, line))
    flush()
    return blocks
