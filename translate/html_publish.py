"""Publishing hooks for HTML articles: a msgstr back into the page's own markup.

A msgid shows tags as html2po does (``<a href="/x">``) and entities decoded
(``&nbsp;`` as U+00A0). On the way back every tag of a translation is
replaced by the bytes the source wrote for it (``<A HREF='/x'>`` stays
so), and every character the source sentence wrote as an entity or a
character reference is written that way again. A tag the source sentence
does not have, or a source tag the translation lost, cannot be kept
exactly: publishing stops with the catalog entry's reference, never writes
changed markup. ``<html lang>`` is set to the target language.
"""

from __future__ import annotations

import re

from glossator.errors import GlossatorError

from .documents import Document
from .html_tokens import attribute_spans, shown_tag, tokenize
from .segment import Segment

# A tag or a comment in a translation. Stricter than pofilter's ``<[^>]+>`` so
# that a "<" in running text ("x < y") is not read as the start of a tag.
MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)


class MarkupMismatch(GlossatorError):
    """A translation's tags differ from its source sentence's."""


def _source_markup(doc: Document, seg: Segment) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Shown form -> raw source bytes of each tag and comment of the sentence (in order),
    and decoded character -> the entity the source wrote for it."""
    fragment = doc.source[seg.src_start:seg.src_end]
    tags: dict[str, list[str]] = {}
    entities: dict[str, str] = {}
    tokens, _ = tokenize(fragment)
    for t in tokens:
        raw = fragment[t.start:t.end]
        if t.kind in ("start", "end", "startend"):
            tags.setdefault(shown_tag(t), []).append(raw)
        elif t.kind == "comment":
            tags.setdefault(raw, []).append(raw)
        elif t.kind == "entity" and t.value not in ("&", "<", ">") and len(t.value) == 1:
            entities.setdefault(t.value, raw)
    return tags, entities


def escape(text: str, doc: Document, seg: Segment) -> str:
    if seg.kind == "attribute":
        return _attribute(text, doc, seg)
    tags, entities = _source_markup(doc, seg)
    out: list[str] = []
    pos = 0

    def plain(chunk: str) -> str:
        return "".join(entities.get(ch, ch) for ch in chunk)

    for m in MARKUP.finditer(text):
        out.append(plain(text[pos:m.start()]))
        raws = tags.get(m.group()) or _retitled(m.group(), tags)
        if not raws:
            raise MarkupMismatch(f"the translation has {m.group()!r}, which the source sentence does not have",
                                 path=seg.path, line=seg.line,
                                 hint="copy the tags of the msgid into the msgstr (glossator check lists them)")
        out.append(raws.pop(0))
        pos = m.end()
    out.append(plain(text[pos:]))
    lost = [shown for shown, raws in tags.items() for _ in raws]
    if lost:
        raise MarkupMismatch(f"the translation lost {', '.join(map(repr, lost))} of the source sentence",
                             path=seg.path, line=seg.line,
                             hint="copy the tags of the msgid into the msgstr (glossator check lists them)")
    return "".join(out)


CHANGEABLE = ("alt", "title")  # attribute values a translation may change inside a tag, as in pofilter


def _retitled(shown: str, tags: dict[str, list[str]]) -> list[str] | None:
    """A source tag whose alt/title the translator translated in the msgstr: its raw
    bytes with only those values replaced, escaped for their quotes."""
    tokens, _ = tokenize(shown)
    if len(tokens) != 1 or tokens[0].kind not in ("start", "startend"):
        return None
    new = tokens[0]
    for key, raws in tags.items():
        if not raws:
            continue
        old_tokens, _ = tokenize(raws[0])
        old = old_tokens[0]
        same = lambda t: [(k, v) for k, v in t.attrs if k not in CHANGEABLE]  # noqa: E731
        if old.tag != new.tag or old.kind != new.kind or same(old) != same(new) or \
                [k for k, _ in old.attrs] != [k for k, _ in new.attrs]:
            continue
        raw = raws.pop(0)
        spans = attribute_spans(raw, old)
        for name in sorted(CHANGEABLE, key=lambda n: -spans.get(n, (0,))[0]):
            if name in spans and new.attr(name) != old.attr(name):
                s, e, quote = spans[name]
                value = new.attr(name) or ""
                value = value.replace(quote, "&quot;" if quote == '"' else "&#39;") if quote else f'"{value}"'
                raw = raw[:s] + value + raw[e:]
        return [raw]
    return None


def _attribute(text: str, doc: Document, seg: Segment) -> str:
    """An attribute value: entities as the source wrote them, its quote escaped; an
    unquoted value that needs quotes gets double quotes."""
    _, entities = _source_markup(doc, seg)
    value = "".join(entities.get(ch, ch) for ch in text)
    quote = doc.source[seg.src_start - 1:seg.src_start] if seg.src_start else ""
    if quote == '"':
        return value.replace('"', "&quot;")
    if quote == "'":
        return value.replace("'", "&#39;")
    if re.search(r"""[\s"'=<>`]""", value) or not value:
        return '"' + value.replace('"', "&quot;") + '"'
    return value


def finish(out: str, doc: Document, lang: str) -> str:
    """``<html lang>`` set to the target language (added when the tag has none)."""
    tokens, _ = tokenize(out)
    html = next((t for t in tokens if t.kind in ("start", "startend") and t.tag == "html"), None)
    if html is None:
        return out
    spans = attribute_spans(out, html)
    if "lang" in spans:
        s, e, _ = spans["lang"]
        return out[:s] + lang + out[e:]  # a language tag needs no quotes
    # none (or a bare `lang`): the first attribute wins in a browser, so it goes first
    at = html.start + len("<html")
    return out[:at] + f' lang="{lang}"' + out[at:]
