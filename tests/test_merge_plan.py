"""``merge.plan`` and ``merge.build`` on their own: which old entry each sentence gets, and why.

Catalogs are real PO text (read by polib, as a run reads them); the built catalog is checked
with GNU ``msgfmt -c``. The whole run, engines included, is tested in test_catalogs.py and
test_translators_work.py; here each rule of the merge is pinned by itself.
"""

from __future__ import annotations

import subprocess

import polib
import pytest

from glossator.translate.po import merge
from glossator.translate.po.catalog import TM_COMMENT, SourceEntry
from glossator.translate.po.memory import TranslationMemory

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'


def catalog(body: str) -> polib.POFile:
    return polib.pofile(HEADER + body)


def sources(*msgids: str, ctxt: str | None = None) -> list[SourceEntry]:
    return [SourceEntry(m, ctxt) for m in msgids]


def keys(d) -> list[str]:
    return [k[1] for k in d]


OLD = catalog("""
msgid "The forum met in Beijing."
msgstr "El foro se reunió en Beijing."

#, fuzzy
msgid "Trade rose in 2024."
msgstr "El comercio creció en 2024."

msgid "Nobody translated this."
msgstr ""

# dejar sin traducir
msgid "A quotation left as it is."
msgstr ""

#~ msgid "A sentence that was removed."
#~ msgstr "Una frase que se quitó."

#~ msgid "A removed sentence nobody translated."
#~ msgstr ""
""")


def test_work_in_the_catalog_is_kept_approved_fuzzy_or_commented():
    p = merge.plan(OLD, sources("The forum met in Beijing.", "Trade rose in 2024.", "A quotation left as it is."))
    assert keys(p.kept) == ["The forum met in Beijing.", "Trade rose in 2024.", "A quotation left as it is."]
    assert p.need_mt == [] and p.obsolete[0].msgid == "Nobody translated this."


def test_an_empty_entry_without_a_translators_comment_is_translated_again():
    p = merge.plan(OLD, sources("Nobody translated this."))
    assert p.kept == {} and [s.msgid for s in p.need_mt] == ["Nobody translated this."]


def test_an_obsolete_entry_comes_back_as_it_was_when_its_sentence_does():
    p = merge.plan(OLD, sources("A sentence that was removed.", "A removed sentence nobody translated."))
    assert keys(p.revived) == ["A sentence that was removed."]
    assert p.revived[(None, "A sentence that was removed.")].msgstr == "Una frase que se quitó."
    assert [s.msgid for s in p.need_mt] == ["A removed sentence nobody translated."]


def test_an_edited_sentence_takes_the_old_translation_as_a_starting_point():
    p = merge.plan(OLD, sources("The forum met in Beijing in May."))
    assert p.changed[(None, "The forum met in Beijing in May.")].msgid == "The forum met in Beijing."
    assert p.need_mt == [] and "The forum met in Beijing." not in [e.msgid for e in p.obsolete]


def test_a_different_sentence_is_new_and_the_old_one_becomes_obsolete():
    p = merge.plan(OLD, sources("Completely unrelated words here."))
    assert p.changed == {} and [s.msgid for s in p.need_mt] == ["Completely unrelated words here."]
    assert [e.msgid for e in p.obsolete] == ["The forum met in Beijing.", "Trade rose in 2024.",
                                             "Nobody translated this.", "A quotation left as it is.",
                                             "A sentence that was removed.", "A removed sentence nobody translated."]


def test_similarity_is_measured_against_the_cutoff():
    near = "The forum met in Beijing!"
    assert merge.SIMILARITY == 0.6
    assert merge.plan(OLD, sources(near)).changed  # one character edited
    assert not merge.plan(OLD, sources("The fair opened in Lima.")).changed


def test_one_old_entry_starts_only_one_edited_sentence():
    p = merge.plan(OLD, sources("The forum met in Beijing today.", "The forum met in Beijing yesterday."))
    assert keys(p.changed) == ["The forum met in Beijing today."]
    assert [s.msgid for s in p.need_mt] == ["The forum met in Beijing yesterday."]


def test_an_old_entry_with_no_translation_starts_nothing():
    p = merge.plan(OLD, sources("Nobody translated this yet."))
    assert p.changed == {} and [s.msgid for s in p.need_mt] == ["Nobody translated this yet."]
    assert "Nobody translated this." in [e.msgid for e in p.obsolete]


def test_a_sentence_in_another_kind_of_block_is_not_an_edit_of_it():
    p = merge.plan(OLD, sources("The forum met in Beijing.", ctxt="heading"))
    assert p.kept == {} and p.changed == {} and len(p.need_mt) == 1


def test_the_memory_serves_only_what_the_catalog_does_not_hold():
    memory = TranslationMemory({"The forum met in Beijing.": ("(de la memoria)", "other.po"),
                                "Fresh sentence.": ("Frase nueva.", "TMX desk.tmx"),
                                "The forum met in Beijing in May.": ("(de la memoria)", "other.po")})
    p = merge.plan(OLD, sources("The forum met in Beijing.", "Fresh sentence.", "The forum met in Beijing in May."),
                   memory)
    assert keys(p.kept) == ["The forum met in Beijing."]
    # the edit finds its old entry kept by the unchanged sentence, so the memory serves it
    assert p.memory == {(None, "Fresh sentence."): ("Frase nueva.", "TMX desk.tmx"),
                        (None, "The forum met in Beijing in May."): ("(de la memoria)", "other.po")}
    assert p.need_mt == [] and p.changed == {}


def test_no_catalog_means_everything_is_new():
    p = merge.plan(None, sources("One.", "Two."))
    assert p.counts().to_dict() == {"kept": 0, "revived": 0, "changed": 0, "memory": 0, "new": 2, "obsolete": 0}


def test_counts_add_up_to_the_sentences_and_the_left_overs():
    p = merge.plan(OLD, sources("The forum met in Beijing.", "A sentence that was removed.", "Trade rose in 2025.",
                                "Brand new."), TranslationMemory({"Brand new.": ("Nuevo.", "x.po")}))
    assert p.counts().to_dict() == {"kept": 1, "revived": 1, "changed": 1, "memory": 1, "new": 0, "obsolete": 3}


class Result:
    """What merge.build reads of an MT result: its translation (and, through mt_comments, its outcome)."""

    def __init__(self, translation):
        from glossator.translate.engines.base import Hypothesis
        from glossator.translate.enforce import Outcome

        self.translation = translation
        self.outcome = Outcome(translation, "none", [Hypothesis(translation)])


def test_build_marks_each_kind_of_entry_as_msgmerge_would(tmp_path):
    p = merge.plan(OLD, sources("The forum met in Beijing.", "A sentence that was removed.", "Trade rose in 2025.",
                                "Brand new.", "Machine work."), TranslationMemory({"Brand new.": ("Nuevo.", "x.po")}))
    new = catalog("")
    merge.build(p, new, {(None, "Machine work."): Result("Trabajo de máquina.")}, "fake")
    by = {e.msgid: e for e in new}
    assert not by["The forum met in Beijing."].fuzzy
    assert by["Trade rose in 2025."].fuzzy and by["Trade rose in 2025."].previous_msgid == "Trade rose in 2024."
    assert by["Trade rose in 2025."].msgstr == "El comercio creció en 2024."
    assert by["Brand new."].msgstr == "Nuevo." and by["Brand new."].comment == f"{TM_COMMENT}: x.po"
    assert by["Machine work."].fuzzy and by["Machine work."].msgstr == "Trabajo de máquina."
    assert [e.msgid for e in new if e.obsolete] == ["Nobody translated this.", "A quotation left as it is.",
                                                   "A removed sentence nobody translated."]
    assert all(e.occurrences == [] for e in new if e.obsolete)
    path = tmp_path / "es.po"
    new.save(str(path))
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


@pytest.mark.parametrize("missing", [True, False])
def test_build_leaves_an_entry_empty_and_unflagged_when_mt_gave_nothing(missing):
    p = merge.plan(None, sources("Machine work."))
    new = merge.build(p, catalog(""), {} if missing else {(None, "Other."): Result("x")}, "fake")
    [e] = new
    assert e.msgstr == "" and not e.fuzzy and e.comment == ""
