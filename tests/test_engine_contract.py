"""The same behaviour whatever translates: enforcement, PO writing and the translation memory,
parametrised over the local argos engine and a pool of two LibreTranslate servers (same package)."""

from __future__ import annotations

import json
import os
import subprocess

import polib
import pytest
from conftest import SEED_ARTICLES, requires_libretranslate


@pytest.fixture(params=["argos", pytest.param("libretranslate", marks=[requires_libretranslate, pytest.mark.slow])])
def engine_args(request, argos_en_zh):
    if request.param == "argos":
        return ["--engine", "argos"]
    servers = request.getfixturevalue("libretranslate_pair")
    return ["--engine", "libretranslate", *[a for s in servers for a in ("--server", s.url)]]


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(SEED_ARTICLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    return path


def po_of(tmp_path, stem="story"):
    return tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / f"{stem}.po"


def run(cli, engine_args, *articles):
    r = cli("translate", *articles, "--to", "zh", "--json", *engine_args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_every_term_is_enforced_or_flagged(cli, engine_args, article):
    data = run(cli, engine_args, article)
    segs = data["results"]
    assert len(segs) == 20 and {s["engine"] for s in segs} == {engine_args[1]}
    assert any(s["concepts"] for s in segs)
    for s in segs:
        for applied in s["applied"]:
            assert applied["term"] in s["translation"]
        if s["layer"] == "failed":
            assert s["failures"] and any("needs review" in f for f in s["flags"])


def test_catalog_is_valid_and_complete(cli, engine_args, article, tmp_path):
    run(cli, engine_args, article)
    path = po_of(tmp_path)
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)
    po = polib.pofile(str(path))
    assert len(po) == 20 and all(e.msgstr and e.fuzzy for e in po)
    assert all(f"machine translation: {engine_args[1]}" in e.comment for e in po)


APPROVED = "七十多位专家出席了论坛。"


def translate_and_approve_one(cli, engine_args, article, tmp_path) -> tuple:
    """Translate the article, then approve a translator's text for its second entry, as in Poedit."""
    run(cli, engine_args, article)
    path = po_of(tmp_path)
    po = polib.pofile(str(path))
    po[1].msgstr, po[1].flags = APPROVED, []
    po.save(str(path))
    return path, po[1].msgid


def test_rerun_calls_no_engine_and_translator_edits_survive(cli, engine_args, article, tmp_path):
    path, approved = translate_and_approve_one(cli, engine_args, article, tmp_path)
    again = run(cli, engine_args, article)
    assert again["results"] == [] and again["catalogs"][0]["engine"] is None
    with article.open("a", encoding="utf-8") as f:
        f.write("The forum will meet again in Beijing next year.\n")
    third = run(cli, engine_args, article)
    assert [s["source"] for s in third["results"]] == ["The forum will meet again in Beijing next year."]
    kept = {e.msgid: e for e in polib.pofile(str(path))}[approved]
    assert kept.msgstr == APPROVED and not kept.fuzzy


def test_translation_memory_serves_approved_sentences(cli, engine_args, article, tmp_path):
    _, approved = translate_and_approve_one(cli, engine_args, article, tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(approved + "\nA sentence nobody has translated.\n", encoding="utf-8")
    data = run(cli, engine_args, other)
    assert [s["source"] for s in data["results"]] == ["A sentence nobody has translated."]
    reused = polib.pofile(str(po_of(tmp_path, "other")))[0]
    assert reused.msgstr == APPROVED and "translation memory" in reused.comment
