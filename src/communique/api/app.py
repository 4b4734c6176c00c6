"""The FastAPI application: one store, one pipeline, one JSON error shape.

``create_app`` opens the DuckDB file once (DuckDB allows one writing process) and shares
it between requests behind a lock; the pipeline's models load on the first upload and
are reused afterwards. Every error, whatever raised it, leaves as
``{"error": {"type": ..., "message": ..., "status": ...}}``.
"""

from __future__ import annotations

import http
import logging
import os
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

import communique
from communique.config import Settings, load_settings
from communique.errors import CommuniqueError, ConfigError, DataFileError, StoreError
from communique.pipeline import Pipeline
from communique.store import EventStore
from communique.store.dedupe import ensure_merged
from communique.store.happenings import HappeningLinker

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]
T = TypeVar("T")

# Requests whose work grows with a story (its article page, its JSON document) run at most
# this many at a time, each in a worker thread of its own pool: the rest wait without
# holding a thread, and neither the shared thread pool nor /health waits for them.
HEAVY_AT_ONCE = 2

# Pages load scripts and styles from this server only; inline scripts are refused, so text
# that slipped through escaping still could not run.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        b" connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


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


def error_body(status: int, message: str, kind: str | None = None) -> dict[str, Any]:
    try:
        default = http.HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        default = "error"
    return {"error": {"type": kind or default, "message": message, "status": status}}


# An absolute path, quoted (DuckDB quotes the file it failed on) or bare: POSIX or Windows.
_QUOTED_PATH = re.compile(r"""(["'])((?:/|[A-Za-z]:[\\/])[^"'\n]*)\1""")
_BARE_PATH = re.compile(r"""(?<![\w.~/:\\-])(?:/|[A-Za-z]:[\\/])[^\s"'<>]+""")
_TRAILING = ".,:;)"


def _last_part(path: str) -> str:
    return re.split(r"[\\/]", path.rstrip("/\\"))[-1] or "file"


def without_paths(message: str) -> str:
    """``message`` with each absolute path cut to its file name: a client learns which file
    failed (the store, its WAL), not how the server's disk is laid out."""
    message = _QUOTED_PATH.sub(lambda m: f"{m[1]}{_last_part(m[2])}{m[1]}", message)

    def bare(match: re.Match[str]) -> str:
        path = match[0].rstrip(_TRAILING)
        return _last_part(path) + match[0][len(path) :]

    return _BARE_PATH.sub(bare, message)


def error_response(
    status: int, message: str, kind: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message, kind), status_code=status, headers=headers)


class ApiError(HTTPException):
    """An HTTP error with a machine-readable ``kind`` beside the status."""

    def __init__(self, status: int, message: str, kind: str | None = None, **headers: str) -> None:
        super().__init__(status, message, headers or None)
        self.kind = kind


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before the app reads them.

    A declared Content-Length is checked at once; a chunked body is counted as it arrives,
    buffered up to the limit, and handed on only when it fits.
    """

    def __init__(self, app: Asgi, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            f"request body is over the limit of {self.limit:,} bytes; send a shorter story or "
            "raise [api] max_body_bytes in the server's config",
            "body_too_large",
        )
        await response(scope, receive, send)


class SecurityHeaders:
    """Add ``SECURITY_HEADERS`` to every response."""

    def __init__(self, app: Asgi) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def _configured_token(settings: Settings) -> str | None:
    return os.environ.get(settings.api.token_env) or settings.api.token or None


def _install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        kind = exc.kind if isinstance(exc, ApiError) else None
        # a rejection's reason comes from the library, which may name a file on the server
        detail = without_paths(str(exc.detail)) if kind == "rejected" else str(exc.detail)
        return error_response(
            exc.status_code, detail, kind, dict(exc.headers) if exc.headers else None
        )

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for problem in exc.errors():
            where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
            problems.append(f"{where or 'body'}: {problem.get('msg', 'invalid')}")
        return error_response(422, "; ".join(problems) or "invalid request", "validation_error")

    async def communique_error(request: Request, exc: Exception) -> JSONResponse:
        # the server log keeps the whole message; the client gets it without server paths
        logger.warning("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
        message = without_paths(str(exc))
        if isinstance(exc, StoreError):
            return error_response(503, message, "store_error")
        if isinstance(exc, ConfigError | DataFileError):
            return error_response(500, message, "config_error")
        return error_response(422, message, "processing_error")

    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal server error; the server log has the details")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(CommuniqueError, communique_error)
    app.add_exception_handler(Exception, internal_error)


def create_app(
    settings: Settings | None = None,
    db_path: str | Path = "communique.duckdb",
    token: str | None = None,
    max_body_bytes: int | None = None,
    *,
    pipeline: Pipeline | None = None,
) -> FastAPI:
    """The HTTP API and dashboard over the DuckDB file at ``db_path``.

    ``token`` guards POST /articles; without one it comes from the environment variable
    named by ``[api] token_env`` or from ``[api] token``, and with none at all uploads are
    refused. ``max_body_bytes`` defaults to ``[api] max_body_bytes``; the rate limits per
    client address come from ``[api]`` (``write_per_minute``, ``read_per_second``...).
    """
    from communique.api import pages, ratelimit, routes  # noqa: PLC0415 - they import this module

    settings = settings or load_settings()
    limit = max_body_bytes if max_body_bytes is not None else settings.api.max_body_bytes
    store = EventStore(db_path)
    # a store filled without linking (an older communique, import-parquet) is linked once,
    # so that events, dyads and rankings count happenings, not reports
    ensure_merged(store)
    state = ApiState(
        settings=settings,
        store=store,
        pipeline=pipeline or Pipeline(settings),
        token=token or _configured_token(settings),
        max_body_bytes=limit,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        with state.store_lock:
            store.close()

    app = FastAPI(
        title="communique",
        version=communique.__version__,
        description="News text in, evidenced political event data out.",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load their scripts from a CDN; the schema at
        # /openapi.json is served, and nothing the dashboard links to leaves this server.
        docs_url=None,
        redoc_url=None,
    )
    app.state.api = state
    _install_error_handlers(app)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit, limit=limit)
    writes, reads = ratelimit.buckets_from(settings.api)
    # outside the body limit: a client over its rate is refused before its body is read
    app.add_middleware(ratelimit.RateLimit, writes=writes, reads=reads)
    app.add_middleware(SecurityHeaders)
    if state.token is None:
        logger.warning(
            "no API token: POST /articles is refused until %s is set", settings.api.token_env
        )
    return app
