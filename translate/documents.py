"""Reading articles: ``.txt`` (one paragraph per line, as in ``seeds/``) and
``.md`` (see markdown.py). URLs and e-mail addresses are protected spans:
never translated, never touched by term enforcement.

The document model is the contract between readers, the catalogs and
publishing:

- ``Document.source`` is the whole decoded file, as read, and
  ``Document.format`` says which reader made it ("txt", "md", "html").
- ``Block.offsets`` maps every character index ``i`` of ``block.text`` to the
  offset in ``source`` of the character it comes from, plus one final entry
  for the end of the block's last character (``len(text) + 1`` entries).
  Text a reader synthesises (the space that joins two soft-wrapped lines)
  maps to the offset of the first source character it stands for (the line
  break, or the white space before it). ``None`` when there is no source
  file (TMX units).
- Lines are counted as editors count them: only ``\n``, ``\r\n`` and ``\r``
  end a line; U+2028, U+0085 and form feed do not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from glossator.errors import GlossatorError


class UnreadableArticle(GlossatorError):
    """An input is not a readable UTF-8 text file."""


SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_URL = re.compile(r"""(?:https?://|www\.)[^\s<>"'`)\]]+[^\s<>"'`)\].,;:!?]""")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Block:
    text: str
    line: int                     # 1-based line of the first character
    kind: str = "paragraph"       # or "heading"
    line_starts: list[int] = field(default_factory=lambda: [0])  # offsets where lines 2.. begin
    protected: list[tuple[int, int]] = field(default_factory=list)  # spans not to translate
    offsets: list[int] | None = None  # source offset of each character of text, plus the end

    def line_of(self, offset: int) -> int:
        return self.line + bisect_right(self.line_starts, offset) - 1


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(source: str) -> list[int]:
    """Offsets where lines 2.. of ``source`` begin, counting only \\n, \\r\\n and \\r as breaks."""
    return [m.end() for m in _LINE_BREAK.finditer(source)]


def split_lines(source: str) -> list[tuple[int, str]]:
    """(offset, text without its line break) of every line, as an editor counts them."""
    out, pos = [], 0
    for m in _LINE_BREAK.finditer(source):
        out.append((pos, source[pos:m.start()]))
        pos = m.end()
    if pos < len(source):
        out.append((pos, source[pos:]))
    return out


@dataclass
class Document:
    path: str
    blocks: list[Block]
    source: str = ""        # the whole decoded file, as read
    format: str = "txt"     # "txt", "md" or "html": which reader made it

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    def line_at(self, offset: int) -> int:
        """1-based line of the character at ``offset`` in ``source``."""
        if getattr(self, "_starts_for", None) is not self.source:
            self._starts, self._starts_for = line_starts(self.source), self.source
        return bisect_right(self._starts, offset) + 1


def read_text(path: str | Path) -> str:
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES:
        raise UnreadableArticle(f"{p.suffix or 'no suffix'}: not an article format", path=str(p),
                                hint="pass .txt (one paragraph per line), .md or .html files")
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


def protected_spans(text: str, *patterns: re.Pattern) -> list[tuple[int, int]]:
    """Merged spans of URLs, e-mail addresses and whatever ``patterns`` match: never translated."""
    spans = sorted(m.span() for rx in (_URL, _EMAIL, *patterns) for m in rx.finditer(text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def read_document(path: str | Path) -> Document:
    text = read_text(path)
    if Path(path).suffix.lower() in (".html", ".htm"):
        from .formats_html import read_html

        return read_html(str(path), text)
    if Path(path).suffix.lower() == ".txt":
        doc = Document(str(path), _text_blocks(text), text, "txt")
        for b in doc.blocks:
            b.protected = protected_spans(b.text)
        return doc
    from .markdown import markdown_blocks  # markdown-it only for Markdown articles
    return Document(str(path), markdown_blocks(text), text, "md")


def _stripped(offset: int, line: str) -> tuple[str, list[int]] | None:
    """A line's text without surrounding white space, and the offsets of its characters."""
    body = line.strip()
    if not body:
        return None
    lead = offset + len(line) - len(line.lstrip())
    return body, list(range(lead, lead + len(body) + 1))


def _text_blocks(source: str) -> list[Block]:
    blocks = []
    for n, (offset, line) in enumerate(split_lines(source), 1):
        got = _stripped(offset, line)
        if got:
            blocks.append(Block(got[0], n, offsets=got[1]))
    return blocks
