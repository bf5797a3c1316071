"""Glossary notes (term_notes) and the glossary's hold on catalog entries (glossary_sync),
on the seed glossary in a real SQLite file."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossator.translate.pipeline import Enforcer
from glossator.translate import glossary_sync as sync
from glossator.translate.po.term_notes import ARROW, PREFIX, SEPARATOR, note, parse, previous_rendering, with_notes
from glossator.translate import constraints as cons

# Terms hold no line breaks or control characters (import refuses them); the separators are
# spaced punctuation that names do not contain.
text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30).map(
    str.strip).filter(lambda t: t and SEPARATOR.strip() not in t and ARROW.strip() not in t and ": " not in t)
langs = st.sampled_from(["es", "pt", "zh", "es-419", "pt-BR", "zh-Hant", "fr"])


@given(text, st.dictionaries(langs, text, min_size=1, max_size=5))
def test_a_note_reads_back_as_written(surface, renderings):
    assert parse(note(surface, renderings)) == {surface: renderings}


# The other #. lines Glossator writes (provenance), which the notes must leave as they are.
provenance = st.tuples(st.sampled_from(["machine translation: ", "glossary: ", "glossary FAILED: ", "check: ",
                                        "reused from translation memory: "]), text).map("".join)


@given(st.lists(provenance, max_size=4), st.lists(st.tuples(text, st.dictionaries(langs, text, min_size=1)), max_size=3))
def test_with_notes_replaces_the_notes_and_keeps_every_other_line(others, new):
    lines = [note(s, r) for s, r in new]
    comment = "\n".join([note("old", {"es": "viejo"})] + others)
    merged = with_notes(comment, lines)
    assert [line for line in merged.splitlines() if line.startswith(PREFIX)] == lines
    assert [line for line in merged.splitlines() if not line.startswith(PREFIX)] == others
    assert with_notes(merged, lines) == merged  # a re-run with the same glossary changes nothing


@pytest.fixture
def enforcer(seeded):
    return Enforcer(seeded)


def constraints_of(enforcer, sentence, target="es"):
    return cons.build(enforcer.matcher.find(sentence), enforcer.concepts, target)


def test_previous_rendering_prefers_the_recorded_one_then_the_concepts_other_terms(enforcer):
    [c] = constraints_of(enforcer, "They met in Beijing.")
    assert previous_rendering(None, "Se reunieron en Pekín.", c) == "Pekín"  # an admitted term of the concept
    recorded = note("Beijing", {"es": "Pequín"})
    assert previous_rendering(recorded, "Se reunieron en Pequín.", c) == "Pequín"  # no longer in the glossary
    assert previous_rendering(recorded, "Se reunieron en Beijing.", c) is None  # the approved one is not "old"


def test_memory_problems_name_the_term_and_what_the_memory_has(enforcer):
    avoid = enforcer.avoid("es")
    beijing = constraints_of(enforcer, "They met in Beijing.")
    assert sync.memory_problems("Se reunieron en Pekín.", beijing, avoid) == [
        "glossary FAILED: Beijing → Beijing, the memory has the admitted 'Pekín'"]
    assert sync.memory_problems("Se reunieron en Beijing.", beijing, avoid) == []
    npc = constraints_of(enforcer, "The National People's Congress met.")
    assert sync.memory_problems("El Congreso Nacional del Pueblo se reunió.", npc, avoid) == [
        "glossary FAILED: National People's Congress → Asamblea Popular Nacional, "
        "the memory has the deprecated 'Congreso Nacional del Pueblo'"]
    assert sync.memory_problems("La Asamblea Popular Nacional, antes Congreso Nacional del Pueblo, se reunió.",
                                npc, avoid) == ["glossary FAILED: deprecated rendering 'Congreso Nacional del Pueblo'"]


def test_a_fuzzy_entry_follows_a_changed_rendering_and_only_then(enforcer):
    sentence = "The National People's Congress met."
    [c] = constraints_of(enforcer, sentence)
    current = note("National People's Congress", {"es": "Asamblea Popular Nacional"})
    entry = polib.POEntry(msgid=sentence, msgstr="La Asamblea Popular Nacional se reunió.", flags=["fuzzy"],
                          comment=current)
    assert sync._follow(entry, [c], enforcer.avoid("es"), "es") is entry  # the glossary asks nothing new
    old = polib.POEntry(msgid=sentence, msgstr="El Congreso del Pueblo se reunió.", flags=["fuzzy"],
                        comment=note("National People's Congress", {"es": "Congreso del Pueblo"}))
    new = sync._follow(old, [c], enforcer.avoid("es"), "es")
    assert new.msgstr == "La Asamblea Popular Nacional se reunió." and new.fuzzy  # article made to agree
    assert "glossary changed: Congreso del Pueblo → Asamblea Popular Nacional" in new.comment
    assert old.msgstr == "El Congreso del Pueblo se reunió."  # the catalog as read is left alone
    lost = polib.POEntry(msgid=sentence, msgstr="El parlamento se reunió.", flags=["fuzzy"])
    assert sync._follow(lost, [c], enforcer.avoid("es"), "es") is None  # nothing to replace: translate again


def test_notes_wrapped_by_polib_read_back_whole_and_are_not_rewritten(tmp_path):
    """polib (and scripts or tools that save with it) wrap long #. lines at 78 columns, after
    hyphens too; msgcat and msgmerge do not. A re-run must read the note whole and leave it be."""
    lines = [note("China-CELAC Forum", {"es": "Foro China-CELAC", "pt": "Fórum China-CELAC",
                                        "zh": "中国－拉美和加勒比国家共同体论坛"}),
             note("Belt and Road Initiative", {"es": "Iniciativa de la Franja y la Ruta",
                                               "pt": "Iniciativa do Cinturão e Rota"})]
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    comment = "\n".join(lines + ["machine translation: apertium, terms by protect"])
    po.append(polib.POEntry(msgid="x", msgstr="y", comment=comment))
    po.save(str(tmp_path / "wrapped.po"))
    [e] = polib.pofile(str(tmp_path / "wrapped.po"))
    assert e.comment != comment and len(e.comment.splitlines()) > 3  # wrapped indeed
    assert parse(e.comment) == parse(comment)
    assert with_notes(e.comment, lines) == e.comment
    assert with_notes(e.comment, lines[:1]) == "\n".join(lines[:1] + ["machine translation: apertium, terms by protect"])
