"""The command line: a thin adapter over the library.

Each command parses its arguments, calls one library function and renders the
result. Errors from the library become exit codes:

    0  success
    1  nothing could be read (every input was rejected)
    2  bad usage (unknown option, bad date)
    3  configuration or data-file error (missing model package, invalid YAML)
    4  store error (database locked, unreadable or too new)
"""

from __future__ import annotations

import logging

import typer

from communique.cli import actors, analysis, check, coding, evaluate, serve

app = typer.Typer(
    help="communique: news text in, evidenced political event data out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Each module adds its commands to the one app; one line per module keeps this file small.
for module in (coding, analysis, check, serve, actors, evaluate):
    app.registered_commands += module.app.registered_commands
    app.registered_groups += module.app.registered_groups


def main() -> None:
    """Entry point of the `communique` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
