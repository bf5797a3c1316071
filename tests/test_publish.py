"""``glossator publish``: catalogs back into articles, byte for byte where nothing was translated."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SEED_ARTICLES
from markdown_it import MarkdownIt
from publishing import write_catalog

ARTICLES = Path(__file__).parent / "data" / "articles"
FIXTURES = sorted(ARTICLES.glob("*.md")) + sorted(ARTICLES.glob("*.txt"))


def copy(article: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "articles" / article.name
    dest.parent.mkdir(exist_ok=True)
    shutil.copyfile(article, dest)
    return dest


@pytest.mark.parametrize("article", SEED_ARTICLES + FIXTURES, ids=lambda p: p.name)
def test_identity_catalogs_give_back_the_source(cli, tmp_path, article):
    art = copy(article, tmp_path)
    for lang in ("es", "zh"):
        write_catalog(art, lang, tmp_path / "locales")
    result = cli("publish", art, "--to", "es,zh")
    assert result.exit_code == 0, result.output
    for lang in ("es", "zh"):
        assert (tmp_path / "published" / lang / art.name).read_bytes() == article.read_bytes()


def test_a_byte_order_mark_is_kept(cli, tmp_path):
    art = tmp_path / "bom.md"
    art.write_bytes(b"\xef\xbb\xbf# Title\r\n\r\nText here.\r\n")
    write_catalog(art, "es", tmp_path / "locales")
    assert cli("publish", art, "--to", "es").exit_code == 0
    assert (tmp_path / "published" / "es" / "bom.md").read_bytes() == art.read_bytes()


def _structure(text: str) -> list[tuple[str, str, int]]:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return [(t.type, t.tag, t.nesting) for t in md.parse(text) if t.type != "inline"]


SPANISH = {
    "The forum": "El foro",
    "The forum met": "El foro se reunió",
    "The forum met in Beijing.": "El foro se reunió en Pekín.",
    "Leaders signed `three` agreements.": "Los líderes firmaron `three` acuerdos.",
    "Leaders signed three agreements.": "Los líderes firmaron tres acuerdos.",
    "Trade grew.": "El comercio creció.",
}
PORTUGUESE = {
    "The forum": "O fórum",
    "The forum met": "O fórum reuniu-se",
    "The forum met in Beijing.": "O fórum reuniu-se em Pequim.",
    "Leaders signed `three` agreements.": "Os líderes assinaram `three` acordos.",
    "Leaders signed three agreements.": "Os líderes assinaram três acordos.",
    "Trade grew.": "O comércio cresceu.",
}
CHINESE = {
    "The forum": "论坛",
    "The forum met": "论坛召开",
    "The forum met in Beijing.": "论坛在北京召开。",
    "Leaders signed `three` agreements.": "领导人签署了 `three` 项协议。",
    "Leaders signed three agreements.": "领导人签署了三项协议。",
    "Trade grew.": "贸易增长了。",
}


def test_spanish_portuguese_and_chinese_from_reviewed_catalogs(cli, tmp_path):
    md, txt = copy(ARTICLES / "forum.md", tmp_path), copy(ARTICLES / "brief.txt", tmp_path)
    for lang, msgstrs in (("es", SPANISH), ("pt-BR", PORTUGUESE), ("zh-Hans", CHINESE)):
        for art in (md, txt):
            po = write_catalog(art, lang, tmp_path / "locales", msgstrs)
            subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], check=True)
    result = cli("publish", md, txt, "--to", "es,pt-BR,zh-Hans")
    assert result.exit_code == 0, result.output
    out = tmp_path / "published"
    assert (out / "es" / "forum.md").read_text(encoding="utf-8") == (
        "---\ntitle: El foro\nlayout: post\n---\n\n# El foro se reunió\n\n"
        "El foro se reunió en Pekín. Los líderes firmaron `three` acuerdos.\n\n- El comercio creció.\n")
    assert (out / "pt-BR" / "brief.txt").read_text(encoding="utf-8") == (
        "O fórum reuniu-se em Pequim. Os líderes assinaram três acordos.\n\nO comércio cresceu.\n")
    assert (out / "pt-BR" / "forum.md").read_text(encoding="utf-8").startswith("---\ntitle: O fórum\n")
    assert (out / "zh-Hans" / "brief.txt").read_text(encoding="utf-8") == "论坛在北京召开。领导人签署了三项协议。\n\n贸易增长了。\n"
    zh_md = (out / "zh-Hans" / "forum.md").read_text(encoding="utf-8")
    assert "论坛在北京召开。领导人签署了 `three` 项协议。\n" in zh_md
    for lang in ("es", "pt-BR", "zh-Hans"):
        assert _structure((out / lang / "forum.md").read_text(encoding="utf-8")) == _structure(md.read_text())


def test_chinese_sentences_are_joined_without_spaces(cli, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The forum met.  Leaders spoke. Trade grew (fast).\nNext line.\n", encoding="utf-8")
    write_catalog(art, "zh", tmp_path / "locales", {
        "The forum met.": "论坛召开了。", "Leaders spoke.": "领导人讲话了！", "Trade grew (fast).": "贸易（快速）增长。",
        "Next line.": "下一行。"})
    assert cli("publish", art, "--to", "zh").exit_code == 0
    assert (tmp_path / "published" / "zh" / "a.txt").read_text(encoding="utf-8") == \
        "论坛召开了。领导人讲话了！贸易（快速）增长。\n下一行。\n"


def test_every_markdown_construct_is_translated_and_the_skeleton_kept(cli, tmp_path):
    """Every msgid upper-cased outside its protected spans: structure, code and URLs unchanged."""
    from glossator.translate.documents import read_document

    art = copy(ARTICLES / "constructs.md", tmp_path)
    doc = read_document(art)
    msgstrs = {}
    for b in doc.blocks:
        out, pos = "", 0
        for s, e in b.protected:
            out += b.text[pos:s].upper() + b.text[s:e]
            pos = e
        msgstrs[b.text] = out + b.text[pos:].upper()
    from glossator.translate.segment import segment_document
    by_segment = {}
    for s in segment_document(doc):
        whole = msgstrs[doc.blocks[s.block].text]
        by_segment[s.text] = whole[s.start:s.end]
    write_catalog(art, "es", tmp_path / "locales", by_segment)
    assert cli("publish", art, "--to", "es").exit_code == 0
    got = (tmp_path / "published" / "es" / art.name).read_text(encoding="utf-8")
    source = art.read_text(encoding="utf-8")
    assert _structure(got) == _structure(source)
    for kept in ("`NPC`", "https://example.org/trade/NPC", "img/logo.png", "`glossator scan`",
                 "https://example.org/npc/report.pdf", "# fenced code is never translated\nprint(\"The forum met.\")",
                 "    indented code is never translated either", '<div class="note">An HTML block stays as it is.</div>',
                 "[report]: https://example.org/report \"The report\"", "author: Zhang Shanshan", "TRADE \\| 2024"):
        assert kept in got, kept
    for changed in ('title: "CHINA AND MEXICO: A NEW FORUM"', "description: LEADERS MET IN BEIJING.",
                    "# THE CHINA-CELAC FORUM #", "THE FORUM MET IN *BEIJING* ON TUESDAY.", "SETEXT HEADING\n=====",
                    "| MEXICO | $110 BILLION | SECOND PARTNER |", "![THE FORUM'S LOGO](img/logo.png)",
                    "> > A NESTED QUOTE WITH `NPC` IN A CODE SPAN.", "[A LINK](https://example.org/trade/NPC \"Trade data\")",
                    "SECRETARY.  \nA HARD BREAK"):
        assert changed in got, changed


def test_front_matter_values_are_quoted_when_yaml_needs_it(cli, tmp_path):
    import yaml

    art = tmp_path / "a.md"
    art.write_text("---\ntitle: Forum\ndescription: 'It met'\nother: Forum\n---\n\nText.\n", encoding="utf-8")
    write_catalog(art, "es", tmp_path / "locales", {"Forum": "Foro: el # resumen", "It met": "Se reunió, l'año",
                                                    "Text.": "Texto."})
    assert cli("publish", art, "--to", "es").exit_code == 0
    got = (tmp_path / "published" / "es" / "a.md").read_text(encoding="utf-8")
    front = yaml.safe_load(got.split("---\n")[1])
    assert front == {"title": "Foro: el # resumen", "description": "Se reunió, l'año", "other": "Forum"}


# -- readiness ----------------------------------------------------------------------------------

def test_unreviewed_entries_keep_an_article_back_and_are_listed(cli, tmp_path):
    ready, draft = copy(ARTICLES / "forum.md", tmp_path), copy(ARTICLES / "brief.txt", tmp_path)
    write_catalog(ready, "es", tmp_path / "locales", SPANISH)
    po = write_catalog(draft, "es", tmp_path / "locales", {**SPANISH, "Trade grew.": ""},
                       fuzzy={"Leaders signed three agreements."})
    result = cli("publish", ready, draft, "--to", "es")
    assert result.exit_code == 1
    assert (tmp_path / "published" / "es" / "forum.md").is_file()
    assert not (tmp_path / "published" / "es" / "brief.txt").exists()
    lines = {ln.split(": ", 2)[1] + ": " + ln.split(": ", 2)[0].strip() for ln in result.output.splitlines()
             if ".po:" in ln}
    entries = {e.msgid: e.linenum for e in __import__("polib").pofile(str(po))}
    rel = os.path.relpath(po, tmp_path)
    assert lines == {f"fuzzy: {rel}:{entries['Leaders signed three agreements.']}",
                     f"untranslated: {rel}:{entries['Trade grew.']}"}
    assert "1 article(s) not published" in result.output


def test_draft_publishes_machine_translation_and_counts_it(cli, tmp_path):
    art = copy(ARTICLES / "brief.txt", tmp_path)
    write_catalog(art, "es", tmp_path / "locales", SPANISH, fuzzy={"Trade grew.", "The forum met in Beijing."})
    assert cli("publish", art, "--to", "es").exit_code == 1
    result = cli("publish", art, "--to", "es", "--draft")
    assert result.exit_code == 0, result.output
    assert "2 unreviewed machine translation(s) used" in result.output
    assert (tmp_path / "published" / "es" / "brief.txt").read_text(encoding="utf-8").endswith("El comercio creció.\n")


def test_draft_still_refuses_empty_entries(cli, tmp_path):
    art = copy(ARTICLES / "brief.txt", tmp_path)
    write_catalog(art, "es", tmp_path / "locales", {**SPANISH, "Trade grew.": ""})
    result = cli("publish", art, "--to", "es", "--draft")
    assert result.exit_code == 1 and "untranslated" in result.output
    assert not (tmp_path / "published").exists()


def test_rerunning_with_unchanged_inputs_rewrites_nothing(cli, tmp_path):
    art = copy(ARTICLES / "forum.md", tmp_path)
    write_catalog(art, "es", tmp_path / "locales", SPANISH)
    assert "written" in cli("publish", art, "--to", "es").output
    out = tmp_path / "published" / "es" / "forum.md"
    os.utime(out, (1_000_000, 1_000_000))
    result = cli("publish", art, "--to", "es")
    assert result.exit_code == 0 and "unchanged" in result.output
    assert out.stat().st_mtime == 1_000_000


# -- bad input: one line, nothing written --------------------------------------------------------

def test_a_changed_article_is_refused(cli, tmp_path):
    art, other = copy(ARTICLES / "brief.txt", tmp_path), copy(ARTICLES / "forum.md", tmp_path)
    write_catalog(other, "es", tmp_path / "locales", SPANISH)
    write_catalog(art, "es", tmp_path / "locales", SPANISH, drop={"Trade grew."})
    result = cli("publish", other, art, "--to", "es")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"error: {art}:3: the sentence 'Trade grew.' has no entry in locales/es/LC_MESSAGES/brief.po "
        "(the article changed since its catalog was made: run `glossator translate` on it first)")
    assert not (tmp_path / "published").exists()


@pytest.mark.parametrize("setup, message", [
    ("missing-catalog", "locales/pt/LC_MESSAGES/forum.po: no pt catalog for forum.md (run `glossator translate"),
    ("unknown-format", "article.docx: .docx: not an article format"),
    ("out-is-a-file", "published/sub: published is a file, not a folder (pass another --out)"),
    ("same-stem", "forum.md and {tmp}/forum.txt would share the catalog forum.po"),
])
def test_bad_input_is_one_line_and_writes_nothing(cli, tmp_path, setup, message):
    art = copy(ARTICLES / "forum.md", tmp_path)
    write_catalog(art, "es", tmp_path / "locales", SPANISH)
    args, out = [art], tmp_path / "published"
    to = "es"
    if setup == "missing-catalog":
        to = "es,pt"
    elif setup == "unknown-format":
        (tmp_path / "article.docx").write_bytes(b"PK\x03\x04")
        args.append("article.docx")
    elif setup == "out-is-a-file":
        out.write_text("not a folder")
        out = out / "sub"
    elif setup == "same-stem":
        (tmp_path / "forum.txt").write_text("The forum met in Beijing.\n")
        args.append(tmp_path / "forum.txt")
    result = cli("publish", *args, "--to", to, "--out", os.path.relpath(out, tmp_path))
    assert result.exit_code == 1
    message = message.format(tmp=tmp_path)
    assert len(result.output.strip().splitlines()) == 1 and message in result.output, result.output
    assert not (tmp_path / "published").is_dir()


def test_skip_missing_publishes_the_languages_that_have_catalogs(cli, tmp_path):
    art = copy(ARTICLES / "brief.txt", tmp_path)
    write_catalog(art, "es", tmp_path / "locales", SPANISH, fuzzy={"Trade grew."})
    result = cli("publish", art, "--to", "zh,es", "--draft", "--skip-missing")
    assert result.exit_code == 0, result.output
    assert "zh: skipped, no catalog for 1 article(s) in locales" in result.output
    assert (tmp_path / "published" / "es" / "brief.txt").is_file()
    assert not (tmp_path / "published" / "zh").exists()
