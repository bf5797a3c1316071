"""The embedded seed glossary covers the desk's official names in en/zh/es/pt."""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import SEED_ARTICLES

from glossator.glossary import exchange
from glossator.glossary.model import Status

DESK = ["en", "zh", "es", "pt"]

# Names the foundation issue requires, as they are written in the articles.
REQUIRED = {
    "celac": "CELAC", "china-celac-forum": "China-CELAC Forum", "belt-and-road-initiative": "Belt and Road Initiative",
    "two-sessions": "Two Sessions", "npc": "NPC", "cppcc": "CPPCC", "cppcc-national-committee": "CPPCC National Committee",
    "global-development-initiative": "Global Development Initiative",
    "global-civilization-initiative": "Global Civilization Initiative",
    "china-lac-community-with-a-shared-future": "China-LAC community of shared future",
    "14th-five-year-plan": "14th Five-Year Plan", "15th-five-year-plan": "15th Five-Year Plan",
    "whole-process-peoples-democracy": "whole-process people's democracy",
    "new-quality-productive-forces": "new productive forces", "chinese-modernization": "Chinese path to modernization",
    "high-quality-development": "high-quality development", "cicg": "CICG", "beijing-review": "Beijing Review",
    "china-hoy": "China Hoy", "apec": "APEC", "brics": "BRICS", "g20": "G20", "mercosur": "MERCOSUR",
    "pacific-alliance": "Pacific Alliance", "alba": "ALBA", "caricom": "CARICOM", "usmca": "USMCA",
    "wto": "World Trade Organization", "one-china-principle": "one-China principle", "global-south": "Global South",
    "confucius-institute": "Confucius Institute", "spring-festival": "Spring Festival",
    "comprehensive-strategic-partnership": "comprehensive strategic partnership", "xi-jinping": "Xi Jinping",
    "wang-yi": "Wang Yi",
}


def _norm(text: str) -> str:
    return re.sub(r"[\u2010-\u2015\uff0d-]", "-", text.replace("\u2019", "'")).casefold()


def test_at_least_sixty_concepts_with_all_desk_languages(seeded):
    concepts = list(seeded.concepts())
    assert len(concepts) >= 60
    complete = [c for c in concepts if all(c.preferred(lang) for lang in DESK)]
    assert len(complete) >= 60


def test_required_names_are_in_the_glossary_and_in_the_articles(seeded):
    corpus = _norm("\n".join(p.read_text(encoding="utf-8") for p in SEED_ARTICLES))
    for cid, written in REQUIRED.items():
        concept = seeded.get(cid)
        assert any(_norm(t.text) == _norm(written) for t in concept.terms_in("en")), (cid, written)
        assert _norm(written) in corpus, f"{written!r} is not in the seed articles"
        for lang in DESK:
            assert concept.preferred(lang), (cid, lang)


def test_required_deprecated_renderings_are_recorded(seeded):
    def status(cid, lang, text):
        return {t.text: t.status for t in seeded.get(cid).terms_in(lang)}[text]

    assert status("belt-and-road-initiative", "es", "Una Franja, Una Ruta") == Status.DEPRECATED
    assert status("belt-and-road-initiative", "pt", "Um Cinturão, Uma Rota") == Status.DEPRECATED
    assert status("community-with-a-shared-future", "es", "comunidad de destino común") == Status.DEPRECATED
    assert seeded.get("belt-and-road-initiative").preferred("es").text == "Iniciativa de la Franja y la Ruta"
    assert "IFR" in [t.text for t in seeded.get("belt-and-road-initiative").terms_in("es")]
    assert [t.text for t in seeded.get("china-celac-forum").terms_in("zh")] == ["中国－拉共体论坛", "中拉论坛"]


def test_every_concept_and_term_has_a_source(seeded):
    for c in seeded.concepts():
        for t in c.terms:
            assert t.source or c.source, (c.id, t.text)


def test_es_and_pt_terms_carry_gender_and_number_where_they_inflect(seeded):
    missing = [(c.id, t.lang, t.text) for c in seeded.concepts() for t in c.terms
               if t.lang in ("es", "pt") and t.status == Status.PREFERRED and c.domain != "person"
               and not t.same_as_source and not (t.gender and t.number)]
    assert missing == []


def test_publications_are_do_not_translate_in_es_and_pt(seeded):
    for cid in ("beijing-review", "china-hoy"):
        c = seeded.get(cid)
        assert c.do_not_translate
        assert c.preferred("es").text == c.preferred("en").text == c.preferred("pt").text
        assert c.preferred("es").same_as_source and c.preferred("zh").text.startswith("《")


def test_csv_export_has_the_desk_header_and_every_article_name(seeded):
    buf = io.StringIO()
    exchange.export(seeded, "csv", buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[0] == ["en", "zh", "es", "pt", "pos", "description"]
    en_cells = {_norm(r[0]) for r in rows[1:]}
    for cid in REQUIRED:
        assert _norm(seeded.get(cid).preferred("en").text) in en_cells
    assert any(r[:4] == ["Belt and Road Initiative", "“一带一路”倡议", "Iniciativa de la Franja y la Ruta",
                         "Iniciativa do Cinturão e Rota"] for r in rows)


@pytest.mark.parametrize("article", SEED_ARTICLES, ids=lambda p: p.stem)
def test_each_seed_article_has_glossary_names(seeded, article):
    text = _norm(article.read_text(encoding="utf-8"))
    found = {c.id for c in seeded.concepts() for t in c.terms_in("en")
             if re.search(r"(?<!\w)" + re.escape(_norm(t.text)) + r"(?!\w)", text)}
    assert len(found) >= 5, found
