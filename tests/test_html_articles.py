"""HTML articles: what is translatable, inline markup through MT and back,
byte-for-byte publishing, and malformed pages."""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import lxml.html
import polib
import pytest
from conftest import requires_apertium, toolkit

from glossator.translate import enforce
from glossator.translate.documents import read_document
from glossator.translate.formats_html import HtmlMarkupWarning
from glossator.translate.rebuild import rebuild
from glossator.translate.segment import segment_document

ARTICLES = Path(__file__).parent / "data" / "articles"
PAGE = ARTICLES / "celac_forum.html"
MALFORMED = ARTICLES / "malformed.html"
HTML_FIXTURES = [PAGE, MALFORMED]


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HtmlMarkupWarning)
        return read_document(path)


def _msgids(path) -> list[str]:
    return [s.text for s in segment_document(_read(path))]


def test_translatable_text_of_a_cms_page():
    ids = _msgids(PAGE)
    # head: title and meta description; attributes: alt, title, th abbr
    assert ids[:2] == ["China and CELAC open a new chapter — Desk Review",
                       "Ministers of the China-CELAC Forum met in Beijing to plan cooperation for 2025-2027."]
    for wanted in ["What the ministers agreed", "Delegates at the China-CELAC Forum in Beijing", "Year",
                   "Delegates at the opening session.", "Trade between China and Latin America"]:
        assert wanted in ids
    text = " ".join(ids)
    # nav class="notranslate", translate="no", script, style, pre/code blocks, og:type, comments outside text
    for absent in ["Home", "Zhang San", "dataLayer", "font-weight", "GET /api", "article", "photo: Xinhua",
                   "CMS: header"]:
        assert absent not in text, absent


def test_inline_markup_stays_in_the_sentence_as_html2po_shows_it():
    ids = _msgids(PAGE)
    assert ('Delegates from the <a href="/celac">Community of Latin American and Caribbean States</a> (CELAC) '
            "attended.") in ids
    # entities decoded except &amp;; the no-break space is kept (html2po would fold it into a space)
    assert "Officials called the <em>Belt and Road Initiative</em> a “shared opportunity” for the region\xa0&amp; " \
           "beyond." in ids
    assert "Trade reached <strong>$518.4 billion</strong> in 2024 — a record." in ids
    # untranslatable inline elements are kept whole; markup around a whole block stays outside
    assert "More scholarships, announced by <span class=\"notranslate\">Wang Yi</span>." in ids
    assert "Cooperation on clean energy" in ids
    block = next(b for b in _read(PAGE).blocks if "<code>" in b.text)
    assert [block.text[s:e] for s, e in block.protected] == ["<code>curl https://example.org/celac.json</code>"]


def test_sentences_never_break_inside_an_element(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<p>He said: <em>We agree. We sign.</em> Then he left. <b>Done.</b></p>", encoding="utf-8")
    assert _msgids(page) == ["He said: <em>We agree. We sign.</em>", "Then he left.", "<b>Done.</b>"]


def test_translate_yes_inside_translate_no_is_translated():
    ids = _msgids(MALFORMED)
    assert "kept apart" in ids and not any("Xinhua" in i for i in ids)


@pytest.mark.parametrize("article", HTML_FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["es", "zh", "pt-BR"])
def test_identity_gives_back_the_page_with_only_html_lang_changed(article, lang):
    doc = _read(article)
    segs = segment_document(doc)
    out = rebuild(doc, segs, [s.text for s in segs], lang).encode("utf-8")
    source = article.read_bytes()
    if article == PAGE:
        assert out == source.replace(b'<html lang="en">', f'<html lang="{lang}">'.encode())
    else:
        assert out == source.replace(b"<HTML>", f'<HTML lang="{lang}">'.encode())


def test_malformed_markup_is_reported_with_file_and_line_and_kept():
    with pytest.warns(HtmlMarkupWarning) as caught:
        read_document(MALFORMED)
    messages = sorted(str(w.message) for w in caught)
    assert messages == [f"{MALFORMED}:6: <b> is not closed before <ul>; kept as written",
                        f"{MALFORMED}:7: </i> closes no open element; kept as written"]
    # the browser's implied end tags: <p> closed by <p>, <li> by <li>
    assert _msgids(MALFORMED)[1:5] == ["First paragraph, never closed.", "Second one with an <b>unclosed bold.",
                                       "One item", "Another item, with a stray </i> end tag."]


def test_tags_cross_mt_as_placeholders_glued_to_their_words():
    text = "Officials called the <em>Belt</em> project."
    masked, slots = enforce.mask(text, [], [(21, 25), (29, 34)])
    assert masked == "Officials called the XP0X Belt XP1X project."
    assert enforce.unmask("Los oficiales llamaron XP0X Belt XP1X al proyecto.", slots, "es") == \
        "Los oficiales llamaron <em>Belt</em> al proyecto."


HAND_ES = {
    "China and CELAC open a new chapter — Desk Review": "China y la CELAC abren un nuevo capítulo — Desk Review",
    "Ministers of the China-CELAC Forum met in Beijing to plan cooperation for 2025-2027.":
        "Los ministros del Foro China-CELAC se reunieron en Beijing para planificar la cooperación de 2025-2027.",
    "China and CELAC open a new chapter": "China y la CELAC abren un nuevo capítulo",
    'The fourth ministerial meeting of the <a href="/tags/china-celac-forum">China-CELAC Forum</a> opened in '
    "Beijing on Tuesday.": 'La cuarta reunión ministerial del <a href="/tags/china-celac-forum">Foro China-CELAC</a> '
                           "se inauguró el martes en Beijing.",
    'Delegates from the <a href="/celac">Community of Latin American and Caribbean States</a> (CELAC) attended.':
        'Asistieron delegados de la <a href="/celac">Comunidad de Estados Latinoamericanos y Caribeños</a> (CELAC).',
    "Officials called the <em>Belt and Road Initiative</em> a “shared opportunity” for the region\xa0&amp; beyond.":
        "Los funcionarios calificaron la <em>Iniciativa de la Franja y la Ruta</em> de «oportunidad compartida» "
        "para la región\xa0&amp; más allá.",
    "Trade reached <strong>$518.4 billion</strong> in 2024 — a record.":
        "El comercio alcanzó <strong>518.400 millones de dólares</strong> en 2024 — un récord.",
    "What the ministers agreed": "Lo que acordaron los ministros",
    "Agreements": "Acuerdos",
    "A joint action plan for 2025-2027.": "Un plan de acción conjunto para 2025-2027.",
    'More scholarships, announced by <span class="notranslate">Wang Yi</span>.':
        'Más becas, anunciadas por <span class="notranslate">Wang Yi</span>.',
    "Cooperation on clean energy": "Cooperación en energías limpias",
    "Trade between China and Latin America": "Comercio entre China y América Latina",
    "Year": "Año",
    "Trade volume": "Volumen comercial",
    "$489.6 billion": "489.600 millones de dólares",
    "$518.4 billion<br>a new high": "518.400 millones de dólares<br>un nuevo máximo",
    "Delegates at the China-CELAC Forum in Beijing": "Delegados en el Foro China-CELAC en Beijing",
    "Delegates at the opening session.": "Delegados en la sesión inaugural.",
    "The data can be fetched with <code>curl https://example.org/celac.json</code> every day.":
        "Los datos se pueden descargar con <code>curl https://example.org/celac.json</code> cada día.",
    "We will work together for a community with a shared future.":
        "Trabajaremos juntos por una comunidad de futuro compartido.",
    "© 2026 Desk Review.": "© 2026 Desk Review.",
    '<a href="/about" title="About the desk">About us</a>':
        '<a href="/about" title="Sobre la redacción">Quiénes somos</a>',
}


def _review(po_path: Path, translations: dict[str, str]) -> None:
    po = polib.pofile(str(po_path))
    for e in po:
        e.msgstr = translations.get(e.msgid, e.msgid)  # numbers alone ("2023") stay
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    po.save(str(po_path))


def _tags(tree) -> list[str]:
    return [el.tag for el in tree.iter() if isinstance(el.tag, str)]


@pytest.mark.usefixtures("fake_engine")
def test_published_spanish_page_has_the_source_tree_and_the_reviewed_text(cli, tmp_path):
    page = tmp_path / PAGE.name
    page.write_bytes(PAGE.read_bytes())
    assert cli("translate", page.name, "--to", "es", "--engine", "fake").exit_code == 0
    _review(tmp_path / "locales" / "es" / "LC_MESSAGES" / "celac_forum.po", HAND_ES)
    r = cli("check", "locales/es/LC_MESSAGES/celac_forum.po")
    assert r.exit_code == 0, r.output
    r = cli("publish", page.name, "--to", "es")
    assert r.exit_code == 0, r.output
    out = (tmp_path / "published" / "es" / page.name).read_text(encoding="utf-8")
    src_tree, out_tree = lxml.html.fromstring(PAGE.read_bytes()), lxml.html.fromstring(out.encode("utf-8"))
    assert _tags(out_tree) == _tags(src_tree)
    assert out_tree.get("lang") == "es"
    assert out_tree.findtext(".//title") == "China y la CELAC abren un nuevo capítulo — Desk Review"
    assert out_tree.find('.//meta[@name="description"]').get("content").startswith("Los ministros del Foro")
    assert out_tree.find(".//img").get("alt") == "Delegados en el Foro China-CELAC en Beijing"
    assert out_tree.find(".//footer//a").get("title") == "Sobre la redacción"
    link = out_tree.find('.//a[@href="/celac"]')
    assert link.text == "Comunidad de Estados Latinoamericanos y Caribeños"
    # entities as the source wrote them, the untranslatable parts untouched
    assert "la región&nbsp;&amp; más allá" in out and "en 2024 &#8212; un récord" in out
    assert '<p class="byline" translate="no">By Zhang San, Beijing</p>' in out
    assert 'window.dataLayer = [{section: "Belt and Road Initiative"}];' in out
    assert "<!-- photo: Xinhua -->" in out and "<!-- CMS: header start -->" in out


@pytest.mark.usefixtures("fake_engine")
def test_publish_refuses_a_translation_that_lost_a_tag(cli, tmp_path):
    page = tmp_path / PAGE.name
    page.write_bytes(PAGE.read_bytes())
    cli("translate", page.name, "--to", "es", "--engine", "fake")
    broken = dict(HAND_ES)
    key = "Trade reached <strong>$518.4 billion</strong> in 2024 — a record."
    broken[key] = "El comercio alcanzó 518.400 millones de dólares en 2024 — un récord."
    po_path = tmp_path / "locales" / "es" / "LC_MESSAGES" / "celac_forum.po"
    _review(po_path, broken)
    r = cli("check", po_path, "--json")
    assert r.exit_code == 1 and '"xmltags"' in r.stdout
    r = cli("publish", page.name, "--to", "es")
    assert r.exit_code == 1
    assert f"{page.name}:24: the translation lost '<strong>', '</strong>'" in r.stderr
    assert not (tmp_path / "published" / "es" / page.name).exists()


@requires_apertium
def test_terms_enforced_across_inline_markup_with_apertium(seeded):
    from glossator.translate.engines.apertium import ApertiumEngine
    from glossator.translate.pipeline import Enforcer, translate_document

    result = translate_document(_read(PAGE), "es", ApertiumEngine(), Enforcer(seeded))
    by_source = {r.segment.text: r for r in result.segments}
    celac = by_source['Delegates from the <a href="/celac">Community of Latin American and Caribbean States</a> '
                      "(CELAC) attended."]
    # the article agrees with the term across the link's start tag: "del" became "de la"
    assert 'de la <a href="/celac">Comunidad de Estados Latinoamericanos y Caribeños</a> (CELAC)' in celac.translation
    assert {a["concept"] for a in celac.outcome.applied} >= {"celac"}
    bri = by_source["Officials called the <em>Belt and Road Initiative</em> a “shared opportunity” for the "
                    "region\xa0&amp; beyond."]
    assert "<em>Iniciativa de la Franja y la Ruta</em>" in bri.translation
    # every tag came back once, none is flagged as altered
    for r in result.segments:
        assert not [f for f in r.outcome.flags if f.startswith("protected text altered")], r.segment.text


def test_cli_reports_kept_markup_as_one_warning_line_each(cli, tmp_path):
    page = tmp_path / MALFORMED.name
    page.write_bytes(MALFORMED.read_bytes())
    r = cli("glossary", "scan", page.name)
    assert r.exit_code == 0
    assert [line for line in r.stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: {page.name}:6: <b> is not closed before <ul>; kept as written",
        f"warning: {page.name}:7: </i> closes no open element; kept as written"]


def test_blocks_read_as_translate_toolkit_html2po_reads_them(tmp_path):
    pot = tmp_path / "page.pot"
    subprocess.run([*toolkit("html2po"), "--pot", str(PAGE), str(pot)], check=True, capture_output=True,
                   cwd=tmp_path)
    theirs = {e.msgid for e in polib.pofile(str(pot))}
    ours = {b.text.replace("\xa0", " ") for b in _read(PAGE).blocks}  # html2po folds the no-break space
    assert ours <= theirs
    # what html2po offers and Glossator deliberately leaves alone: <html lang> (publish sets it),
    # class="notranslate", translate="no", and <pre>
    assert theirs - ours == {
        "en", '<a href="/">Home</a> | <a href="/world">World</a> | <a href="/china">China</a>',
        "By Zhang San, Beijing", "GET /api/celac?year=2024\nAccept: application/json"}


def test_scan_counts_no_term_inside_a_tag(cli, tmp_path):
    page = tmp_path / "a.html"
    page.write_text('<p>Read <a href="/topics/BRICS" title="BRICS">the report</a> on BRICS.</p>', encoding="utf-8")
    r = cli("glossary", "scan", page.name, "--json")
    found = json.loads(r.stdout)["concepts"]
    assert [(c["concept"], c["start"]) for c in found] == [("brics", len('Read <a href="/topics/BRICS" title="BRICS">'
                                                                         "the report</a> on "))]


def test_a_comment_inside_a_sentence_stays_where_it_was(tmp_path):
    from glossator.translate.html_publish import MarkupMismatch

    page = tmp_path / "a.html"
    page.write_text("<p>The forum <!--  check the date --> met on <EM CLASS=day>Tuesday</EM>&nbsp;.</p>\n",
                    encoding="utf-8")
    doc = _read(page)
    segs = segment_document(doc)
    assert [s.text for s in segs] == ['The forum <!--  check the date --> met on <em class="day">Tuesday</em>\xa0.']
    out = rebuild(doc, segs, ['El foro <!--  check the date --> se reunió el <em class="day">martes</em>\xa0.'], "es")
    assert out == "<p>El foro <!--  check the date --> se reunió el <EM CLASS=day>martes</EM>&nbsp;.</p>\n"
    with pytest.raises(MarkupMismatch, match=r"a.html:1: the translation lost '<!--  check the date -->'"):
        rebuild(doc, segs, ['El foro se reunió el <em class="day">martes</em>.'], "es")
