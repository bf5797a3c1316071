"""PO catalogs: layout, header, the translator round trip, malformed files, real tools."""

from __future__ import annotations

import json
import subprocess

import polib
import pytest
from conftest import requires_apertium, toolkit

# Catalogs are made by the fake engine (tests/fake_engine.py): "[es] " + the source, terms enforced.
pytestmark = pytest.mark.usefixtures("fake_engine")
FAKE = ("--engine", "fake")


def po_path(root, lang="es", stem="story"):
    return root / "locales" / lang / "LC_MESSAGES" / f"{stem}.po"


def translate(cli, article, *extra):
    r = cli("translate", article, "--to", "es", "--json", *FAKE, *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_layout_header_and_entries(cli, project, tmp_path):
    translate(cli, project)
    po = polib.pofile(str(po_path(tmp_path)))
    assert (tmp_path / "locales" / "templates" / "story.pot").exists()
    meta = po.metadata
    assert meta["Language"] == "es" and meta["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8" and meta["X-Generator"].startswith("Glossator")
    for key in ("Project-Id-Version", "PO-Revision-Date", "Language-Team", "Last-Translator", "MIME-Version",
                "Content-Transfer-Encoding", "POT-Creation-Date"):
        assert meta[key]
    assert len(po) == 20 and all(e.fuzzy for e in po)
    first = po[0]
    assert first.occurrences == [("articles/story.txt", "1")]
    assert "glossary: SASS → Academia de Ciencias Sociales de Shanghai" in first.comment
    assert "machine translation: fake, terms by protect" in first.comment.splitlines()
    assert first.msgstr.startswith("[es] ") and "Academia de Ciencias Sociales de Shanghai" in first.msgstr


def test_a_term_mentioned_twice_gets_one_glossary_note(cli, tmp_path):
    article = tmp_path / "twice.txt"
    article.write_text("Beijing and Mexico said Mexico would host the forum.\n", encoding="utf-8")
    translate(cli, article)
    [entry] = polib.pofile(str(tmp_path / "locales" / "es" / "LC_MESSAGES" / "twice.po"))
    notes = entry.comment.splitlines()
    assert notes.count("glossary: Mexico → México") == 1 and "glossary: Beijing → Beijing" in notes


@requires_apertium
def test_the_catalog_names_the_route_auto_chose(cli, project, tmp_path):
    r = cli("translate", project, "--to", "es")
    assert r.exit_code == 0, r.output
    from glossator.translate.engines.select import EngineSet

    route = EngineSet().choose("auto", "en", "es").name
    assert f"machine translation: {route}" in polib.pofile(str(po_path(tmp_path)))[0].comment


def test_zh_catalog_is_named_zh_CN(cli, project, tmp_path, argos_en_zh):
    r = cli("translate", project, "--to", "zh")
    assert r.exit_code == 0, r.output
    po = polib.pofile(str(po_path(tmp_path, "zh_CN")))
    assert po.metadata["Language"] == "zh_CN" and po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_gnu_gettext_and_translate_toolkit_read_catalogs_without_a_warning(cli, project, tmp_path):
    translate(cli, project)
    po, pot = po_path(tmp_path), tmp_path / "locales" / "templates" / "story.pot"
    r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert r.returncode == 0 and "warning" not in r.stderr and "20 fuzzy" in r.stderr
    assert subprocess.run(["msgcat", str(po)], capture_output=True).stdout == po.read_bytes()
    assert subprocess.run(["msgcat", str(pot)], capture_output=True).stdout == pot.read_bytes()
    merged = subprocess.run(["msgmerge", "--quiet", "--previous", str(po), str(pot)], capture_output=True, text=True)
    assert merged.returncode == 0 and merged.stderr == ""
    assert polib.pofile(merged.stdout).translated_entries() == []
    pocount = subprocess.run([*toolkit("pocount"), str(po)], capture_output=True, text=True)
    assert pocount.returncode == 0 and "Fuzzy:" in pocount.stdout and "rror" not in pocount.stderr
    checks = ["escapes", "newlines", "nplurals", "printf", "tabs", "doublespacing", "startwhitespace",
              "endwhitespace", "urls", "emails", "variables", "xmltags"]
    out = tmp_path / "pofilter.po"
    pf = subprocess.run([*toolkit("pofilter"), "--progress=none", *sum((["-t", c] for c in checks), []), str(po), str(out)],
                        capture_output=True, text=True)
    assert pf.returncode == 0 and "rror" not in pf.stderr
    assert not out.exists() or polib.pofile(str(out)).untranslated_entries() + polib.pofile(str(out)).fuzzy_entries() == []
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f)
    assert len(list(catalog)) == 21  # 20 messages and the header


def test_translator_edits_survive_a_rerun_after_the_article_changes(cli, project, tmp_path):
    translate(cli, project)
    path = po_path(tmp_path)
    po = polib.pofile(str(path))
    approved, commented, untouched = po[1], po[2], po[3]
    # a translator in Poedit: edits and approves one entry, comments another
    approved.msgstr = "Más de setenta expertos y empresarios de China y de América Latina asistieron al foro."
    approved.flags.remove("fuzzy")
    commented.tcomment = "revisar: falta el nombre del vicepresidente"
    untouched_text = untouched.msgstr
    po.save(str(path))
    # the desk edits the article: one sentence changed, one deleted, one added
    lines = project.read_text(encoding="utf-8").splitlines()
    edited = next(e for e in po if "crucial framework" in e.msgid)
    edited_src = edited.msgid
    deleted_src = next(e for e in po if e.msgid.startswith("He emphasized that this forum")).msgid
    text = project.read_text(encoding="utf-8")
    text = text.replace(edited_src, edited_src.replace("crucial framework", "crucial, lasting framework"))
    text = text.replace(" " + deleted_src, "")
    text = text.rstrip("\n") + "\nThe forum will meet again in Beijing next year.\n"
    project.write_text(text, encoding="utf-8")
    assert lines  # the article was read before it changed
    old_edited_msgstr = edited.msgstr

    result = translate(cli, project)
    assert [s["source"] for s in result["results"]] == ["The forum will meet again in Beijing next year."]

    new = {e.msgid: e for e in polib.pofile(str(path))}
    assert new[approved.msgid].msgstr == approved.msgstr and not new[approved.msgid].fuzzy
    assert new[commented.msgid].tcomment == commented.tcomment and new[commented.msgid].msgstr == commented.msgstr
    assert new[untouched.msgid].msgstr == untouched_text
    changed = new[edited_src.replace("crucial framework", "crucial, lasting framework")]
    assert changed.fuzzy and changed.previous_msgid == edited_src and changed.msgstr == old_edited_msgstr
    obsolete = [e for e in polib.pofile(str(path)) if e.obsolete]
    assert [e.msgid for e in obsolete] == [deleted_src]
    added = new["The forum will meet again in Beijing next year."]
    assert added.fuzzy and "Beijing" in added.msgstr


def test_rerun_without_changes_calls_no_engine_and_writes_nothing(cli, project, tmp_path):
    translate(cli, project)
    files = [po_path(tmp_path), tmp_path / "locales" / "templates" / "story.pot"]
    before = [(f.read_bytes(), f.stat().st_mtime_ns) for f in files]
    again = translate(cli, project)
    assert again["results"] == [] and [c["written"] for c in again["catalogs"]] == [False]
    assert again["catalogs"][0]["engine"] is None
    assert [(f.read_bytes(), f.stat().st_mtime_ns) for f in files] == before


def test_same_sentence_in_heading_and_paragraph_gets_msgctxt_only_there(cli, tmp_path):
    md = tmp_path / "note.md"
    md.write_text("# The forum met.\n\nThe forum met.\n\nThe forum met. It ended.\n", encoding="utf-8")
    r = cli("translate", md, "--to", "es", *FAKE)
    assert r.exit_code == 0, r.output
    po = polib.pofile(str(po_path(tmp_path, stem="note")))
    assert [(e.msgctxt, e.msgid, len(e.occurrences)) for e in po] == [
        ("heading", "The forum met.", 1), ("paragraph", "The forum met.", 2), (None, "It ended.", 1)]


@pytest.mark.parametrize("name, damage, message", [
    ("syntax", lambda t: t.replace('msgstr ""', 'msgstr', 1) + "\nnot a keyword\n", "syntax error"),
    ("truncated", lambda t: t[: t.rindex('"')], "unterminated string"),
    ("charset", lambda t: t.replace("charset=UTF-8", "charset=ISO-8859-1"), "charset ISO-8859-1"),
    ("header", lambda t: t.replace('"Content-Type: text/plain; charset=UTF-8\\n"\n', ""), "no Content-Type"),
    ("duplicate", lambda t: t + '\nmsgid "It ended."\nmsgstr "x"\n\nmsgid "It ended."\nmsgstr "y"\n', "duplicate"),
])
def test_malformed_catalog_stops_the_run_and_nothing_is_overwritten(cli, project, tmp_path, name, damage, message):
    translate(cli, project)
    path = po_path(tmp_path)
    broken = damage(path.read_text(encoding="utf-8"))
    path.write_text(broken, encoding="utf-8")
    pot_before = (tmp_path / "locales" / "templates" / "story.pot").read_bytes()
    project.write_text(project.read_text(encoding="utf-8") + "A new sentence.\n", encoding="utf-8")
    r = cli("translate", project, "--to", "es", *FAKE)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: {path.relative_to(tmp_path)}:") or r.stderr.startswith(f"error: {path}:")
    assert message in r.stderr
    assert path.read_text(encoding="utf-8") == broken
    assert (tmp_path / "locales" / "templates" / "story.pot").read_bytes() == pot_before


def test_check_catches_a_deprecated_term_in_a_hand_edited_catalog(cli, project, tmp_path):
    translate(cli, project)
    path = po_path(tmp_path)
    po = polib.pofile(str(path))
    bri = next(e for e in po if "Belt and Road Initiative" in e.msgid)
    bri.msgstr = bri.msgstr.replace("Iniciativa de la Franja y la Ruta", "Una Franja, Una Ruta")
    bri.flags = []
    ok = next(e for e in po if e is not bri and "SASS" in e.msgid)
    ok.flags = []
    po.save(str(path))
    bri = next(e for e in polib.pofile(str(path)) if "Belt and Road Initiative" in e.msgid)  # lines as saved
    r = cli("check", path, "--json")
    assert r.exit_code == 1
    [report] = json.loads(r.stdout)
    checks = {(p["check"], p["line"]) for p in report["problems"]}
    assert ("deprecated", bri.linenum) in checks and ("glossary", bri.linenum) in checks
    assert report["translated"] == 2 and report["fuzzy"] == 18
    assert "Iniciativa de la Franja y la Ruta" in json.dumps(report)


def test_check_passes_clean_catalogs_and_reports_dnt(cli, tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt_BR"}
    po.append(polib.POEntry(msgid="He edits China Hoy.", msgstr="Ele edita a China Hoje."))
    po.append(polib.POEntry(msgid="Trade reached $518.4 billion.", msgstr="O comércio chegou a 518,4 bilhões."))
    path = tmp_path / "hand.po"
    po.save(str(path))
    r = cli("check", path, "--json")
    [report] = json.loads(r.stdout)
    assert r.exit_code == 1 and [p["check"] for p in report["problems"]] == ["do-not-translate"]


def test_stats_and_compile_match_gnu_msgfmt(cli, project, tmp_path):
    translate(cli, project)
    path = po_path(tmp_path)
    po = polib.pofile(str(path))
    for e in list(po)[:5]:
        e.flags = []
    po.save(str(path))
    r = cli("stats", "--json")
    [row] = json.loads(r.stdout)
    assert (row["translated"], row["fuzzy"], row["untranslated"]) == (5, 15, 0)
    assert row["translated_words"] == sum(len(e.msgid.split()) for e in list(po)[:5])
    assert cli("compile").exit_code == 0
    ours = path.with_suffix(".mo")
    gnu = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "-o", str(gnu), str(path)], check=True)
    unfmt = lambda f: subprocess.run(["msgunfmt", str(f)], capture_output=True, text=True, check=True).stdout
    assert unfmt(ours) == unfmt(gnu)


def test_translation_memory_reuses_approved_sentences_across_articles(cli, project, tmp_path):
    translate(cli, project)
    path = po_path(tmp_path)
    po = polib.pofile(str(path))
    po[1].msgstr = "Más de setenta expertos asistieron."
    po[1].flags = []
    po.save(str(path))
    other = tmp_path / "articles" / "other.txt"
    other.write_text(po[1].msgid + "\nA sentence nobody has translated.\n", encoding="utf-8")
    result = translate(cli, other)
    assert [s["source"] for s in result["results"]] == ["A sentence nobody has translated."]
    reused = polib.pofile(str(po_path(tmp_path, stem="other")))[0]
    assert reused.msgstr == "Más de setenta expertos asistieron." and "translation memory" in reused.comment


def test_tmx_import_feeds_the_memory_and_export_round_trips(cli, project, tmp_path):
    tmx = tmp_path / "desk.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        'segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="en"><seg>Wang Yi:</seg></tuv><tuv xml:lang="es"><seg>Wang Yi:</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    assert cli("tm", "import", tmx).exit_code == 0
    article = tmp_path / "articles" / "w.txt"
    article.write_text("Wang Yi:\n", encoding="utf-8")
    assert translate(cli, article)["results"] == []
    first = tmp_path / "a.tmx"
    assert cli("tm", "export", "-o", first).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert cli("tm", "import", first, "--db", fresh).exit_code == 0
    second = tmp_path / "b.tmx"
    assert cli("tm", "export", "-o", second, "--db", fresh, "--out", tmp_path / "none").exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_tico_tmx_imports(cli, tico_dir):
    r = cli("tm", "import", tico_dir / "all.en-zh.tmx")
    # TICO's zh file repeats one sentence pair; the database keeps it once
    assert r.exit_code == 0 and "3071 unit(s) read, 3070 new" in r.stdout


def test_a_second_run_waits_for_the_lock(cli, project, tmp_path, monkeypatch):
    from filelock import FileLock

    (tmp_path / "locales").mkdir()
    monkeypatch.setenv("GLOSSATOR_LOCK_TIMEOUT", "0.2")
    with FileLock(str(tmp_path / "locales" / ".glossator.lock")):
        r = cli("translate", project, "--to", "es", *FAKE)
    assert r.exit_code == 1 and "another glossator run is writing" in r.stderr
    assert not po_path(tmp_path).exists()


def test_check_flags_final_punctuation_like_pofilter_endpunc(cli, tmp_path):
    # the seed run's "...Book Trading Corp." -> "...del Libro de China" had lost its stop
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    entries = [("It had support from the Book Trading Corp.", "Tuvo el apoyo de la Corporación del Libro"),
               ("Richer Cooperation Outcomes", "Resultados más ricos."),
               ("He said: “Trade grew.”", "Dijo: «El comercio creció.»"),
               ("Did it grow?", "¿Creció?")]
    for msgid, msgstr in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = tmp_path / "punct.po"
    po.save(str(path))
    [report] = json.loads(cli("check", path, "--json").stdout)
    ours = {p["msgid"] for p in report["problems"] if p["check"] == "endpunc"}
    assert ours == {entries[0][0], entries[1][0]}
    out = tmp_path / "endpunc.po"
    subprocess.run([*toolkit("pofilter"), "--progress=none", "-t", "endpunc", str(path), str(out)], check=True, capture_output=True)
    assert ours == {e.msgid for e in polib.pofile(str(out))}
