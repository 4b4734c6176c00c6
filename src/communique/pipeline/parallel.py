"""Local parallelism: worker processes that each hold one loaded pipeline.

The parent process reads articles and writes results; workers only code. Work is
handed out in chunks through a bounded window of outstanding futures, so a corpus
of any size streams through in constant memory (``Pool.imap`` would read the whole
input ahead of the workers). Results come back in input order.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from communique.config import Settings
from communique.pipeline.coder import Pipeline
from communique.records import Article, CodedArticle, Rejected

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_PIPELINE  # noqa: PLW0603 - one pipeline per worker process, by design
    _WORKER_PIPELINE = Pipeline(settings)
    _WORKER_PIPELINE.warm_up()


def _code_chunk(chunk: list[Article | Rejected]) -> list[CodedArticle | Rejected]:
    assert _WORKER_PIPELINE is not None, "worker used before its initializer ran"
    return list(_WORKER_PIPELINE.code(chunk))


def code_in_workers(
    items: Iterable[Article | Rejected],
    settings: Settings,
    *,
    workers: int,
    chunk_size: int = 16,
) -> Iterator[CodedArticle | Rejected]:
    """Code ``items`` in ``workers`` processes, yielding results in input order."""
    # fork shares the parent's loaded modules copy-on-write; spawn is the safe fallback.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    window = workers * 2
    pending: collections.deque[Future[list[CodedArticle | Rejected]]] = collections.deque()
    iter_items = iter(items)
    chunks = iter(lambda: list(itertools.islice(iter_items, chunk_size)), [])
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        for chunk in chunks:
            pending.append(pool.submit(_code_chunk, chunk))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
