"""The shared on-disk cache: one build per key, rebuilt when a digest changes, off on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.filecache import cache_dir, cached, digest


def test_a_value_is_built_once_per_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path))
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"kyiv": len(builds)}

    key = digest([("places.tsv", b"one")])
    assert key != digest([("places.tsv", b"two")])
    assert cached("t-", key, build) == {"kyiv": 1}
    assert cached("t-", key, build) == {"kyiv": 1}  # read back, not rebuilt
    assert builds == [1]
    assert cached("t-", digest([("places.tsv", b"two")]), build) == {"kyiv": 2}


def test_an_unreadable_entry_is_built_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path))
    (tmp_path / "t-broken.pickle").write_bytes(b"not a pickle")
    assert cached("t-", "broken", lambda: 7) == 7
    assert cached("t-", "broken", lambda: 8) == 7  # the rebuilt value replaced the bad file


def test_caching_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", "off")
    assert cache_dir() is None
    values = iter([1, 2])
    assert cached("t-", "k", lambda: next(values)) == 1
    assert cached("t-", "k", lambda: next(values)) == 2
    assert list(tmp_path.iterdir()) == []
