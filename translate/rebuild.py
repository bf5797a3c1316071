"""An article rebuilt from its own source with each sentence replaced.

The skeleton (everything between sentences: line breaks, blank lines,
indentation, markup, front matter) is copied byte for byte from
``Document.source``; each segment's range ``[src_start, src_end)`` is
replaced by its translation. A translation equal to the msgid keeps the
original bytes, so that an identity catalog gives back the file exactly,
even where the reader normalised the msgid (soft-wrapped lines joined).

Each format may escape inserted text where it needs to (YAML front-matter
values) and adjust the whole output (HTML's ``<html lang>``): see HOOKS.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from glossator.errors import GlossatorError

from . import html_publish
from .documents import Document
from .segment import Segment

Escape = Callable[[str, Document, Segment], str]
Finish = Callable[[str, Document, str], str]


class UnknownFormat(GlossatorError):
    """A document's format has no publishing hooks."""


@dataclass(frozen=True)
class FormatHooks:
    escape: Escape = lambda text, doc, seg: text   # translated text as the format needs it at that place
    finish: Finish = lambda out, doc, lang: out    # the whole rebuilt article, for the target language


_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|:\s|\s#|\s$|:$""")


def _yaml_scalar(text: str, doc: Document, seg: Segment) -> str:
    """A front-matter value keeps the quoting it had; a plain value that YAML would misread gets quoted."""
    if seg.kind != "front-matter":
        return text
    quote = doc.source[seg.src_start - 1:seg.src_start] if seg.src_start else ""
    if quote == "'":
        return text.replace("'", "''")
    if quote == '"' or _PLAIN_UNSAFE.search(text):
        body = text.replace("\\", "\\\\").replace('"', '\\"')
        return body if quote == '"' else f'"{body}"'
    return text


HOOKS: dict[str, FormatHooks] = {
    "txt": FormatHooks(),
    "md": FormatHooks(escape=_yaml_scalar),
    "html": FormatHooks(escape=html_publish.escape, finish=html_publish.finish),
}

# Languages written without spaces between sentences.
_NO_SPACE_LANGS = ("zh", "ja", "yue")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _joins_without_space(lang: str) -> bool:
    return lang.replace("_", "-").split("-")[0].lower() in _NO_SPACE_LANGS


def rebuild(doc: Document, segments: list[Segment], translations: list[str], lang: str) -> str:
    """``doc.source`` with segment i's range replaced by ``translations[i]``."""
    hooks = HOOKS.get(doc.format)
    if hooks is None:
        raise UnknownFormat(f"no publishing rules for format {doc.format!r}", path=doc.path)
    no_space = _joins_without_space(lang)
    out: list[str] = []
    pos = 0
    prev: Segment | None = None
    prev_changed = False
    for seg, text in zip(segments, translations, strict=True):
        if seg.src_start is None or seg.src_end is None or seg.src_start < pos:
            raise ValueError(f"segment {seg.index} of {doc.path} has no source range in order")
        gap = doc.source[pos:seg.src_start]
        changed = text != seg.text
        new = hooks.escape(text, doc, seg) if changed else doc.source[seg.src_start:seg.src_end]
        # Chinese and Japanese sentences follow each other without a space: drop the spaces
        # between two sentences of one block, one of them translated, both sides written wide.
        if (no_space and prev is not None and prev.block == seg.block and (changed or prev_changed)
                and gap and not gap.strip(" \t") and out[-1] and _wide(out[-1][-1]) and new and _wide(new[0])):
            gap = ""
        out += [gap, new]
        pos, prev, prev_changed = seg.src_end, seg, changed
    out.append(doc.source[pos:])
    return hooks.finish("".join(out), doc, lang)
