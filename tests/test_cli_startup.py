"""`communique --help` answers at once: the command line loads no heavy library until a
command runs (speed itself is measured by `make bench`, never in a test)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("spacy", "duckdb", "pandas", "matplotlib", "datasketch", "scipy", "trafilatura")


def test_the_command_line_loads_no_heavy_library_to_show_its_help() -> None:
    probe = (
        "import sys; from communique.cli.app import app; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert loaded == ""
    shown = subprocess.run(
        [sys.executable, "-m", "communique", "--help"], check=True, capture_output=True, text=True
    )
    assert "evaluate" in shown.stdout
