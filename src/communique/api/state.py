"""What the request handlers share: the settings, the store, the pipeline, the token, and
the locks and thread limits around them. ``app.create_app`` makes one ``ApiState``; the
route modules reach it through ``state_of``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Request

from communique.config import Settings
from communique.pipeline import Pipeline
from communique.store import EventStore
from communique.store.happenings import HappeningLinker

# The package folder: its templates/ and static/ are served from here.
HERE = Path(__file__).resolve().parent

T = TypeVar("T")

# Requests whose work grows with a story (its article page, its JSON document) run at most
# this many at a time, each in a worker thread of its own pool: the rest wait without
# holding a thread, and neither the shared thread pool nor /health waits for them.
HEAVY_AT_ONCE = 2


@dataclass
class ApiState:
    """What the request handlers share: the settings, the store, the pipeline, the token."""

    settings: Settings
    store: EventStore
    pipeline: Pipeline
    token: str | None
    max_body_bytes: int
    # DuckDB connections are not safe to share between threads without one: FastAPI runs
    # plain ``def`` handlers in a thread pool.
    store_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline_lock: threading.Lock = field(default_factory=threading.Lock)
    heavy_limiter: CapacityLimiter = field(default_factory=lambda: CapacityLimiter(HEAVY_AT_ONCE))
    light_limiter: CapacityLimiter = field(default_factory=lambda: CapacityLimiter(4))
    # links each uploaded story's events to the store's happenings, as `communique run`
    # does; made on the first upload, since it reads every stored event
    linker: HappeningLinker | None = None

    async def heavy(self, work: Callable[[], T]) -> T:
        """``work`` in a worker thread, at most HEAVY_AT_ONCE at a time."""
        return await anyio.to_thread.run_sync(work, limiter=self.heavy_limiter)

    async def light(self, work: Callable[[], T]) -> T:
        """``work`` (short: /health) in threads of its own, never queued behind other requests."""
        return await anyio.to_thread.run_sync(work, limiter=self.light_limiter)

    def link(self, article_id: str) -> None:
        """Link the stored events of ``article_id`` to the happenings they report, so that
        every listing and count of the store stays deduplicated. Call with ``store_lock``."""
        if self.linker is None:
            self.linker = HappeningLinker(self.store)
        self.linker.add(article_id)


async def state_of(request: Request) -> ApiState:
    # async: FastAPI runs a plain-def dependency in the shared thread pool, and /health
    # must not wait for a thread there
    state: ApiState = request.app.state.api
    return state
