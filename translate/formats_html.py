"""HTML articles (``.html``/``.htm``): the translatable text, with inline markup.

What is translatable, after the HTML standard and Translate Toolkit's html2po:

* the text of block elements (``p``, ``h1``-``h6``, ``li``, ``td``, ``th``,
  ``blockquote``, ``figcaption``, ``dt``, ``dd``, ``caption``, ``div``...)
  and ``<title>``; text directly inside a container between its blocks is a
  block of its own, as html2po splits it;
* the attributes ``alt``, ``title``, ``placeholder``, ``aria-label``,
  ``abbr`` (``th``), ``label`` (``option``, ``track``) and the ``content``
  of ``<meta name="description">`` (and its Open Graph / Twitter forms).

Not translatable: anything under ``translate="no"`` (inherited, and undone
by ``translate="yes"``) or ``class="notranslate"``, and the content of
``code``, ``pre``, ``kbd``, ``samp``, ``script``, ``style``, ``template``,
``textarea``, ``svg`` and ``math``.

Inline markup (``a``, ``em``, ``strong``, ``span``, ``b``, ``i``, ``br``...)
stays in the sentence, shown as html2po shows it: ``<a href="/x">``, with
decoded attribute values in double quotes. Markup that only wraps a whole
block (``<p><a>All of it</a></p>``) stays outside the msgid, as in html2po.
Each tag, comment, and each untranslatable inline element (``<code>x</code>``)
is a protected span, so it crosses machine translation as one placeholder;
a sentence is never cut inside an inline element.

Entities and character references are shown decoded (``&nbsp;`` as U+00A0,
``&#8212;`` as ``—``), except ``&amp;``, ``&lt;``, ``&gt;``, which stay as
written, as in html2po. Unlike html2po, white space is collapsed without
folding a no-break space into a plain one (html2po's ``\\s+`` loses it), and a
comment inside a sentence stays in place in the msgid instead of moving to
a note, so that it is written back where it was.

A browser's tree builder closes some elements implicitly (``<p>`` before a
block, ``<li>`` before the next ``<li>``...); this module does the same for
the elements that delimit text. Markup a browser would repair (a stray end
tag, an inline element left open at the end of its block, an unterminated
tag) is kept as written and reported as an ``HtmlMarkupWarning`` naming
file and line.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from glossator.errors import GlossatorWarning

from .documents import Block, Document, line_starts, protected_spans
from .html_tokens import Token, attribute_spans, line_of, shown_tag, tokenize

INLINE = frozenset("""a abbr acronym b bdi bdo big br cite code data del dfn em font i img ins kbd mark nobr
q rp rt ruby s samp small span strike strong sub sup time tt u var wbr""".split())
VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
OPAQUE = frozenset("code pre kbd samp script style template textarea svg math".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6 title".split())
# Start tags that close an open <p> (the HTML standard's list, in short).
CLOSES_P = frozenset("""address article aside blockquote details dialog div dl fieldset figcaption figure footer
form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul""".split())
# An open element of the key is closed by a start tag of any of these.
IMPLIED = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option", "optgroup"},
           "td": {"td", "th", "tr", "tbody", "thead", "tfoot"}, "th": {"td", "th", "tr", "tbody", "thead", "tfoot"},
           "tr": {"tr", "tbody", "thead", "tfoot"}, "thead": {"tbody", "tfoot"}, "tbody": {"tbody", "tfoot"}}
TRANSLATABLE_ATTRS = {"alt": None, "title": None, "placeholder": None, "aria-label": None,
                      "abbr": {"th"}, "label": {"option", "optgroup", "track"}}
META_NAMES = frozenset("description og:title og:description twitter:title twitter:description".split())
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class HtmlMarkupWarning(GlossatorWarning):
    """Markup a browser would repair; kept as written."""


@dataclass
class HtmlBlock(Block):
    unbreakable: list[tuple[int, int]] = field(default_factory=list)  # no sentence break inside


@dataclass
class _Open:
    tag: str
    translate: bool
    start: Token


def _translate_flag(tok: Token, inherited: bool) -> bool:
    value = tok.attr("translate")
    if value is not None and value.strip().lower() in ("yes", "", "no"):
        return value.strip().lower() != "no"
    if "notranslate" in (tok.attr("class") or "").split():
        return False
    return inherited


class _Reader:
    def __init__(self, path: str, source: str):
        self.path, self.source = path, source
        self.tokens, _ = tokenize(source)
        self.editor_lines = [0] + line_starts(source)
        self.stack: list[_Open] = []
        self.blocks: list[HtmlBlock] = []
        self.run: list[tuple[Token, bool, str]] = []  # token, translatable, innermost block tag

    # --- the element stack, with a browser's implied end tags -------------------------
    @property
    def translating(self) -> bool:
        return (self.stack[-1].translate if self.stack else True) and not any(o.tag in OPAQUE for o in self.stack)

    def _block_tag(self) -> str:
        return next((o.tag for o in reversed(self.stack) if o.tag not in INLINE), "body")

    def line(self, offset: int) -> int:
        """The line as editors count it (\r\n, \r or \n end a line)."""
        return line_of(self.editor_lines, offset)

    def warn(self, offset: int, message: str) -> None:
        warnings.warn(HtmlMarkupWarning(f"{self.path}:{self.line(offset)}: {message}; kept as written"),
                      stacklevel=3)

    def _pop_until(self, index: int, closer: Token) -> None:
        for o in self.stack[index + 1:]:
            if o.tag in INLINE and self.translating:
                closing = f"</{closer.tag}>" if closer.kind == "end" else f"<{closer.tag}>"
                self.warn(o.start.start, f"<{o.tag}> is not closed before {closing}")
        del self.stack[index:]

    def _implied_close(self, tok: Token) -> None:
        if tok.tag in CLOSES_P:
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i].tag == "p":
                    self._pop_until(i, tok)
                    break
                if self.stack[i].tag not in INLINE:
                    break
        while self.stack and tok.tag in IMPLIED.get(self.stack[-1].tag, ()):
            self.stack.pop()

    # --- reading ------------------------------------------------------------------------
    def read(self) -> list[HtmlBlock]:
        for tok in self.tokens:
            if tok.kind in ("start", "startend"):
                self.start_tag(tok)
            elif tok.kind == "end":
                self.end_tag(tok)
            else:
                if tok.kind == "text" and self.translating and re.search(r"<[a-zA-Z/!?]", tok.value):
                    self.warn(tok.start + tok.value.index("<"), "unterminated tag read as text")
                self.run.append((tok, self.translating, self._block_tag()))
        self.flush()
        # an attribute after a block's text (a trailing <img alt>) was read first
        self.blocks.sort(key=lambda b: (b.offsets or [0])[0])  # the reader gives every block offsets
        return self.blocks

    def start_tag(self, tok: Token) -> None:
        inline = tok.tag in INLINE
        if not inline:
            self.flush()
            self._implied_close(tok)
        parent = self.stack[-1].translate if self.stack else True
        opened = _Open(tok.tag, _translate_flag(tok, parent), tok)
        # An inline tag counts as translatable as its content: <code>, or a span with
        # translate="no", is then one untranslatable piece, start tag to end tag.
        inner = opened.translate and tok.tag not in OPAQUE and not any(o.tag in OPAQUE for o in self.stack)
        if inline:
            self.run.append((tok, inner, self._block_tag()))
        else:
            self.attributes(tok, inner)
        if tok.kind == "start" and tok.tag not in VOID:
            self.stack.append(opened)

    def end_tag(self, tok: Token) -> None:
        index = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].tag == tok.tag), None)
        inline = tok.tag in INLINE
        if not inline:
            self.flush()
        if index is None:
            if self.translating and tok.tag not in VOID:
                self.warn(tok.start, f"</{tok.tag}> closes no open element")
            if inline:
                self.run.append((tok, self.translating, self._block_tag()))
            return
        if inline:
            translating = self.translating
            self._pop_until(index, tok)
            self.run.append((tok, translating, self._block_tag()))
        else:
            self._pop_until(index, tok)

    # --- attributes -------------------------------------------------------------------------
    def attributes(self, tok: Token, translatable: bool) -> None:
        if not translatable or tok.tag in ("script", "style"):
            return
        spans = attribute_spans(self.source, tok)
        names = [n for n, tags in TRANSLATABLE_ATTRS.items() if tags is None or tok.tag in tags]
        if tok.tag == "meta" and ((tok.attr("name") or tok.attr("property") or "").lower() in META_NAMES):
            names.append("content")
        for name in names:
            if name in spans:
                s, e, _ = spans[name]
                block = self.attribute_block(s, e)
                if block is not None:
                    self.blocks.append(block)

    def attribute_block(self, s: int, e: int) -> HtmlBlock | None:
        return self.make_block(tokenize_attribute(self.source, s, e), "attribute", [])

    # --- runs of text and inline markup -------------------------------------------------
    def flush(self) -> None:
        run, self.run = self.run, []
        text_at = [i for i, (t, ok, _) in enumerate(run)
                   if ok and t.kind in ("text", "entity") and _has_text(t)]
        if not text_at:
            for t, ok, _ in run:
                if t.kind in ("start", "startend"):
                    self.attributes(t, ok)
            return
        first, last = text_at[0], text_at[-1] + 1
        pairs = _pairs(run)
        # widen to the start and end tags of the elements the text is in, as html2po does
        changed = True
        while changed:
            changed = False
            for i in range(first, last):
                j = pairs.get(i)
                if j is not None and not first <= j < last:
                    first, last, changed = min(first, j), max(last, j + 1), True
        for i, (t, ok, _) in enumerate(run):
            if (i < first or i >= last) and t.kind in ("start", "startend"):
                self.attributes(t, ok)
        kind = "heading" if run[text_at[0]][2] in HEADINGS else "paragraph"
        block = self.make_block([(t, ok) for t, ok, _ in run[first:last]], kind, pairs_in(pairs, first, last))
        if block is not None:
            self.blocks.append(block)

    def make_block(self, items: list[tuple[Token, bool]], kind: str, pairs: list[tuple[int, int]]) -> HtmlBlock | None:
        text: list[str] = []
        offsets: list[int] = []
        protected: list[tuple[int, int]] = []
        element_of: dict[int, tuple[int, int]] = {}   # item index -> its span in the text
        space = True                                 # collapse leading white space
        opaque_from: int | None = None
        for n, (t, ok) in enumerate(items):
            begin = len(text)
            if not ok:
                if opaque_from is None:
                    opaque_from = len(text)
                shown = self.source[t.start:t.end] if t.kind not in ("start", "end", "startend") else shown_tag(t)
                text.extend(shown)
                offsets.extend([t.start] * len(shown))
                space = False
            else:
                if opaque_from is not None:
                    protected.append((opaque_from, len(text)))
                    opaque_from = None
                if t.kind == "text":
                    for k, ch in enumerate(t.value):
                        if _HTML_SPACE.fullmatch(ch):
                            if not space:
                                text.append(" ")
                                offsets.append(t.start + k)
                            space = True
                        else:
                            text.append(ch)
                            offsets.append(t.start + k)
                            space = False
                elif t.kind == "entity":
                    raw = self.source[t.start:t.end]
                    shown = raw if t.value in ("&", "<", ">") and raw.endswith(";") else t.value
                    text.extend(shown)
                    offsets.extend([t.start] * len(shown))
                    space = False
                else:
                    shown = shown_tag(t) if t.kind in ("start", "end", "startend") else self.source[t.start:t.end]
                    text.extend(shown)
                    offsets.extend([t.start] * len(shown))
                    protected.append((begin, len(text)))
                    space = False
            element_of[n] = (begin, len(text))
        if opaque_from is not None:
            protected.append((opaque_from, len(text)))
        end = items[-1][0].end if items else 0
        while text and text[-1] == " ":
            text.pop()
            end = offsets.pop()
        joined = "".join(text)
        if not joined.strip():
            return None
        offsets.append(end)
        unbreakable = [(element_of[a][0], element_of[b][1]) for a, b in pairs]
        spans = _merge(protected + protected_spans(joined))
        line = self.line(offsets[0])
        starts = [0] + [i for i in range(1, len(joined)) if self.line(offsets[i]) > self.line(offsets[i - 1])]
        return HtmlBlock(joined, line, kind, starts, spans, offsets, _merge(spans + unbreakable))


def _has_text(t: Token) -> bool:
    return t.kind == "entity" or bool(_HTML_SPACE.sub("", t.value))


def _pairs(run) -> dict[int, int]:
    """Index of each inline start tag <-> index of its end tag, within a run."""
    out: dict[int, int] = {}
    open_: list[int] = []
    for i, (t, _, _) in enumerate(run):
        if t.kind == "start" and t.tag not in VOID:
            open_.append(i)
        elif t.kind == "end":
            for k in range(len(open_) - 1, -1, -1):
                if run[open_[k]][0].tag == t.tag:
                    out[open_[k]], out[i] = i, open_[k]
                    del open_[k:]
                    break
    return out


def pairs_in(pairs: dict[int, int], first: int, last: int) -> list[tuple[int, int]]:
    return sorted((a - first, b - first) for a, b in pairs.items() if a < b and first <= a and b < last)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def tokenize_attribute(source: str, s: int, e: int) -> list[tuple[Token, bool]]:
    """An attribute value as text and entity tokens, offsets in the whole source."""
    out: list[tuple[Token, bool]] = []
    sub, _ = tokenize(source[s:e].replace("<", "\x00"))  # a value holds no tags
    for t in sub:
        kind = "entity" if t.kind == "entity" else "text"
        value = t.value.replace("\x00", "<")
        out.append((Token(kind, t.start + s, t.end + s, value=value), True))
    return out


def read_html(path: str, source: str) -> Document:
    return Document(path, list[Block](_Reader(path, source).read()), source, "html")
