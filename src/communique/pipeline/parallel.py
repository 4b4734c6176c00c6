"""Local parallelism: worker processes that each hold one loaded pipeline.

The parent process reads articles and writes results; workers only code. Work is
handed out in chunks through a bounded window of outstanding futures, so a corpus
of any size streams through in constant memory (``Pool.imap`` would read the whole
input ahead of the workers). Results come back in input order. Workers die with the parent
(``lifeline``): a killed run leaves no worker behind.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from communique.config import Settings
from communique.errors import ProcessingError
from communique.pipeline.coder import Pipeline
from communique.pipeline.lifeline import die_with_parent
from communique.records import Article, CodedArticle, Rejected

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(settings: Settings, parent_pid: int) -> None:
    # First, before the model loads: a worker orphaned by kill -9 of the run must not live on.
    die_with_parent(parent_pid)
    global _WORKER_PIPELINE  # noqa: PLW0603 - one pipeline per worker process, by design
    if _WORKER_PIPELINE is not None:  # forked from a parent that loaded it already
        return
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
    chunk_size: int = 4,
    pipeline: Pipeline | None = None,
) -> Iterator[CodedArticle | Rejected]:
    """Code ``items`` in ``workers`` processes, yielding results in input order.

    ``pipeline``, when given (with ``settings`` equal to its own), is the one the forked
    workers inherit instead of loading their own. Small chunks keep the workers evenly
    loaded to the end of a run (news stories vary tenfold in length); spaCy's speed per
    word barely depends on batch size on CPU.
    """
    # fork shares the parent's loaded modules copy-on-write; spawn is the safe fallback.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "fork":
        # Load once here, before forking: a bad data file or a missing model raises its own
        # error in this process (not a broken pool), and the workers start at once, sharing
        # the loaded pages copy-on-write.
        global _WORKER_PIPELINE  # noqa: PLW0603 - inherited by the forked workers
        if pipeline is not None and pipeline.settings == settings:
            _WORKER_PIPELINE = pipeline
        elif _WORKER_PIPELINE is None or _WORKER_PIPELINE.settings != settings:
            _WORKER_PIPELINE = Pipeline(settings)
        _WORKER_PIPELINE.warm_up()
    # Enough chunks in flight that no worker waits for the parent, few enough that a
    # corpus of any size streams through in constant memory.
    window = workers * 3
    pending: collections.deque[Future[list[CodedArticle | Rejected]]] = collections.deque()
    iter_items = iter(items)
    chunks = iter(lambda: list(itertools.islice(iter_items, chunk_size)), [])
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings, os.getpid()),
    ) as pool:
        try:
            for chunk in chunks:
                pending.append(pool.submit(_code_chunk, chunk))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as exc:
            # A worker killed (out of memory, a signal) breaks the whole pool. Every article
            # already yielded is stored whole; a rerun skips those and codes only the rest.
            raise ProcessingError(
                "a worker process died while coding (killed, or out of memory?); the articles "
                "stored so far are complete: rerun the same command to code the rest, with "
                "fewer --workers if memory is short"
            ) from exc
