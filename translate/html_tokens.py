"""HTML source as a flat list of tokens with exact source offsets.

Python's ``html.parser.HTMLParser`` is the tokenizer: it is lenient (an
unclosed tag, a stray ``<``, a bare ``&`` are read on, never raised), it
hands back every construct, comments and declarations included, and its
``getpos()`` tells where each one starts, so every token's raw bytes are a
slice of the source and the skeleton can be kept byte for byte. html5lib is
not installed and gives no source positions; lxml.html (libxml2) builds a
tree without character offsets. What the tree builder of a browser adds
(implied end tags) is done in ``formats_html`` over these tokens.

``convert_charrefs=False`` keeps entities and character references as
tokens of their own, so that they can be shown decoded to translators and
written back exactly as the source wrote them.
"""

from __future__ import annotations

import html.parser
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.entities import html5

# Attribute syntax as HTMLParser reads it: used to find where each
# attribute's value lies inside the raw start tag. These are html.parser's own
# (private) patterns, on purpose, so that offsets agree with what it parsed;
# typeshed leaves private names out of its stubs, hence getattr.
_ATTR: re.Pattern[str] = getattr(html.parser, "attrfind_tolerant")
_TAGNAME: re.Pattern[str] = getattr(html.parser, "tagfind_tolerant")


@dataclass
class Token:
    kind: str          # text, entity, start, end, startend, comment, decl, pi
    start: int         # offsets in the source
    end: int = -1
    tag: str = ""
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    value: str = ""    # text: raw; entity: decoded; comment: raw

    def attr(self, name: str) -> str | None:
        for k, v in self.attrs:
            if k == name:
                return v
        return None


class _Recorder(html.parser.HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.tokens: list[Token] = []

    def _at(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _add(self, tok: Token) -> None:
        self.tokens.append(tok)

    def handle_starttag(self, tag, attrs):
        self._add(Token("start", self._at(), tag=tag, attrs=attrs))

    def handle_startendtag(self, tag, attrs):
        self._add(Token("startend", self._at(), tag=tag, attrs=attrs))

    def handle_endtag(self, tag):
        self._add(Token("end", self._at(), tag=tag))

    def handle_data(self, data):
        self._add(Token("text", self._at(), value=data))

    def handle_entityref(self, name):
        # An unknown name is kept as written (the raw slice, filled in by tokenize).
        self._add(Token("entity", self._at(), value=html5.get(name + ";", "")))

    def handle_charref(self, name):
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            value = chr(code) if 0 < code < 0x110000 else "\ufffd"
        except ValueError:
            value = ""
        self._add(Token("entity", self._at(), value=value))

    def handle_comment(self, data):
        self._add(Token("comment", self._at(), value=data))

    def handle_decl(self, decl):
        self._add(Token("decl", self._at()))

    def unknown_decl(self, data):
        self._add(Token("decl", self._at()))

    def handle_pi(self, data):
        self._add(Token("pi", self._at()))


def tokenize(source: str) -> tuple[list[Token], list[int]]:
    """Tokens covering the whole source, in order, and the line start offsets."""
    rec = _Recorder(source)
    rec.feed(source)
    rec.close()
    toks = rec.tokens
    # Each token ends where the next begins; HTMLParser may deliver one text run
    # in several calls, and they are merged so that a word is never cut in two.
    merged: list[Token] = []
    for i, t in enumerate(toks):
        t.end = toks[i + 1].start if i + 1 < len(toks) else len(source)
        if t.end <= t.start:
            continue
        if t.kind == "entity" and not t.value:
            t.value = source[t.start:t.end]
        if t.kind == "text":
            t.value = source[t.start:t.end]
            if merged and merged[-1].kind == "text":
                merged[-1].end = t.end
                merged[-1].value = source[merged[-1].start:t.end]
                continue
        merged.append(t)
    return merged, rec.line_starts


def line_of(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset)


def attribute_spans(source: str, tok: Token) -> dict[str, tuple[int, int, str]]:
    """name -> (start, end, quote) of each attribute value in the raw start tag.

    The first occurrence of a name wins, as in browsers. Attributes without a
    value are left out."""
    raw = source[tok.start:tok.end]
    m = _TAGNAME.match(raw, 1)
    out: dict[str, tuple[int, int, str]] = {}
    if not m:
        return out
    pos = m.end()
    while True:
        a = _ATTR.match(raw, pos)
        if not a or a.end() == pos:
            break
        name, value = a.group(1).lower(), a.group(3)
        if value is not None and name not in out:
            vstart = a.start(3)
            quote = value[:1] if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) > 1 else ""
            s = tok.start + vstart + len(quote)
            out[name] = (s, tok.start + vstart + len(value) - len(quote), quote)
        pos = a.end()
    return out


def shown_tag(tok: Token) -> str:
    """A tag as Translate Toolkit's html2po shows it in a msgid: lower-case
    name, attributes in source order with decoded values in double quotes,
    ``<br />`` for a self-closed tag. Unlike html2po, a value's ``"``, ``<`` and ``>``
    are escaped, so that the tag stays one tag (html2po writes ``title="x < y"``)."""
    if tok.kind == "end":
        return f"</{tok.tag}>"
    attrs = "".join(f" {k}" if v is None else f' {k}="{_quoted(v)}"' for k, v in tok.attrs)
    return f"<{tok.tag}{attrs}{' /' if tok.kind == 'startend' else ''}>"


def _quoted(value: str) -> str:
    return value.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
