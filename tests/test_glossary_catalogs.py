"""The glossary and the catalogs stay in step: notes that survive msgmerge, glossary edits that
reach machine translations (never reviewed ones), translation memory that cannot bypass the glossary."""

from __future__ import annotations

import json
import subprocess

import polib
from conftest import requires_apertium

from glossator.translate.po.term_notes import PREFIX, parse

pytestmark = requires_apertium  # catalogs are made with the engine the catalog tests use (auto: Apertium's route)

NPC_FULL = "The National People's Congress met in Beijing."
NPC_AGAIN = "The National People's Congress approved the plan."
SASS = "SASS held talks on the Belt and Road Initiative."


def po_path(root, stem="story", lang="es"):
    return root / "locales" / lang / "LC_MESSAGES" / f"{stem}.po"


def pot_path(root, stem="story"):
    return root / "locales" / "templates" / f"{stem}.pot"


def translate(cli, article, *extra):
    r = cli("translate", article, "--to", "es", "--json", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def article(tmp_path, *sentences, name="story.txt"):
    path = tmp_path / name
    path.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    return path


def msgfmt_check(path):
    r = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    # a template keeps gettext's placeholder header values, which msgfmt mentions
    warnings = [w for w in r.stderr.splitlines() if "warning" in w and "initial default value" not in w]
    assert r.returncode == 0 and not warnings, r.stderr


def entries(path):
    return {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}


def notes(entry):
    return [line for line in entry.comment.splitlines() if line.startswith(PREFIX)]


def test_glossary_notes_survive_msgmerge_with_the_template(cli, tmp_path):
    story = article(tmp_path, NPC_FULL, SASS)
    translate(cli, story)
    po, pot = po_path(tmp_path), pot_path(tmp_path)
    template = entries(pot)
    assert notes(template[SASS]) == [
        "term: SASS → es: Academia de Ciencias Sociales de Shanghai | pt: Academia de Ciências Sociais de Xangai"
        " | zh: 上海社科院",
        "term: Belt and Road Initiative → es: Iniciativa de la Franja y la Ruta | pt: Iniciativa do Cinturão e Rota"
        " | zh: “一带一路”倡议"]
    # the catalog carries the template's very lines, besides its own machine-translation provenance
    catalog = polib.pofile(str(po))
    for e in catalog:
        assert notes(e) == notes(template[e.msgid]) and "machine translation" in e.comment
    # a translator edits and approves one entry and comments on the other, as in Poedit
    catalog[0].msgstr, catalog[0].flags = "La Asamblea Popular Nacional se reunió en Beijing.", []
    catalog[1].tcomment = "check the verb"
    catalog.save(str(po))
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(merged), str(po), str(pot)], check=True)
    msgfmt_check(merged)
    after = entries(merged)
    for msgid, e in after.items():
        assert notes(e) == notes(template[msgid]) and notes(e)
        assert "machine translation" not in e.comment  # msgmerge takes #. from the POT: provenance is the PO's only
    assert parse(after[NPC_FULL].comment)["National People's Congress"]["es"] == "Asamblea Popular Nacional"
    assert after[NPC_FULL].msgstr == "La Asamblea Popular Nacional se reunió en Beijing." and not after[NPC_FULL].fuzzy
    # Glossator's own re-run over the merged catalog keeps it as the translator's tool left it
    merged.replace(po)
    again = translate(cli, story)
    assert again["results"] == []
    kept = entries(po)
    assert kept[NPC_FULL].msgstr == after[NPC_FULL].msgstr and kept[SASS].tcomment == "check the verb"
    assert notes(kept[SASS]) == notes(template[SASS])


def test_a_term_the_glossary_no_longer_has_loses_its_note_on_the_next_run(cli, tmp_path):
    story = article(tmp_path, SASS)
    translate(cli, story)
    assert "term: SASS" in pot_path(tmp_path).read_text(encoding="utf-8")
    assert cli("glossary", "remove", "sass", "--yes").exit_code == 0
    again = translate(cli, story)
    assert again["results"] == []  # no engine call: only the notes changed
    for path in (pot_path(tmp_path), po_path(tmp_path)):
        text = path.read_text(encoding="utf-8")
        assert "term: SASS" not in text and "term: Belt and Road Initiative" in text
        msgfmt_check(path)


def test_a_glossary_edit_reaches_fuzzy_entries_and_never_reviewed_ones(cli, tmp_path):
    story = article(tmp_path, NPC_FULL, NPC_AGAIN)
    translate(cli, story)
    po = po_path(tmp_path)
    catalog = polib.pofile(str(po))
    reviewed = next(e for e in catalog if e.msgid == NPC_AGAIN)
    assert "Asamblea Popular Nacional" in reviewed.msgstr
    reviewed.flags = []  # approved by a translator
    catalog.save(str(po))
    reviewed_text = reviewed.msgstr

    r = cli("glossary", "edit", "npc", "--prefer", "es=Asamblea Nacional Popular")
    assert r.exit_code == 0, r.output
    [report] = json.loads(cli("check", po, "--json").stdout)  # before the re-run: the notes still say the old one
    assert [p["message"] for p in report["problems"] if p["check"] == "glossary"] == [
        "\"National People's Congress\" must be rendered 'Asamblea Nacional Popular' "
        "(glossary changed: 'Asamblea Popular Nacional' → 'Asamblea Nacional Popular')"]
    result = translate(cli, story)
    assert result["catalogs"][0]["written"] and result["results"] == []  # replaced in place, no engine
    after = entries(po)
    fuzzy = after[NPC_FULL]
    assert fuzzy.fuzzy and "Asamblea Nacional Popular" in fuzzy.msgstr and "Asamblea Popular Nacional" not in fuzzy.msgstr
    assert "glossary changed: Asamblea Popular Nacional → Asamblea Nacional Popular" in fuzzy.comment
    assert after[NPC_AGAIN].msgstr == reviewed_text and not after[NPC_AGAIN].fuzzy
    msgfmt_check(po)

    r = cli("check", po, "--json")
    assert r.exit_code == 1
    [report] = json.loads(r.stdout)
    [problem] = [p for p in report["problems"] if p["check"] == "glossary"]
    assert problem["line"] == after[NPC_AGAIN].linenum and problem["msgid"] == NPC_AGAIN
    assert problem["message"] == ("\"National People's Congress\" must be rendered 'Asamblea Nacional Popular' "
                                  "('Asamblea Popular Nacional' → 'Asamblea Nacional Popular')")
    text = cli("check", po).stdout
    assert f"{po.relative_to(tmp_path)}:{after[NPC_AGAIN].linenum}" in text.replace("\n", "")

    before = (po.read_bytes(), po.stat().st_mtime_ns)
    quiet = translate(cli, story)  # nothing changed since: no engine call, nothing written
    assert quiet["results"] == [] and not quiet["catalogs"][0]["written"]
    assert (po.read_bytes(), po.stat().st_mtime_ns) == before


def test_a_fuzzy_entry_without_the_approved_term_or_a_note_is_translated_again(cli, tmp_path):
    """A catalog written before the notes existed, whose machine translation lacks the term:
    the re-run translates it again once, then it is stable."""
    story = article(tmp_path, NPC_FULL, SASS)
    translate(cli, story)
    po = po_path(tmp_path)
    catalog = polib.pofile(str(po))
    for e in catalog:
        e.comment = "\n".join(line for line in e.comment.splitlines() if not line.startswith(PREFIX))
    stale = next(e for e in catalog if e.msgid == NPC_FULL)
    stale.msgstr = "El parlamento chino se reunió en Beijing."
    catalog.save(str(po))
    result = translate(cli, story)
    assert [s["source"] for s in result["results"]] == [NPC_FULL]
    after = entries(po)
    assert "Asamblea Popular Nacional" in after[NPC_FULL].msgstr and after[NPC_FULL].fuzzy
    assert all(notes(e) for e in after.values())
    assert translate(cli, story)["results"] == []


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en"
srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The forum will meet again in Beijing next year.</seg></tuv>
<tuv xml:lang="es"><seg>El foro volverá a reunirse en Pekín el año próximo.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The National People's Congress approved the plan.</seg></tuv>
<tuv xml:lang="es"><seg>El Congreso Nacional del Pueblo aprobó el plan.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>SASS held a seminar.</seg></tuv>
<tuv xml:lang="es"><seg>La Academia de Ciencias Sociales de Shanghai celebró un seminario.</seg></tuv></tu>
</body></tmx>
"""


def test_a_tmx_match_that_breaks_the_glossary_goes_in_fuzzy_with_the_term_named(cli, tmp_path):
    (tmp_path / "desk.tmx").write_text(TMX, encoding="utf-8")
    assert cli("tm", "import", tmp_path / "desk.tmx").exit_code == 0
    story = article(tmp_path, "The forum will meet again in Beijing next year.", NPC_AGAIN, "SASS held a seminar.")
    result = translate(cli, story)
    assert result["results"] == [] and result["catalogs"][0]["memory"] == 3  # all three from the memory, no MT
    po = po_path(tmp_path)
    msgfmt_check(po)
    after = entries(po)
    pekin = after["The forum will meet again in Beijing next year."]
    assert pekin.fuzzy and pekin.msgstr == "El foro volverá a reunirse en Pekín el año próximo."
    assert "glossary FAILED: Beijing → Beijing, the memory has the admitted 'Pekín'" in pekin.comment
    npc = after[NPC_AGAIN]
    assert npc.fuzzy and ("glossary FAILED: National People's Congress → Asamblea Popular Nacional, the memory has "
                          "the deprecated 'Congreso Nacional del Pueblo'") in npc.comment
    good = after["SASS held a seminar."]
    assert not good.fuzzy and "FAILED" not in good.comment and "translation memory" in good.comment
    # never reviewed: publish refuses the article, and a re-run leaves it as it is
    assert cli("publish", story, "--to", "es").exit_code == 1
    before = po.read_bytes()
    assert translate(cli, story)["results"] == [] and po.read_bytes() == before
