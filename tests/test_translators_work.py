"""A translator's work is never lost: revived obsolete entries, one catalog per article,
saves during a run, headers the translator's tool owns, engines that give nothing."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import polib
import pytest
from conftest import requires_apertium
from fake_engine import FakeEngine

# Catalogs are made by the fake engine (tests/fake_engine.py): "[es] " + the source, terms enforced.
pytestmark = pytest.mark.usefixtures("fake_engine")

APPROVED = "Más de setenta expertos y empresarios de China y de América Latina asistieron al foro."


def po_path(root, stem="story"):
    return root / "locales" / "es" / "LC_MESSAGES" / f"{stem}.po"


def translate(cli, *articles):
    r = cli("translate", *articles, "--to", "es", "--json", "--engine", "fake")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def save_like_an_editor(po: polib.POFile, path: Path) -> None:
    """Write a new file beside the catalog and rename it over, as Poedit does."""
    tmp = path.with_name(path.name + ".poedit-tmp")
    po.save(str(tmp))
    os.replace(tmp, path)


def msgfmt_ok(path: Path) -> None:
    r = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def by_msgid(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(path))}


def test_an_obsolete_entry_comes_back_when_its_sentence_does(cli, project, tmp_path):
    translate(cli, project)
    path = po_path(tmp_path)
    po = polib.pofile(str(path))
    approved, fuzzy_edit = po[1], po[3]
    approved.msgstr = APPROVED
    approved.flags.remove("fuzzy")
    fuzzy_edit.msgstr = "Borrador del traductor, aún por revisar."
    save_like_an_editor(po, path)
    original = project.read_text(encoding="utf-8")
    project.write_text(original.replace(" " + approved.msgid, "").replace(" " + fuzzy_edit.msgid, ""),
                       encoding="utf-8")
    translate(cli, project)
    gone = {e.msgid: e for e in polib.pofile(str(path)) if e.obsolete}
    assert set(gone) == {approved.msgid, fuzzy_edit.msgid}

    project.write_text(original, encoding="utf-8")  # the desk puts the sentences back
    result = translate(cli, project)
    assert result["results"] == []  # no MT asked: the obsolete entries are the best memory there is
    assert result["catalogs"][0]["revived"] == 2
    back = by_msgid(path)
    assert back[approved.msgid].msgstr == APPROVED and not back[approved.msgid].fuzzy
    assert not back[approved.msgid].obsolete and back[approved.msgid].occurrences
    assert back[fuzzy_edit.msgid].msgstr == fuzzy_edit.msgstr and back[fuzzy_edit.msgid].fuzzy
    assert not [e for e in polib.pofile(str(path)) if e.obsolete]
    msgfmt_ok(path)


@pytest.mark.parametrize("names", [("a/x.txt", "b/x.txt"), ("y.txt", "y.md")])
def test_two_articles_with_one_base_name_are_refused_before_anything_is_written(cli, tmp_path, names):
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("The forum met in Shanghai.\n", encoding="utf-8")
    r = cli("translate", *names, "--to", "es")
    assert r.exit_code == 1
    error = r.output.strip().splitlines()[-1]
    assert error.startswith("error: ") and names[0] in error and names[1] in error
    assert "rename one" in error and "--out" in error
    assert not (tmp_path / "locales").exists()


def test_the_same_article_named_twice_is_translated_once(cli, project, tmp_path):
    result = translate(cli, project, project)
    assert len(result["catalogs"]) == 1
    msgfmt_ok(po_path(tmp_path))


def test_a_translators_save_during_the_run_is_merged_not_overwritten(cli, project, tmp_path, seeded):
    from glossator.translate.documents import read_document
    from glossator.translate import catalog_job, run
    from glossator.translate.pipeline import Enforcer

    translate(cli, project)
    path = po_path(tmp_path)
    added = "The forum will meet again in Beijing next year."
    project.write_text(project.read_text(encoding="utf-8").rstrip("\n") + f"\n{added}\n", encoding="utf-8")

    class TheTranslatorSavesDuring(FakeEngine):
        """The translator saves while the engine's first batch is being translated."""

        called, saved = threading.Event(), threading.Event()

        def translate_batch(self, *args, **kw):
            out = super().translate_batch(*args, **kw)
            self.called.set()
            assert self.saved.wait(60)
            return out

    engine = TheTranslatorSavesDuring()
    approved_msgid = []

    def translator():
        assert engine.called.wait(60)
        po = polib.pofile(str(path))
        po[1].msgstr = APPROVED
        po[1].flags.remove("fuzzy")
        approved_msgid.append(po[1].msgid)
        save_like_an_editor(po, path)
        engine.saved.set()

    poedit = threading.Thread(target=translator)
    poedit.start()
    jobs = run.plan([read_document(project)], ["es"], Path("locales"), seeded).jobs
    report = catalog_job.execute(jobs[0], engine, Enforcer(seeded), base=tmp_path)
    poedit.join(60)
    after = by_msgid(path)
    assert after[approved_msgid[0]].msgstr == APPROVED and not after[approved_msgid[0]].fuzzy
    assert after[added].fuzzy and after[added].msgstr == f"[es] {added}"
    assert report.written and report.remerged == 1 and not report.conflict
    msgfmt_ok(path)


def test_a_catalog_that_keeps_changing_during_the_run_is_left_as_the_translator_saved_it(cli, project, tmp_path,
                                                                                          seeded):
    from glossator.translate.documents import read_document
    from glossator.translate import catalog_job, run
    from glossator.translate.pipeline import Enforcer

    translate(cli, project)
    path = po_path(tmp_path)
    project.write_text(project.read_text(encoding="utf-8") + "The forum will meet again in Beijing next year.\n",
                       encoding="utf-8")

    class TheTranslatorKeepsSaving(FakeEngine):
        """At every engine call the translator saves again (dropping one more
        entry, so that each merge has something new to translate and calls the engine again)."""

        last_save = b""

        def translate_batch(self, *args, **kw):
            out = super().translate_batch(*args, **kw)
            po = polib.pofile(str(path))
            po.remove(po[0])
            save_like_an_editor(po, path)
            self.last_save = path.read_bytes()
            return out

    engine = TheTranslatorKeepsSaving()
    jobs = run.plan([read_document(project)], ["es"], Path("locales"), seeded).jobs
    report = catalog_job.execute(jobs[0], engine, Enforcer(seeded), base=tmp_path)
    assert report.conflict and not report.written and report.remerged == catalog_job.ATTEMPTS - 1
    assert path.read_bytes() == engine.last_save  # the translator's last save, as it was


def test_a_rerun_keeps_the_header_the_translators_tool_wrote(cli, project, tmp_path):
    translate(cli, project)
    path = po_path(tmp_path)
    po = polib.pofile(str(path))
    saved_at = (datetime.now(timezone.utc) + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M+0000")
    po.header = "Spanish translation of story, reviewed by Ana."
    po.metadata.update({"PO-Revision-Date": saved_at, "Last-Translator": "Ana <ana@desk>",
                        "X-Generator": "Poedit 3.4", "X-Poedit-SourceCharset": "UTF-8",
                        "X-Poedit-Basepath": "../../..", "X-Desk-Reviewed": "yes"})
    po[1].msgstr = APPROVED
    po[1].flags.remove("fuzzy")
    save_like_an_editor(po, path)  # polib wraps lines its own way, as Poedit does
    saved = path.read_bytes()

    result = translate(cli, project)
    assert result["catalogs"][0]["written"] is False
    assert path.read_bytes() == saved

    project.write_text(project.read_text(encoding="utf-8") + "The forum will meet again in Beijing next year.\n",
                       encoding="utf-8")
    assert translate(cli, project)["catalogs"][0]["written"] is True
    after = polib.pofile(str(path))
    for key in ("Last-Translator", "X-Generator", "X-Poedit-SourceCharset", "X-Poedit-Basepath", "X-Desk-Reviewed"):
        assert after.metadata[key] == po.metadata[key]
    assert after.metadata["PO-Revision-Date"] >= saved_at  # moves forward only
    assert after.header == po.header
    assert after[1].msgstr == APPROVED
    msgfmt_ok(path)


def _missing_locale() -> str:
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().split()
    return next(n for n in ("en_US.UTF-8", "tlh_XX.UTF-8") if n.lower().replace("utf-8", "utf8") not in have)


@requires_apertium
def test_apertium_under_a_missing_locale_stops_the_run_and_writes_nothing(cli, project, tmp_path, monkeypatch):
    # Apertium under a locale that is not generated aborts in its pipeline and exits 0, silent.
    monkeypatch.setenv("LC_ALL", _missing_locale())
    r = cli("translate", project, "--to", "es", "--engine", "apertium")
    assert r.exit_code == 1
    error = r.output.strip().splitlines()[-1]
    assert error.startswith(f"error: {project}:1: apertium returned an empty translation")
    assert "LC_ALL=C.UTF-8" in error
    assert not po_path(tmp_path).exists() and not (tmp_path / "locales" / "templates" / "story.pot").exists()


def test_an_engine_that_outputs_nothing_stops_the_run_and_writes_nothing(cli, project, tmp_path, fake_engine):
    fake_engine(empty="experts and entrepreneurs")  # the second sentence of line 1
    r = cli("translate", project, "--to", "es", "--engine", "fake")
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1].startswith(
        f"error: {project}:1: fake returned an empty translation for 'More than seventy experts")
    assert not po_path(tmp_path).exists() and not (tmp_path / "locales" / "templates" / "story.pot").exists()


def test_entries_an_engine_left_empty_are_translated_again(cli, project, tmp_path):
    translate(cli, project)
    path = po_path(tmp_path)
    po = polib.pofile(str(path))
    for e in po[:5]:  # what an engine that gave nothing left behind, before it was refused
        e.msgstr = ""
        e.flags = []
    po[4].tcomment = "dejar sin traducir: cita textual"  # a translator's decision: kept
    save_like_an_editor(po, path)

    result = translate(cli, project)
    assert [s["source"] for s in result["results"]] == [e.msgid for e in po[:4]]
    after = polib.pofile(str(path))
    assert all(e.msgstr and e.fuzzy for e in after[:4])
    assert after[4].msgstr == "" and after[4].tcomment == po[4].tcomment
    msgfmt_ok(path)
