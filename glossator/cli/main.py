"""The ``glossator`` command. Thin: parse options, call the core, show results.

Start-up stays light: this module imports typer and nothing heavy; each
command imports what it needs when it runs. Every :class:`GlossatorError`
raised by the core is turned into one line on stderr here, and nowhere else.
"""

from __future__ import annotations

import click
import typer
from typer.core import TyperGroup

from glossator import __version__
from glossator.errors import GlossatorError

EXIT_ERROR = 1


class UserFacingError(click.ClickException):
    """A domain error, shown as one line: ``error: file:line: message (what to do)``."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class GlossatorGroup(TyperGroup):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GlossatorError as exc:
            raise UserFacingError(str(exc)) from exc
        except KeyboardInterrupt:
            raise click.Abort() from None


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
    from glossator.cli import glossary_cmds, translate_cmds

    app.add_typer(glossary_cmds.app, name="glossary")
    translate_cmds.register(app)


_register()


def run() -> None:
    app(prog_name="glossator")
