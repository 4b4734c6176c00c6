"""The FastAPI application: one store, one pipeline, one JSON error shape.

``create_app`` opens the DuckDB file once (DuckDB allows one writing process) and shares
it between requests behind a lock (``state.ApiState``); the pipeline's models load on the
first upload and are reused afterwards. Every error, whatever raised it, leaves as
``{"error": {"type": ..., "message": ..., "status": ...}}`` (``errors``).

This module wires the others together and nothing in the package imports it back.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import communique
from communique.api import pages, ratelimit, routes
from communique.api.asgi import BodyLimit, SecurityHeaders
from communique.api.errors import install_error_handlers
from communique.api.state import HERE, ApiState
from communique.config import Settings, load_settings
from communique.pipeline import Pipeline
from communique.store import EventStore
from communique.store.dedupe import ensure_merged

logger = logging.getLogger(__name__)


def _configured_token(settings: Settings) -> str | None:
    return os.environ.get(settings.api.token_env) or settings.api.token or None


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
    install_error_handlers(app)
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
