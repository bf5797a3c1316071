"""``glossator check`` on translations whose tags differ from the msgid's,
against Translate Toolkit's ``pofilter -t xmltags`` on the same catalog."""

from __future__ import annotations

import json
import subprocess

import polib
import pytest
from conftest import toolkit

LINK = 'Delegates from the <a href="/celac">Community of Latin American and Caribbean States</a> attended.'
ES = "Asistieron delegados de la {}Comunidad de Estados Latinoamericanos y Caribeños{}."
ENTRIES = {
    # msgid, msgstr, is the tag check expected to fail?
    "same tags": (LINK, ES.format('<a href="/celac">', "</a>"), False),
    "end tag lost": (LINK, ES.format('<a href="/celac">', ""), True),
    "link target changed": (LINK, ES.format('<a href="/celac-es">', "</a>"), True),
    "tag added": ('Trade reached <strong>$518.4 billion</strong>.',
                  "El comercio <em>alcanzó</em> <strong>518.400 millones</strong>.", True),
    "tags added to plain text": ("Trade reached a record.", "El comercio <b>batió</b> un récord.", True),
    "alt translated": ('A <img src="a.png" alt="map of the region"> of trade.',
                       'Un <img src="a.png" alt="mapa de la región"> del comercio.', False),
    "title translated": ('See <abbr title="Latin America">LatAm</abbr> trade.',
                         'Vea el comercio de <abbr title="América Latina">AL</abbr>.', False),
    "tag renamed": ("It was <em>historic</em>.", "Fue <i>histórico</i>.", True),
}


def _catalog(tmp_path, entries) -> tuple:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    for name, (msgid, msgstr, _) in entries.items():
        po.append(polib.POEntry(msgctxt=name, msgid=msgid, msgstr=msgstr))
    path = tmp_path / "tags.po"
    po.save(str(path))
    return path, polib.pofile(str(path))


def _glossator_flags(cli, path) -> tuple[set[str], int]:
    r = cli("check", path, "--json")
    [report] = json.loads(r.stdout)
    context = {e.linenum: e.msgctxt for e in polib.pofile(str(path))}
    return {context[p["line"]] for p in report["problems"] if p["check"] == "xmltags"}, r.exit_code


def _pofilter_flags(tmp_path, path) -> set[str]:
    out = tmp_path / "pofilter.po"
    subprocess.run([*toolkit("pofilter"), "-t", "xmltags", str(path), str(out)], check=True,
                   capture_output=True, cwd=tmp_path)
    return {e.msgctxt for e in polib.pofile(str(out)) if "xmltags" in e.tcomment + e.comment}


def test_check_flags_the_entries_pofilter_xmltags_flags(cli, tmp_path):
    path, _ = _catalog(tmp_path, ENTRIES)
    expected = {name for name, (_, _, bad) in ENTRIES.items() if bad}
    assert _pofilter_flags(tmp_path, path) == expected
    assert _glossator_flags(cli, path) == (expected, 1)


def test_tags_may_move_where_pofilter_wants_their_order(cli, tmp_path):
    # Spanish puts the adjective after the noun, and its link with it.
    moved = {"moved": ('The <b>new</b> <a href="/plan">plan</a>.', 'El <a href="/plan">plan</a> <b>nuevo</b>.', False)}
    path, _ = _catalog(tmp_path, moved)
    assert _pofilter_flags(tmp_path, path) == {"moved"}  # pofilter compares in order
    assert _glossator_flags(cli, path) == (set(), 0)


def test_terms_inside_tags_ask_for_nothing(cli, tmp_path):
    # "BRICS" in the href is no mention of BRICS to render
    entries = {"href": ('Read <a href="/topics/BRICS">the report</a>.', 'Lea <a href="/topics/BRICS">el informe</a>.', False),
               "title": ('The <a title="Belt and Road Initiative">plan</a>.', 'El <a title="Belt and Road Initiative">plan</a>.',
                         False)}
    path, _ = _catalog(tmp_path, entries)
    r = cli("check", path, "--json")
    assert r.exit_code == 0, r.stdout


def _reviewed(tmp_path, reference: str, msgid: str, msgstr: str):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[(reference, "1")]))
    path = tmp_path / "code.po"
    po.save(str(path))
    return path


@pytest.mark.parametrize("reference,errors", [("story.md", 0), ("story.txt", 1)])
def test_terms_in_code_spans_and_urls_ask_for_nothing_as_translate_protects_them(cli, tmp_path, reference, errors):
    # translate keeps `NPC` and the URL verbatim in a Markdown article; check used to demand
    # "APN" there. A txt article has no code spans, so its backticks protect nothing.
    path = _reviewed(tmp_path, reference, "Run `NPC` and read https://example.org/NPC/report.pdf today.",
                     "Ejecute `NPC` y lea https://example.org/NPC/report.pdf hoy.")
    r = cli("check", path, "--json")
    glossary = [p for p in json.loads(r.output)[0]["problems"] if p["check"] == "glossary"]
    assert len(glossary) == errors, glossary
    assert r.exit_code == (1 if errors else 0)
