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
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from communique.cli import actors, analysis, check, coding, evaluate, serve


def _untyped_flags(params: list[Any]) -> list[Any]:
    """Typer's help writes each option's value type beside it, `<bool>` beside --help and every
    on/off flag too, though a flag takes no value: an empty metavar leaves that column blank."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


class _Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


def _flags_without_types(typer_app: typer.Typer) -> None:
    """Every command and group of ``typer_app``, nested ones too, built by the classes above."""
    for command in typer_app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = _Command
    for group in typer_app.registered_groups:
        group.cls = _Group
        if group.typer_instance is not None:
            _flags_without_types(group.typer_instance)


app = typer.Typer(
    help="communique: news text in, evidenced political event data out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_Group,
)
# Each module adds its commands to the one app; one line per module keeps this file small.
for module in (coding, analysis, check, serve, actors, evaluate):
    app.registered_commands += module.app.registered_commands
    app.registered_groups += module.app.registered_groups
_flags_without_types(app)


def main() -> None:
    """Entry point of the `communique` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
