"""The Ray engine writes the same events as the local engine on the same input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.pipeline import run
from communique.serialize import to_jsonable
from communique.store import EventStore

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    # Ray warns about its own setup (auth tokens, actor restarts); not our behaviour.
    pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning"),
]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=128 * 1024 * 1024,
        logging_level="ERROR",
    )
    try:
        yield
    finally:
        ray.shutdown()


def _stored(db: Path) -> tuple[dict[str, object], set[str]]:
    with EventStore(db, read_only=True) as store:
        events = {event.id: to_jsonable(event) for event in store.events()}
        articles = {row[0] for row in store.con.execute("SELECT id FROM articles").fetchall()}
    return events, articles


def test_ray_engine_stores_the_same_events_and_reruns_add_nothing(
    local_ray: None, tmp_path: Path
) -> None:
    with EventStore(tmp_path / "local.duckdb") as store:
        local = run([EXAMPLES], store)
    with EventStore(tmp_path / "ray.duckdb") as store:
        on_ray = run([EXAMPLES], store, engine="ray", workers=2)
        again = run([EXAMPLES], store, engine="ray", workers=2)

    assert local.stored > 0 and local.events > 0
    assert (on_ray.read, on_ray.stored, on_ray.rejected, on_ray.events) == (
        local.read,
        local.stored,
        local.rejected,
        local.events,
    )
    assert again.stored == 0 and again.already_stored == on_ray.stored
    local_events, local_articles = _stored(tmp_path / "local.duckdb")
    ray_events, ray_articles = _stored(tmp_path / "ray.duckdb")
    assert ray_articles == local_articles
    assert ray_events.keys() == local_events.keys()
    for event_id, record in local_events.items():
        assert ray_events[event_id] == record, event_id
