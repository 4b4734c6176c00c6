"""The Ray engine writes the same events as the local engine on the same input."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.pipeline import run
from communique.pipeline.ray_engine import RayCoder, code_with_ray
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
        articles = {row[0] for row in store._con.execute("SELECT id FROM articles").fetchall()}
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


def test_ray_worker_dying_mid_batch_is_retried_and_loses_nothing(
    local_ray: None, tmp_path: Path
) -> None:
    import sys

    import ray

    from communique.config import load_settings
    from communique.ingest import read_articles
    from communique.pipeline import Pipeline
    from communique.records import CodedArticle

    # Ray's workers cannot import this test module: ship the subclass by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    marker = tmp_path / "a worker died"
    articles = list(read_articles([EXAMPLES]))
    local = {c.article.id: c for c in Pipeline().code(articles) if isinstance(c, CodedArticle)}

    coded = list(
        code_with_ray(
            articles,
            load_settings(),
            workers=2,
            batch_size=2,
            actor_class=_dying_coder(str(marker)),
        )
    )
    assert marker.exists(), "no worker died: the test did not test anything"
    on_ray = {c.article.id: c for c in coded if isinstance(c, CodedArticle)}
    assert len(coded) == len(articles)
    assert on_ray.keys() == local.keys()
    for article_id, result in local.items():
        assert {e.id for e in on_ray[article_id].events} == {e.id for e in result.events}


def _dying_coder(marker: str) -> type[RayCoder]:
    class DyingCoder(RayCoder):
        """Kills its own process on the first batch any worker sees (once per test)."""

        def __call__(self, batch: dict[str, object]) -> dict[str, object]:
            if not os.path.exists(marker):
                with open(marker, "w"):
                    pass
                os._exit(1)
            return super().__call__(batch)

    return DyingCoder
