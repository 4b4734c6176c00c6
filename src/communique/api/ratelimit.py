"""Per-client rate limits: one token bucket per client address for writes, one for reads.

A bucket holds up to ``burst`` tokens and refills at ``per_second``; each request takes one.
An empty bucket answers 429 with the API's one error shape and a ``Retry-After`` header.
The buckets live in this process: run one server per store (DuckDB allows one writer
anyway), and behind a reverse proxy, where every request comes from the proxy's address,
limit at the proxy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from communique.api.asgi import Asgi, Receive, Scope, Send
from communique.api.errors import error_response
from communique.config import ApiSettings

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Past this many addresses, buckets that have refilled completely are dropped: a full bucket
# is what a new address gets anyway, so forgetting it changes nothing.
MAX_TRACKED = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """Token buckets keyed by client address; ``per_second <= 0`` means no limit."""

    def __init__(
        self, per_second: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_second = per_second
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.per_second > 0

    def take(self, client: str) -> float:
        """Take a token for ``client``: 0.0 when allowed, else seconds until one is free."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= MAX_TRACKED:
                self._forget_full(now)
            bucket = self._buckets[client] = _Bucket(float(self.burst), now)
        bucket.tokens = min(
            float(self.burst), bucket.tokens + (now - bucket.updated) * self.per_second
        )
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.per_second

    def _forget_full(self, now: float) -> None:
        for key in [
            key
            for key, b in self._buckets.items()
            if b.tokens + (now - b.updated) * self.per_second >= self.burst
        ]:
            del self._buckets[key]


class RateLimit:
    """ASGI middleware: refuse a client's request with 429 when its bucket is empty.

    Runs on the event loop thread only, so the buckets need no lock.
    """

    def __init__(self, app: Asgi, writes: TokenBuckets, reads: TokenBuckets) -> None:
        self.app = app
        self.writes = writes
        self.reads = reads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        is_read = scope["method"] in READ_METHODS
        buckets = self.reads if is_read else self.writes
        wait = buckets.take(address)
        if wait > 0:
            kind = "reads" if is_read else "writes"
            response = error_response(
                429,
                f"too many {kind} from {address}; retry in {math.ceil(wait)} s",
                "rate_limited",
                {"Retry-After": str(math.ceil(wait))},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def buckets_from(settings: ApiSettings) -> tuple[TokenBuckets, TokenBuckets]:
    """The write and read buckets that ``[api]`` configures."""
    return (
        TokenBuckets(settings.write_per_minute / 60.0, settings.write_burst),
        TokenBuckets(float(settings.read_per_second), settings.read_burst),
    )
