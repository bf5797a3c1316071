"""The translate run as a library (translate/run.py), without the CLI, and the rules of its layout."""

from __future__ import annotations

import subprocess
import sys

import polib
import pytest
from conftest import requires_apertium

from glossator.errors import GlossatorError
from glossator.translate import run
from glossator.translate.po import files, save
from glossator.translate.po.paths import catalog_path, template_path

ARTICLE = "The Belt and Road Initiative was discussed in Beijing.\nThe forum will meet again next year.\n"

PIPELINE = ("glossator.translate.pipeline", "glossator.translate.layers", "glossator.translate.run",
            "glossator.translate.catalog_job", "glossator.translate.enforce", "glossator.translate.engines")


def test_po_is_formats_and_merging_only_it_never_imports_the_pipeline(tmp_path):
    """translate/po/ reads, merges, checks and writes catalogs; translating is the run's job."""
    from pathlib import Path

    import glossator.translate.po as po

    modules = sorted(f"glossator.translate.po.{p.stem}" for p in Path(po.__file__).parent.glob("*.py")
                     if p.stem != "__init__")
    assert "glossator.translate.po.merge" in modules and len(modules) >= 8
    code = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
            f"bad = sorted(m for m in sys.modules if m.startswith({PIPELINE!r}))\nprint(' '.join(bad))")
    out = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_target_without_an_engine_stops_the_run_before_anything_is_written(article, tmp_path, seeded):
    p = run.plan([article], ["es"], tmp_path / "locales", seeded)
    assert p.needed == ["es"] and [len(j.plan.need_mt) for j in p.jobs] == [2]
    with pytest.raises(GlossatorError, match="es: no engine given for en->es") as err:
        run.execute(p, {})
    assert "--skip-missing" in (err.value.hint or "")
    assert not (tmp_path / "locales").exists()


def test_skip_missing_reports_the_target_and_writes_none_of_its_catalogs(article, tmp_path, seeded):
    result = run.execute(run.plan([article], ["es"], tmp_path / "locales", seeded), {}, skip_missing=True)
    assert list(result.missing) == ["es"] and result.reports == []
    [summary] = result.summaries()
    assert summary.target == "es" and summary.skipped is not None and summary.catalogs == 0
    assert result.to_dict() == {"catalogs": [], "results": [], "missing": {"es": "no engine given for en->es"}}
    assert not (tmp_path / "locales").exists()


@requires_apertium
def test_plan_and_execute_write_catalogs_and_segment_each_article_once(article, tmp_path, seeded, monkeypatch):
    from glossator.translate import pipeline
    from glossator.translate.engines.apertium import ApertiumEngine

    def segmented_again(doc):
        raise AssertionError(f"{doc.path} segmented a second time")

    monkeypatch.setattr(pipeline, "segment_document", segmented_again)
    out = tmp_path / "locales"
    result = run.execute(run.plan([article], ["es"], out, seeded), {"es": ApertiumEngine()})
    [report] = result.reports
    assert report.path == catalog_path(out, "es", "story") and report.written and report.engine == "apertium"
    assert report.counts.new == 2 and report.counts.kept == 0 and result.failed == 0
    [summary] = result.summaries()
    assert (summary.engine, summary.new, summary.written, summary.catalogs) == ("apertium", 2, 1, 1)
    assert sum(summary.terms.values()) == 2  # the initiative and Beijing
    po = polib.pofile(str(report.path))
    assert [e.msgid for e in po] == ARTICLE.splitlines() and all(e.fuzzy and e.msgstr for e in po)
    assert template_path(out, "story").is_file()
    again = run.plan([article], ["es"], out, seeded)
    assert again.needed == []
    result = run.execute(again, {})  # nothing to translate: no engine needed, nothing written
    assert [r.written for r in result.reports] == [False] and result.summaries()[0].engine is None


def test_a_changed_catalog_goes_through_msgcat_once(tmp_path, monkeypatch):
    from glossator.translate.po import catalog as cat

    path = tmp_path / "x.po"
    po = cat.new_pofile(cat.catalog_metadata("x", "es", None, cat.now()))
    po.append(polib.POEntry(msgid="One.", msgstr="Uno.", occurrences=[("x.txt", "1")]))
    assert save.save(po, "PO-Revision-Date", None, path) is True
    old = files.read_catalog(path)
    old.metadata["PO-Revision-Date"] = "2020-01-01 00:00+0000"  # the date the run read, long ago
    changed = cat.new_pofile(dict(old.metadata))
    changed.append(polib.POEntry(msgid="One.", msgstr="Una.", occurrences=[("x.txt", "1")]))
    calls = []

    def counted(p):
        calls.append(p)
        return files.render(p)

    monkeypatch.setattr(save, "render", counted)
    assert save.save(changed, "PO-Revision-Date", old, path) is True
    assert len(calls) == 1
    monkeypatch.undo()
    assert changed.metadata["PO-Revision-Date"] != "2020-01-01 00:00+0000"
    assert path.read_text(encoding="utf-8") == files.render(changed)  # what msgcat makes of the new date, too
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
