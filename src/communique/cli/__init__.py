"""cli: the command line, a thin adapter over the library (one module per command group)."""

from communique.cli.app import app, main

__all__ = ["app", "main"]
