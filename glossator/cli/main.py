"""The ``glossator`` command. Thin: parse options, call the core, show results.

Start-up stays light: this module imports typer and nothing heavy; each
command imports what it needs when it runs. Every :class:`GlossatorError`
raised by the core is turned into one line on stderr here, and nowhere else;
so is every :class:`GlossatorWarning`, as a ``warning:`` line.
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    # typer 0.27 vendors click as typer._click, and TyperGroup.invoke takes that click's Context
    # (typer.Context is a subclass: an override may not narrow it).
    from typer._click.core import Context as ClickContext

from glossator import __version__
from glossator.errors import GlossatorError, GlossatorWarning

EXIT_ERROR = 1


class GlossatorGroup(TyperGroup):
    """Shows a domain error as one line, ``error: file:line: message (what to do)``,
    and exits 1; usage errors keep click's exit code 2."""

    def invoke(self, ctx: ClickContext) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", GlossatorWarning)
            try:
                return super().invoke(ctx)
            except GlossatorError as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(EXIT_ERROR) from exc
            except OSError as exc:
                # Last resort for a file the core did not expect to fail on (a folder where a file
                # goes, a missing folder, a full disk...): one line with the path and the OS's words.
                # Only file errors (those with a path) are caught here, and nothing broader: any other
                # exception is a bug and keeps its traceback, so that it gets reported and fixed.
                path = exc.filename2 or exc.filename  # a failed rename's target is the user's file
                if path is None:
                    raise
                typer.echo(f"error: {os.fsdecode(path)}: {exc.strerror or exc} "
                           "(check that path: its folder must exist and be writable)", err=True)
                raise typer.Exit(EXIT_ERROR) from exc
            finally:
                for w in caught:
                    if issubclass(w.category, GlossatorWarning):
                        typer.echo(f"warning: {w.message}", err=True)
                    else:
                        warnings.showwarning(w.message, w.category, w.filename, w.lineno)


app = typer.Typer(
    cls=GlossatorGroup,
    help="Glossator: offline translation with enforced terminology, for news desks.",
    no_args_is_help=True,
    add_completion=False,
    # Plain click output: errors stay one line, and --help does not import rich.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossator {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Glossator: offline translation with enforced terminology, for news desks."""


def _register() -> None:
    from glossator.cli import (catalog_cmds, engines_cmds, glossary_cmds, publish_cmds, scan_cmds, translate_cmds,
                               variants_cmds)

    scan_cmds.register(glossary_cmds.app, glossary_cmds.open_glossary)
    variants_cmds.register(glossary_cmds.app, glossary_cmds.open_glossary)
    app.add_typer(glossary_cmds.app, name="glossary")
    app.add_typer(engines_cmds.app, name="engines")
    translate_cmds.register(app)
    catalog_cmds.register(app)
    publish_cmds.register(app)


_register()


def run() -> None:
    app(prog_name="glossator")
