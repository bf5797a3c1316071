"""The glossary CLI, in-process through typer's CliRunner, on real database files."""

from __future__ import annotations

import json

import pytest


def test_version(cli):
    r = cli("--version")
    assert r.exit_code == 0 and r.stdout.startswith("glossator ")


def test_first_command_creates_and_seeds_glossary_db_in_the_working_folder(cli, tmp_path):
    r = cli("glossary", "stats", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["concepts"] >= 60
    assert (tmp_path / "glossary.db").exists()


def test_db_option_and_env_var_choose_the_file(cli, tmp_path, monkeypatch):
    assert cli("glossary", "--db", tmp_path / "a.db", "stats").exit_code == 0
    monkeypatch.setenv("GLOSSATOR_DB", str(tmp_path / "b.db"))
    assert cli("glossary", "stats").exit_code == 0
    assert (tmp_path / "a.db").exists() and (tmp_path / "b.db").exists()
    assert not (tmp_path / "glossary.db").exists()


def test_add_show_search_edit_remove(cli):
    r = cli("glossary", "add", "en=Global Security Initiative Forum", "zh=全球安全倡议论坛", "--domain", "event", "--json")
    assert r.exit_code == 0, r.output
    concept = json.loads(r.stdout)
    assert concept["id"] == "global-security-initiative-forum"
    r = cli("glossary", "search", "安全倡议论坛", "--json")
    assert [h["concept"] for h in json.loads(r.stdout)] == ["global-security-initiative-forum"]
    r = cli("glossary", "edit", "global-security-initiative-forum", "--prefer", "es=Foro de la Iniciativa para la Seguridad Global",
            "--add", "en=GSI Forum", "--kind", "abbreviation", "--json")
    assert r.exit_code == 0, r.output
    terms = {(t["lang"], t["text"]): t for t in json.loads(r.stdout)["terms"]}
    assert terms[("en", "GSI Forum")]["kind"] == "abbreviation"
    assert terms[("es", "Foro de la Iniciativa para la Seguridad Global")]["status"] == "preferred"
    r = cli("glossary", "show", "global-security-initiative-forum")
    assert "Foro de la Iniciativa para la Seguridad Global" in r.stdout
    assert cli("glossary", "remove", "global-security-initiative-forum", "--yes").exit_code == 0
    r = cli("glossary", "show", "global-security-initiative-forum")
    assert r.exit_code == 1 and "no concept with id" in r.stderr


def test_remove_asks_before_deleting(cli):
    r = cli("glossary", "remove", "celac", input="n\n")
    assert r.exit_code == 1
    assert cli("glossary", "show", "celac").exit_code == 0


def test_list_table_and_json(cli):
    r = cli("glossary", "list", "--domain", "publication", "--json")
    data = json.loads(r.stdout)
    assert {d["id"] for d in data} >= {"beijing-review", "china-hoy"}
    assert data[0]["preferred"].keys() == {"en", "zh", "es", "pt"}
    r = cli("glossary", "list")
    assert "CELAC" in r.stdout or "Community of Latin American" in r.stdout


def test_export_csv_to_stdout_starts_with_desk_header(cli):
    r = cli("glossary", "export", "--format", "csv")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "en,zh,es,pt,pos,description"


def test_export_to_file_then_import_elsewhere(cli, tmp_path):
    out = tmp_path / "g.tbx"
    assert cli("glossary", "export", "-f", "tbx", "-o", out).exit_code == 0
    r = cli("glossary", "--db", tmp_path / "other.db", "import", out, "--on-conflict", "replace", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["replaced"] >= 60
    assert not list(tmp_path.glob(".g.tbx.*"))  # no temp file left behind


def test_bad_import_is_one_line_with_file_line_and_hint_and_writes_nothing(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("en,zh,es\nCELAC,拉共体,CELAC\n,,\nNew Concept,新概念,\"unterminated\n", encoding="utf-8")
    before = cli("glossary", "stats", "--json").stdout
    r = cli("glossary", "import", bad)
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {bad}:4: ") and "truncated" in lines[0]
    assert cli("glossary", "stats", "--json").stdout == before


def test_usage_errors_exit_2(cli):
    r = cli("glossary", "export", "--format", "docx")
    assert r.exit_code == 2


@pytest.mark.parametrize("args", [["glossary", "add", "english"], ["glossary", "add", "xx=Term"]])
def test_bad_add_arguments_are_explained(cli, args):
    r = cli(*args)
    assert r.exit_code == 1 and r.stderr.startswith("error: ")


def test_export_does_not_leave_partial_file_on_error(cli, tmp_path):
    out = tmp_path / "keep.csv"
    out.write_text("translator's own file\n")
    r = cli("glossary", "export", "-l", "en,xx", "-o", out)
    assert r.exit_code == 1
    assert out.read_text() == "translator's own file\n"
