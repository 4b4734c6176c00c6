"""The Ray engine: the same stages, run by Ray Data actors on one machine or a cluster.

The driver (the process running ``communique run``) reads the input and stays the only
writer to the store; Ray only codes. Articles go to Ray Data in windows: each window
becomes a dataset of pickled articles, ``map_batches`` hands batches of them to a pool of
actors that each hold one loaded ``Pipeline``, and the coded records come back to the
driver pickled, to be written in input order. Records, not Parquet shards, come back:
the store's per-article transactions are what make an interrupted run resumable, and a
shard written by a worker would need the same transactional merge anyway.

Ray is an optional extra (``pip install 'communique[ray]'``) imported only here, and
only when the engine is used.
"""

from __future__ import annotations

import itertools
import logging
import pickle
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from communique.config import Settings
from communique.errors import ConfigError
from communique.pipeline.coder import Pipeline
from communique.records import Article, CodedArticle, Rejected

logger = logging.getLogger(__name__)

# Articles per dataset. Each window starts a fresh actor pool (one model load per actor),
# so windows are large; they bound what the driver holds at once.
WINDOW = 2000
# A small object store is enough: batches of pickled stories are a few MB each.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024


class RayCoder:
    """A Ray Data actor: one pipeline, loaded once, coding batches of pickled articles."""

    def __init__(self, settings: Settings) -> None:
        self.pipeline = Pipeline(settings)
        self.pipeline.warm_up()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        articles = [pickle.loads(payload) for payload in batch["payload"]]
        coded = [pickle.dumps(result) for result in self.pipeline.code(articles)]
        return {
            "index": np.asarray(batch["index"]),
            "result": np.array(coded, dtype=object),
        }


def _import_ray() -> Any:
    try:
        import ray  # noqa: PLC0415 - an optional extra, loaded only for this engine
        import ray.data  # noqa: PLC0415 - bare `pip install ray` lacks Ray Data's dependencies
    except ImportError as exc:
        raise ConfigError(
            f"the ray engine needs Ray Data, which is not installed ({exc.name or exc}): "
            "install it with `pip install 'communique[ray]'`, or use --engine local"
        ) from exc
    return ray


def connect(address: str | None, workers: int) -> None:
    """Join the cluster at ``address`` ("auto", "ray://host:10001"), or start a local Ray.

    Does nothing when Ray is already initialised in this process (a test, a notebook).
    Raises ConfigError, with the cause and the fix, when no cluster answers at ``address``
    or a local Ray cannot start: Ray's own errors are tracebacks without a way out.
    """
    ray = _import_ray()
    if ray.is_initialized():
        return
    if address:
        try:
            ray.init(address=address, logging_level=logging.WARNING)
        except (ConnectionError, TimeoutError) as exc:  # "auto" with no cluster, a dead head
            logger.debug("ray.init(address=%r) failed: %s", address, exc)
            raise ConfigError(
                f"no running Ray cluster found at address {address!r}: start one with "
                "`ray start --head` (or give a running head's address, e.g. "
                "ray://host:10001), or leave out --address to run a local Ray"
            ) from exc
        except ValueError as exc:  # a malformed address, a ray:// one without ray[client]
            if "ray[client]" in str(exc):
                message = (
                    f"joining the cluster at {address!r} needs the Ray client, which is not "
                    "installed: install it with `pip install 'ray[client]'`"
                )
            else:
                message = (
                    f"cannot join a Ray cluster at address {address!r} ({exc}): give `auto`, "
                    "host:port of a running head, or ray://host:10001"
                )
            raise ConfigError(message) from exc
        return
    try:
        ray.init(
            num_cpus=workers,
            include_dashboard=False,
            object_store_memory=LOCAL_OBJECT_STORE_BYTES,
            logging_level=logging.WARNING,
        )
    except (RuntimeError, OSError, ValueError) as exc:
        raise ConfigError(
            f"a local Ray could not start ({exc}): use --engine local, or start Ray with "
            "`ray start --head` and pass --address auto"
        ) from exc


def code_with_ray(
    items: Iterable[Article | Rejected],
    settings: Settings,
    *,
    workers: int,
    address: str | None = None,
    batch_size: int = 16,
    window: int = WINDOW,
    actor_class: type[RayCoder] | None = None,
) -> Iterator[CodedArticle | Rejected]:
    """Code ``items`` with ``workers`` Ray actors, yielding results in input order.

    A worker that dies mid-batch (killed, out of memory) is replaced and its batch retried by
    Ray Data, so no story is lost or coded twice. ``actor_class`` swaps in a subclass of the
    coding actor, e.g. to instrument it.
    """
    ray = _import_ray()
    connect(address, workers)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the CLI shows its own progress
    iter_items = iter(items)
    while chunk := list(itertools.islice(iter_items, window)):
        rows = [{"index": i, "payload": pickle.dumps(item)} for i, item in enumerate(chunk)]
        dataset = ray.data.from_items(rows).map_batches(
            actor_class or RayCoder,
            fn_constructor_args=(settings,),
            batch_size=batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=workers),
        )
        # Rows arrive in completion order; a window is small enough to sort on the driver.
        results: list[tuple[int, bytes]] = [
            (int(row["index"]), row["result"]) for row in dataset.iter_rows()
        ]
        results.sort(key=lambda pair: pair[0])
        if len(results) != len(chunk):
            raise RuntimeError(f"ray returned {len(results)} results for {len(chunk)} articles")
        for _, payload in results:
            yield pickle.loads(payload)  # our own actors pickled these
