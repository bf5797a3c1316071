"""Scan the whole CLI for a path that still leaks a traceback.

Every registered command (found by walking typer's click tree, so a new
command is scanned without editing this file) is run with hostile input in
each of its file parameters and arguments: a missing file, an empty file, a
folder where a file is expected, a file where a folder is expected, binary
junk; and with junk in the environment variables it reads. Whatever happens,
the outcome must be an exit code and words: never an exception escaping the
command, never "Traceback" in the output.
"""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from glossator.cli.main import app

# online: would fetch the argos index for a language pair; its --file form is scanned
ONLINE = {("engines", "install"): {"source", "target"}}


def commands(cmd=None, path=()):
    """(path, click command) for every leaf command."""
    cmd = cmd or typer.main.get_command(app)
    if hasattr(cmd, "commands"):
        for name, sub in cmd.commands.items():
            yield from commands(sub, (*path, name))
    else:
        yield path, cmd


def group_options(path):
    """Options of the groups above a leaf (``glossary --db``), which go before its name."""
    cmd, out = typer.main.get_command(app), []
    for name in path[:-1]:
        cmd = cmd.commands[name]
        out.append([p for p in cmd.params if p.name != "help"])
    return out


def is_path(param) -> bool:
    return type(param.type).__name__ in ("TyperPath", "Path") or param.name in ("db", "out", "output", "file")


@pytest.fixture
def hostile(tmp_path):
    """Named hostile values: paths on disk that are wrong in some way, and strings."""
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "a-file").write_text("not a folder\n")
    return {
        "missing": str(tmp_path / "no-such-file.po"),
        "empty": str(tmp_path / "empty.txt"),
        "folder": str(tmp_path / "a-folder"),
        "file": str(tmp_path / "a-file"),
        "junk": str(tmp_path / "junk.bin"),
        "in missing folder": str(tmp_path / "no-such-folder" / "x.po"),
        "dash": "-x",
        "blank": " ",
        "soon": "soon",
    }


@pytest.fixture
def article(tmp_path):
    """A good article: with it, a command gets past its arguments to what reads the environment."""
    path = tmp_path / "story.txt"
    path.write_text("The minister spoke.\n\nThe talks ended.\n", encoding="utf-8")
    return str(path)


ENVIRONMENTS = {
    "GLOSSATOR_DB=folder": ("GLOSSATOR_DB", "folder"),
    "GLOSSATOR_DB=junk": ("GLOSSATOR_DB", "junk"),
    "GLOSSATOR_DB=in missing folder": ("GLOSSATOR_DB", "in missing folder"),
    "GLOSSATOR_LIBRETRANSLATE_URLS=junk": ("GLOSSATOR_LIBRETRANSLATE_URLS", "dash"),
    "GLOSSATOR_LIBRETRANSLATE_API_KEY=junk": ("GLOSSATOR_LIBRETRANSLATE_API_KEY", "junk"),
    "GLOSSATOR_LOCK_TIMEOUT=junk": ("GLOSSATOR_LOCK_TIMEOUT", "soon"),
}


def invocations(path, cmd, hostile):
    """Argument lists for ``path``: each hostile value in every argument and file option at once,
    then in each file option alone (the others left out)."""
    skip = ONLINE.get(path, set())
    params = [p for p in cmd.params if p.name != "help" and p.name not in skip]

    def args(value, only=None):
        out = []
        for p in params:
            if only is not None and p is not only and not p.required:
                continue
            if p.param_type_name == "argument":
                out += [value] * (2 if p.nargs == -1 else 1)
            elif is_path(p) or p.required:
                if p.is_flag:
                    continue
                out += [p.opts[0], value]
        return out

    for name, value in hostile.items():
        yield f"all={name}", [*path, *args(value)]
        for p in params:
            if p.param_type_name == "option" and is_path(p):
                yield f"{p.opts[0]}={name}", [*path, *args(hostile['file'], only=p)[:-1], value] \
                    if args(hostile['file'], only=p)[-2:-1] == [p.opts[0]] else [*path, *args(value, only=p)]
    for group_params, name in zip(group_options(path), path):
        for p in group_params:
            if p.param_type_name == "option" and is_path(p):
                for value_name, value in hostile.items():
                    at = path.index(name) + 1
                    yield f"{name} {p.opts[0]}={value_name}", [*path[:at], p.opts[0], value, *path[at:],
                                                              *args(hostile["missing"])]


def arguments(path, cmd, value):
    """Only what the command requires, each set to ``value``; options that have an environment
    variable are left to it."""
    out = []
    for p in cmd.params:
        if p.param_type_name == "argument" and p.name not in ONLINE.get(path, set()):
            out.append(value)
        elif p.required:
            out += [p.opts[0], value]
    return out


def leaks_of(cases) -> tuple[list[str], int]:
    runner, leaks = CliRunner(), []
    for label, argv, env in cases:
        clean = {var: None for var, _ in ENVIRONMENTS.values()}
        result = runner.invoke(app, argv, env={**clean, **env}, catch_exceptions=True)
        escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
        if escaped or "Traceback" in result.output:
            leaks.append(f"{label}: glossator {' '.join(map(str, argv))}: "
                         f"{type(result.exception).__name__}: {result.exception}")
    return leaks, len(cases)


def test_no_command_leaks_a_traceback_on_hostile_files(tmp_path, hostile, monkeypatch):
    monkeypatch.chdir(tmp_path)
    leaks, runs = leaks_of([(f"{' '.join(p)} {label}", argv, {})
                            for p, cmd in commands() for label, argv in invocations(p, cmd, hostile)])
    assert runs > 300, runs  # the scan really ran over the commands
    assert not leaks, f"{len(leaks)} of {runs} runs leaked a traceback:\n" + "\n".join(leaks)


@pytest.mark.parametrize("env", list(ENVIRONMENTS))
def test_no_command_leaks_a_traceback_on_junk_in_the_environment(tmp_path, hostile, article, monkeypatch, env):
    monkeypatch.chdir(tmp_path)
    var, value = ENVIRONMENTS[env]
    leaks, runs = leaks_of([(f"{' '.join(p)} with {env}", [*p, *arguments(p, cmd, article)], {var: hostile[value]})
                            for p, cmd in commands()])
    assert runs >= 15, runs
    assert not leaks, f"{len(leaks)} of {runs} runs leaked a traceback:\n" + "\n".join(leaks)
