"""The one Typer app every command module registers on, and its root options.

Root options apply to every command: `--debug` (show the traceback instead of the one-line
error) and `--version`. They live here, not in `main()`, so `regencheck --help` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from .. import __version__


@dataclass
class RootOptions:
    """What the root callback parsed; `main()` reads `debug` when a command fails."""

    debug: bool = False


root_options = RootOptions()

app = typer.Typer(
    name="regencheck",
    help="Check what a stem-cell or regenerative-medicine offer in Korea is, and whether it is lawful.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"regencheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback instead of the one-line error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Check what a stem-cell or regenerative-medicine offer in Korea is, and whether it is lawful."""
    root_options.debug = debug
