"""Properties over generated HTML pages, well-formed or not: the identity
catalog gives back the page byte for byte, and a translation that keeps the
tags gives a page with the same element tree."""

from __future__ import annotations

import re
import warnings

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossator.translate.documents import read_document
from glossator.translate.formats_html import HtmlMarkupWarning
from glossator.translate.html_publish import MARKUP
from glossator.translate.rebuild import rebuild
from glossator.translate.segment import segment_document

WORDS = ["alpha", "beta", "Beijing", "CELAC", "forum.", "met", "today.", "x < y", "AT&T", "—"]
INLINE = ["<em>{}</em>", "<a href='/x?a=1&amp;b=2'>{}</a>", "<strong>{}</strong>", "<span class=notranslate>{}</span>",
          "<code>{}</code>", "<B>{}</b>", "<i>{}", "{}</i>", "{}<br>", "<!-- note -->{}", "&nbsp;{}", "{}&#8212;",
          "{}&amp;", "<img src=a.png alt='{}'>", "<abbr title=\"{}\">x</abbr>"]
BLOCKS = ["<p>{}</p>", "<p>{}", "<h2>{}</h2>", "<li>{}", "<td>{}</td>", "<div translate=no>{}</div>",
          "<div>{}<p>{}</p></div>", "<figcaption>{}</figcaption>", "<pre>{}</pre>", "<script>{}</script>",
          "<blockquote>\n  {}\n</blockquote>", "{}"]


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
    out = []
    for w in words:
        out.append(draw(st.sampled_from(INLINE)).format(w) if draw(st.booleans()) else w)
    return draw(st.sampled_from([" ", "\n    ", "  "])).join(out)


@st.composite
def pages(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        template = draw(st.sampled_from(BLOCKS))
        blocks.append(template.format(*[draw(sentences()) for _ in range(template.count("{}"))]))
    return "<title>" + draw(sentences()) + "</title>\r\n" + "\n".join(blocks) + "\n"


def _read(tmp_path, page: str):
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HtmlMarkupWarning)
        return read_document(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=pages())
def test_identity_catalog_gives_back_any_page(tmp_path, page):
    doc = _read(tmp_path, page)
    segs = segment_document(doc)
    assert rebuild(doc, segs, [s.text for s in segs], "es") == page
    for s in segs:  # every sentence maps to a range of the source, in order
        assert 0 <= s.src_start < s.src_end <= len(page)


def _translate(text: str) -> str:
    """Words changed, markup left where it is."""
    parts, pos = [], 0
    for m in MARKUP.finditer(text):
        parts += [re.sub(r"\b(alpha|beta|met)\b", "gamma", text[pos:m.start()]), m.group()]
        pos = m.end()
    return "".join(parts + [re.sub(r"\b(alpha|beta|met)\b", "gamma", text[pos:])])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=pages())
def test_a_translation_that_keeps_the_tags_keeps_the_element_tree(tmp_path, page):
    doc = _read(tmp_path, page)
    segs = segment_document(doc)
    out = rebuild(doc, segs, [_translate(s.text) for s in segs], "es")

    def tags(html: str) -> list:
        # alt and title values are translated; every other attribute and every element stays
        return [(e.tag, sorted((k, "" if k in ("alt", "title") else v) for k, v in e.attrib.items()))
                for e in lxml.html.document_fromstring(html).iter() if isinstance(e.tag, str)]

    assert tags(out) == tags(page)
