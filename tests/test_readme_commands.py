"""Every ``glossator`` command the README shows exists, with the options it is shown with.

The README is read with markdown-it-py (shell code blocks and inline code); each example's
command path is followed through the CLI's own command tree, and each option it uses must be
listed by that command's ``--help`` (or by a group above it, such as ``glossary --db``).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import typer
from markdown_it import MarkdownIt

from glossator.cli.main import app

README = Path(__file__).resolve().parent.parent / "README.md"


def examples() -> list[str]:
    out = []
    for token in MarkdownIt().parse(README.read_text(encoding="utf-8")):
        if token.type == "fence" and token.info.strip() in ("sh", "bash", "console"):
            text = token.content.replace("\\\n", " ")
            out += [line.split(" #", 1)[0].strip() for line in text.splitlines()]
        elif token.type == "inline":
            out += [c.content for c in token.children or [] if c.type == "code_inline"]
    return list(dict.fromkeys(e for e in out if e.startswith("glossator ")))


def command_path(words: list[str]) -> tuple[list[str], list, str | None]:
    """The subcommand names at the start of ``words`` (after the group options), the commands
    along the way, root first, and the first word a group did not know (None if none)."""
    cmd = typer.main.get_command(app)  # typer's own click: groups are known by get_command
    names, chain = [], [cmd]
    i = 0
    while hasattr(cmd, "get_command") and i < len(words):
        word = words[i]
        if word.startswith("-"):  # a group option (glossary --db FILE) and its value
            i += 1 if "=" in word or _is_flag(cmd, word) else 2
            continue
        sub = cmd.get_command(cmd.context_class(cmd), word)
        if sub is None:
            return names, chain, word
        names.append(word)
        chain.append(sub)
        cmd = sub
        i += 1
    return names, chain, None


def _is_flag(cmd, opt: str) -> bool:
    return any(opt in p.opts and getattr(p, "is_flag", False) for p in cmd.params)


EXAMPLES = examples()


def test_the_readme_shows_the_main_commands():
    shown = {" ".join(command_path(shlex.split(e)[1:])[0]) for e in EXAMPLES}
    assert {"translate", "check", "publish", "engines", "glossary import", "glossary export", "glossary stats",
            "tm import", "tm export"} <= shown


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_matches_help(cli, example):
    words = shlex.split(example)[1:]
    names, chain, unknown = command_path(words)
    leaf = chain[-1]
    assert not (hasattr(leaf, "get_command") and unknown), f"{example!r}: no command {unknown!r}"
    r = cli(*names, "--help")  # `glossator glossary` alone names the group, `glossator --help` the root
    assert r.exit_code == 0, r.output
    helps = r.stdout + "".join(cli(*names[:k], "--help").stdout for k in range(1, len(names)))
    for word in words:
        if word.startswith("-") and word not in ("-", "--help"):
            option = word.split("=", 1)[0]
            assert any(option in p.opts or option in getattr(p, "secondary_opts", []) for c in chain
                       for p in c.params), f"{example!r}: {' '.join(names)} has no option {option}"
            assert option in helps, f"{example!r}: {option} is not in `glossator {' '.join(names)} --help`"
