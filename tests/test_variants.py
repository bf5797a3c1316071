"""Regional variants: a bare target (es, pt, zh) uses a regional variant's terms where a concept
has none of its own; the order is set per glossary (in the database) or per run."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import requires_apertium

from glossator.errors import GlossatorError
from glossator.glossary import exchange, variants
from glossator.glossary.model import Concept, Status, Term
from glossator.glossary.store import Glossary, OnConflict
from glossator.translate import constraints as cons
from glossator.translate.pipeline import Enforcer

MASK = Concept("face-mask", [Term("en", "face mask"), Term("es-419", "cubrebocas"), Term("es-ES", "mascarilla"),
                             Term("pt-BR", "máscara facial"), Term("pt-PT", "máscara cirúrgica"),
                             Term("zh-CN", "口罩"), Term("zh-TW", "口罩罩")])


@pytest.fixture
def regional(blank) -> Glossary:
    blank.write([MASK, Concept("npc", [Term("en", "NPC"), Term("es", "APN"), Term("es-419", "ANP")])])
    return blank


@pytest.mark.parametrize("target, chain", [
    ("es", ["es", "es-419", "es-ES"]),
    ("es-ES", ["es-ES", "es", "es-419"]),
    ("es-419", ["es-419", "es", "es-ES"]),
    ("pt", ["pt", "pt-BR", "pt-PT"]),
    ("pt-PT", ["pt-PT", "pt", "pt-BR"]),
    ("zh", ["zh", "zh-Hans", "zh-CN"]),
    ("zh-Hans", ["zh-Hans", "zh", "zh-CN"]),
    ("zh-TW", ["zh-TW", "zh-Hant"]),  # the Traditional rules stay: never a Simplified term
    ("zh-Hant", ["zh-Hant"]),
])
def test_default_chain_puts_own_terms_first_then_variants_in_the_default_order(target, chain):
    langs = frozenset({"es", "es-419", "es-ES", "pt", "pt-BR", "pt-PT", "zh", "zh-Hans", "zh-CN", "zh-TW",
                       "zh-Hant"})
    assert variants.Variants(langs).chain(target) == chain


def test_own_terms_win_then_the_glossarys_order_then_the_runs(regional):
    policy = variants.load(regional)
    npc, mask = regional.get("npc"), regional.get("face-mask")
    assert variants.resolved(npc, "es", policy).text == "APN"  # es has its own term
    assert variants.resolved(mask, "es", policy).text == "cubrebocas"  # es-419 first by default
    assert variants.resolved(mask, "pt", policy).text == "máscara facial"
    assert variants.resolved(mask, "zh", policy).text == "口罩"
    variants.store(regional, "es", ["es-ES"])
    variants.store(regional, "pt", ["pt-PT", "pt-BR"])
    stored = variants.load(regional)
    assert variants.resolved(mask, "es", stored).text == "mascarilla"
    assert variants.resolved(mask, "pt", stored).text == "máscara cirúrgica"
    run = stored.with_run(["es-419"])
    assert variants.resolved(mask, "es", run).text == "cubrebocas"
    assert variants.resolved(mask, "es", stored.with_run(fallback=False)) is None
    variants.store(regional, "es", off=True)
    assert variants.resolved(mask, "es", variants.load(regional)) is None
    assert variants.resolved(mask, "es", variants.load(regional).with_run(["es-ES"])).text == "mascarilla"


def test_the_policy_lives_in_the_database_file(regional, tmp_path):
    variants.store(regional, "es", ["es-ES", "es-419"])
    with sqlite3.connect(tmp_path / "blank.db") as conn:
        assert conn.execute("SELECT value FROM settings WHERE key = 'variants.es'").fetchone() == ("es-ES,es-419",)
    conn.close()
    again = Glossary.open(tmp_path / "blank.db", seed=False)
    assert variants.load(again).order["es"] == ("es-ES", "es-419")
    again.close()


@pytest.mark.parametrize("lang, order, message", [
    ("es-419", ["es-ES"], "regional tag"),
    ("es", ["pt-BR"], "not a regional variant of 'es'"),
    ("es", ["es"], "not a regional variant"),
    ("zh", ["zh-TW"], "Traditional Chinese"),
    ("es", ["es-XX"], "unknown region"),
])
def test_bad_variant_settings_are_refused(regional, lang, order, message):
    with pytest.raises(GlossatorError, match=message):
        variants.store(regional, lang, order)


def test_constraints_and_avoid_lists_follow_the_variant_in_use(blank):
    blank.write([Concept("computer", [
        Term("en", "computer"), Term("es-419", "computadora"), Term("es-419", "ordenador", status=Status.DEPRECATED),
        Term("es-ES", "ordenador"), Term("es-ES", "computadora", status=Status.DEPRECATED)])])
    latin = Enforcer(blank)
    spain = Enforcer(blank, variants.load(blank).with_run(["es-ES"]))
    for enforcer, want, avoid in ((latin, "computadora", "ordenador"), (spain, "ordenador", "computadora")):
        matches = enforcer.matcher.find("The computer is new.")
        assert [c.required.text for c in enforcer.constraints(matches, "es")] == [want]
        # the other region's deprecation is not held against the term this run uses
        assert [m.surface for m in enforcer.avoid("es").find(f"La {want} y la {avoid}.")] == [avoid]
    assert cons.build(latin.matcher.find("The computer"), latin.concepts, "es") == []  # no chain: as before


def test_coverage_counts_own_terms_variants_and_unreachable(regional):
    concepts = list(regional.concepts())
    policy = variants.load(regional)
    assert variants.coverage(concepts, "es", policy) == {"target": "es", "own": 1, "via": {"es-419": 1},
                                                         "unreachable": {}}
    off = policy.with_run(fallback=False)
    cov = variants.coverage(concepts, "es", off)
    assert cov["unreachable"] == {"es-419+es-ES": 1}
    assert variants.warning(cov, off).startswith("es: 1 concept(s) have terms only in variants this run cannot use")
    assert "--no-variant-fallback" in variants.warning(cov, off)
    assert variants.coverage(concepts, "zh-TW", policy)["own"] == 1


def test_glossary_variants_command_sets_shows_and_resets(cli):
    assert cli("glossary", "variants", "es", "es-ES", "es-419").exit_code == 0
    r = cli("glossary", "variants", "--json")
    assert json.loads(r.stdout)["es"] == "es-ES, es-419"
    assert json.loads(cli("glossary", "variants", "pt", "--off", "--json").stdout) == {"pt": "off"}
    assert json.loads(cli("glossary", "variants", "pt", "--reset", "--json").stdout) == {
        "pt": "pt-BR, pt-PT (default)"}
    bad = cli("glossary", "variants", "es", "pt-BR")
    assert bad.exit_code == 1 and "not a regional variant of 'es'" in bad.stderr
    assert cli("glossary", "variants", "es").exit_code == 1  # nothing to set


def test_stats_shows_coverage_per_target_for_imported_tico_terms(cli, tico_dir):
    assert cli("glossary", "import", tico_dir / "g_en_es-419.csv").exit_code == 0
    data = json.loads(cli("glossary", "stats", "--to", "es-ES", "--json").stdout)
    cov = {c["target"]: c for c in data["coverage"]}
    assert cov["es"]["via"] == {"es-419": 337} and cov["es-ES"]["via"] == {"es-419": 337}
    cli("glossary", "variants", "es", "--off")
    table = cli("glossary", "stats", "--to", "es-ES").stdout
    assert "coverage per target" in table
    cov = {c["target"]: c for c in json.loads(cli("glossary", "stats", "--to", "es-ES", "--json").stdout)["coverage"]}
    assert cov["es-ES"]["unreachable"] == {"es-419": 337} and cov["es-ES"]["via"] == {}


@requires_apertium
def test_translate_to_bare_es_enforces_the_regional_terms_and_warns_when_it_cannot(cli, tmp_path, tico_dir):
    article = tmp_path / "masks.txt"
    article.write_text("Everyone should wear a face mask in the shop.\n", encoding="utf-8")
    assert cli("glossary", "add", "en=face mask", "es-419=cubrebocas", "es-ES=mascarilla").exit_code == 0
    assert cli("glossary", "import", tico_dir / "g_en_es-419.csv").exit_code == 0

    def run(*extra):
        r = cli("translate", article, "--to", "es", "--engine", "apertium", "--json", "--out", tmp_path / "o",
                *extra)
        assert r.exit_code == 0, r.output
        (tmp_path / "o" / "es" / "LC_MESSAGES" / "masks.po").unlink()
        return json.loads(r.stdout)["results"][0]["translation"], r.stderr

    text, err = run()
    assert "cubrebocas" in text and "warning" not in err  # Apertium alone writes "máscara de cara"
    text, err = run("--variants", "es-ES")
    assert "mascarilla" in text
    text, err = run("--no-variant-fallback")
    assert "cubrebocas" not in text and "mascarilla" not in text
    assert ("warning: es: 338 concept(s) have terms only in variants this run cannot use "
            "(es-419 337, es-419+es-ES 1)") in err
    cli("glossary", "variants", "es", "es-ES")
    assert "mascarilla" in run()[0]


def test_old_database_gains_the_settings_table_on_open(tmp_path):
    path = tmp_path / "old.db"
    Glossary.open(path, seed=False).close()
    with sqlite3.connect(path) as conn:  # as a Glossator before the settings table left it
        conn.execute("DROP TABLE settings")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_settings'")
    conn.close()
    g = Glossary.open(path, seed=False)
    variants.store(g, "es", ["es-ES"])
    assert variants.load(g).order == {"es": ("es-ES",)}


def test_tico_latin_american_terms_reach_bare_targets(blank, tico_dir):
    for name in ("g_en_es-419.csv", "g_en_pt-BR.csv", "g_en_zh-CN.csv"):
        exchange.import_file(blank, tico_dir / name, on_conflict=OnConflict.MERGE)
    enforcer = Enforcer(blank)
    matches = enforcer.matcher.find("Confirmed cases rose.")
    assert [c.required.text for c in enforcer.constraints(matches, "es")] == ["casos confirmados"]
    assert [c.required.text for c in enforcer.constraints(matches, "pt")] == ["casos confirmados"]
    assert [c.required.lang for c in enforcer.constraints(matches, "zh")] == ["zh-CN"]
    assert enforcer.constraints(matches, "zh-TW") == []


@pytest.mark.parametrize("value, message", [("es", "name a regional variant"), ("es-XX", "unknown region")])
def test_a_bad_variants_option_stops_the_run_before_any_work(cli, project, tmp_path, value, message):
    r = cli("translate", project, "--to", "es", "--variants", value, "--out", tmp_path / "o")
    assert r.exit_code == 1 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_check_holds_a_bare_es_catalog_to_the_regional_term_the_glossary_stores(cli, tmp_path):
    import polib

    cli("glossary", "add", "en=face mask", "es-419=cubrebocas", "es-ES=mascarilla")
    po = polib.POFile()
    po.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Wear a face mask.", msgstr="Lleve una mascarilla."))
    po.save(str(tmp_path / "a.po"))
    r = cli("check", tmp_path / "a.po", "--json")
    assert r.exit_code == 1 and "'cubrebocas'" in r.stdout
    cli("glossary", "variants", "es", "es-ES")
    assert cli("check", tmp_path / "a.po").exit_code == 0
