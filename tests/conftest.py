"""The only conftest: shared fixtures for every test module."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_d266b461f1e30434.txt"
EXAMPLES = REPO / "examples" / "articles"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or a clean skip when a user's clone does not have it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default spaCy pipeline, loaded once per test session."""
    from communique.nlp import load_pipeline

    return load_pipeline()
