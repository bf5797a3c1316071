"""The verb after a plural subject term agrees with it (translate/verb_agreement.py).

The engine conjugates for the placeholder it saw, which reads as singular; Glossator then
writes the term in the plural. Found on TICO-19 pt: "os desinfetantes para as mãos ...
causou", "Desinfetantes para as mãos não é tão eficaz"."""

from __future__ import annotations

import pytest
from conftest import requires_bergamot

from glossator.translate.verb_agreement import agree_verb, opens_clause


def _agree(text: str, term: str, lang: str) -> str:
    start = text.index(term)
    return agree_verb(text, start, start + len(term), lang)


@pytest.mark.parametrize("text,term,lang,want", [
    ("Em ensaios clínicos, os desinfetantes para as mãos à base de álcool contendo emolientes causou menos irritação.",
     "desinfetantes para as mãos à base de álcool", "pt",
     "Em ensaios clínicos, os desinfetantes para as mãos à base de álcool contendo emolientes causaram "
     "menos irritação."),
    ("Desinfetantes para as mãos não é tão eficaz como sabão e água.", "Desinfetantes para as mãos", "pt",
     "Desinfetantes para as mãos não são tão eficazes como sabão e água."),
    ("Os desinfetantes para as mãos foi recomendado pela OMS.", "desinfetantes para as mãos", "pt",
     "Os desinfetantes para as mãos foram recomendados pela OMS."),
    ("Os casos confirmados tem aumentado.", "casos confirmados", "pt", "Os casos confirmados têm aumentado."),
    ("Los desinfectantes de manos causó menos irritación.", "desinfectantes de manos", "es",
     "Los desinfectantes de manos causaron menos irritación."),
    ("Los desinfectantes de manos no es tan eficaz como el jabón.", "desinfectantes de manos", "es",
     "Los desinfectantes de manos no son tan eficaces como el jabón."),
    ("É por esta razão que os desinfetantes para as mãos não é tão eficaz quanto sabão.",
     "desinfetantes para as mãos", "pt",
     "É por esta razão que os desinfetantes para as mãos não são tão eficazes quanto sabão."),
    ("Las pruebas rápidas permitió detectar casos.", "pruebas rápidas", "es",
     "Las pruebas rápidas permitieron detectar casos."),
])
def test_the_first_verb_after_a_plural_subject_term_takes_the_plural(text, term, lang, want):
    assert _agree(text, term, lang) == want


@pytest.mark.parametrize("text,term,lang", [
    # the verb belongs to another clause, with its own subject
    ("Os desinfetantes para as mãos que o hospital comprou é caro.", "desinfetantes para as mãos", "pt"),
    ("Os desinfetantes para as mãos e o sabão é recomendado.", "desinfetantes para as mãos", "pt"),
    # the term is an object, not the subject: something other than an article comes before it
    ("O hospital comprou desinfetantes para as mãos e foi elogiado.", "desinfetantes para as mãos", "pt"),
    ("A OMS recomenda os desinfetantes para as mãos, que é barato.", "desinfetantes para as mãos", "pt"),
    # after a subordinator without an article: a comparison, not a subject
    ("O sabão é mais eficaz que desinfetantes para as mãos e é barato.", "desinfetantes para as mãos", "pt"),
    # punctuation ends the reach
    ("Os desinfetantes para as mãos, segundo a OMS, é eficaz.", "desinfetantes para as mãos", "pt"),
    # already plural: nothing to do
    ("Os desinfetantes para as mãos são eficazes.", "desinfetantes para as mãos", "pt"),
    # words ending in -ou that are not preterites
    ("Os desinfetantes para as mãos ou o sabão.", "desinfetantes para as mãos", "pt"),
    # not a language it knows
    ("Hand sanitizers is effective.", "Hand sanitizers", "en"),
    ("Die Desinfektionsmittel ist wirksam.", "Desinfektionsmittel", "de"),
])
def test_nothing_changes_where_the_verb_may_not_be_the_terms(text, term, lang):
    assert _agree(text, term, lang) == text


@pytest.mark.parametrize("text,term,lang,want", [
    ("Os desinfetantes é hoje a regra.", "desinfetantes", "pt", "Os desinfetantes são hoje a regra."),  # adverb kept
    ("Os desinfetantes é de uso comum.", "desinfetantes", "pt", "Os desinfetantes são de uso comum."),  # PP kept
    ("Os desinfetantes é possível.", "desinfetantes", "pt", "Os desinfetantes são possíveis."),
    ("Os desinfetantes é isso.", "desinfetantes", "pt", "Os desinfetantes são isso."),  # a pronoun kept
    ("Os desinfetantes foi feito na China.", "desinfetantes", "pt", "Os desinfetantes foram feitos na China."),
    ("Los desinfectantes es fundamental.", "desinfectantes", "es", "Los desinfectantes son fundamentales."),
])
def test_after_a_copula_only_an_adjective_or_participle_takes_the_plural(text, term, lang, want):
    assert _agree(text, term, lang) == want


@pytest.mark.parametrize("text,term,lang,gender,want", [
    ("As duas sessões da China é acompanhado de perto.", "duas sessões", "pt", "feminine",
     "As duas sessões da China são acompanhadas de perto."),
    ("Las pruebas rápidas fue aprobado.", "pruebas rápidas", "es", "feminine", "Las pruebas rápidas fueron aprobadas."),
    ("Os países é pacífica.", "países", "pt", "masculine", "Os países são pacíficos."),
    ("As duas sessões é importante.", "duas sessões", "pt", "feminine", "As duas sessões são importantes."),
    ("As duas sessões é acompanhado.", "duas sessões", "pt", None, "As duas sessões são acompanhados."),
])
def test_the_predicate_takes_the_terms_gender_where_the_glossary_gives_one(text, term, lang, gender, want):
    start = text.index(term)
    assert agree_verb(text, start, start + len(term), lang, gender) == want


def test_a_term_opens_its_clause_after_a_quotation_mark_or_a_comma_but_not_after_a_verb():
    for text, opens in (("“Os desinfetantes", True), ("Além disso, os desinfetantes", True),
                        ("Desinfetantes", True), ("A OMS recomenda os desinfetantes", False)):
        assert opens_clause(text, text.index("esinfetantes") - 1, "pt") is opens, text


@requires_bergamot
def test_bergamot_output_agrees_after_the_placeholder_is_filled_with_a_plural_term(seeded, cli, tmp_path):
    """End to end on the real engine: the TICO-19 sentences that showed the defect."""
    import polib

    terms = tmp_path / "terms.csv"
    terms.write_text("en,pt\nhand sanitizer,desinfetante para as mãos\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert cli("glossary", "--db", str(db), "import", str(terms)).exit_code == 0
    article = tmp_path / "a.txt"
    article.write_text("Hand sanitizers are not as effective as soap and water.\n", encoding="utf-8")
    result = cli("translate", str(article), "--db", str(db), "--to", "pt", "--engine", "bergamot",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [entry] = [e for e in polib.pofile(str(tmp_path / "out" / "pt" / "LC_MESSAGES" / "a.po")) if e.msgid]
    assert "desinfetantes para as mãos" in entry.msgstr.lower()
    assert " é " not in entry.msgstr and "são" in entry.msgstr, entry.msgstr


@requires_bergamot
@pytest.mark.parametrize("source,want,wrong", [
    ("The COVID-19 epidemic has presented enormous challenges to China.", "A epidemia do COVID-19", "As epidemia"),
    ("Hand sanitizers are not as effective as soap and water.", "Desinfetantes para as mãos não são", " é "),
])
def test_a_term_written_in_the_texts_capitals_is_not_taken_for_a_plural(cli, tmp_path, source, want, wrong):
    """TICO-19 pt: the list's "epidemia do covid-19", written "epidemia do COVID-19" as the text
    writes it, was taken for a plural form: "As epidemia do COVID-19 apresentaram"."""
    import polib

    terms = tmp_path / "terms.csv"
    terms.write_text("en,pt\ncovid-19 epidemic,epidemia do covid-19\nhand sanitizer,desinfetante para as mãos\n",
                     encoding="utf-8")
    db = tmp_path / "g.db"
    assert cli("glossary", "--db", str(db), "import", str(terms)).exit_code == 0
    (tmp_path / "a.txt").write_text(source + "\n", encoding="utf-8")
    result = cli("translate", str(tmp_path / "a.txt"), "--db", str(db), "--to", "pt", "--engine", "bergamot",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [entry] = [e for e in polib.pofile(str(tmp_path / "out" / "pt" / "LC_MESSAGES" / "a.po")) if e.msgid]
    assert want in entry.msgstr and wrong not in entry.msgstr, entry.msgstr
