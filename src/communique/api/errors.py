"""The API's one JSON error shape, ``{"error": {"type": ..., "message": ..., "status": ...}}``:
the error type handlers raise, the response that carries it, and the handlers that turn
every exception, whatever raised it, into one.
"""

from __future__ import annotations

import http
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from communique.errors import CommuniqueError, ConfigError, DataFileError, StoreError

logger = logging.getLogger(__name__)


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


def install_error_handlers(app: FastAPI) -> None:
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
