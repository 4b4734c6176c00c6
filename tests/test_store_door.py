"""The store is the only door to the DuckDB file: no module outside ``communique.store``
reaches for its connection. (import-linter keeps ``import duckdb`` inside the store; this
keeps the connection attribute there too, so a reintroduction fails ``make test``.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from communique.store import EventStore

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "communique"
STORE = PACKAGE / "store"
# ``store.con``, ``self._con.execute``, ``getattr(store, "_con")``: any spelling of the
# connection attribute, public or private
CONNECTION = re.compile(r"""\.\s*_?con\b|["']_?con["']""")


def _outside_store() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if STORE not in p.parents]


def test_no_module_outside_the_store_touches_its_connection() -> None:
    files = _outside_store()
    assert len(files) > 50  # the scan sees the package, not an empty folder
    uses = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if CONNECTION.search(line)
    ]
    assert uses == [], "ask the store a named question instead:\n" + "\n".join(uses)


@pytest.mark.parametrize(
    "line",
    ["rows = store.con.execute(sql)", "store._con.execute('x')", 'getattr(store, "_con")'],
)
def test_the_scan_catches_each_spelling(line: str) -> None:
    assert CONNECTION.search(line)


@pytest.mark.parametrize("line", ["self.config = c", "store.count('events')", "x.console"])
def test_the_scan_passes_other_names(line: str) -> None:
    assert not CONNECTION.search(line)


def test_the_store_has_no_public_connection() -> None:
    with EventStore(":memory:") as store:
        assert not hasattr(store, "con")
