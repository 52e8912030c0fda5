"""One readable line for every refused request: service errors and bad parameters alike.

FastAPI's own answer to a bad parameter is a list of validation objects that echoes the input
back (a lone surrogate in it cannot even be encoded, which made a 500). Here each problem
becomes ``{"detail": "query parameter 'limit': must be at least 1"}`` and the input is never
echoed. The delivery service's errors map to status codes in one place.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from socialpub.delivery.errors import ActionError, Conflict, NeedsNewTime, NotFound
from socialpub.delivery.permissions import PermissionDenied
from socialpub.delivery.service import ComposeError, DuplicateArticle
from socialpub.delivery.when import WhenError
from socialpub.platforms.errors import PlatformError
from socialpub.settings import ConfigError

_WHERE = {"query": "query parameter", "path": "path parameter", "body": "field", "header": "header"}


def _place(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "request"
    kind = _WHERE.get(str(loc[0]), str(loc[0]))
    rest = ".".join(str(p) for p in loc[1:])
    if loc[0] == "body" and not rest:
        return "request body"
    return f"{kind} {rest!r}" if rest else kind


def readable(exc: RequestValidationError) -> str:
    """The problems of a request, in words, without echoing the input."""
    parts = []
    for error in exc.errors()[:5]:
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ")
        parts.append(f"{_place(tuple(error.get('loc', ())))}: {message}")
    return "; ".join(parts) or "the request is not valid"


def _json(code: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": message, **extra}, status_code=code)


def _status_for(exc: Exception) -> int:
    if isinstance(exc, PermissionDenied):
        return status.HTTP_403_FORBIDDEN
    if isinstance(exc, NotFound):
        return status.HTTP_404_NOT_FOUND
    if isinstance(exc, Conflict | DuplicateArticle):
        return status.HTTP_409_CONFLICT
    return status.HTTP_422_UNPROCESSABLE_CONTENT


def install(app: FastAPI) -> None:
    """Answer validation and service errors with one readable line (JSON ``detail``)."""

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _json(status.HTTP_422_UNPROCESSABLE_CONTENT, readable(exc))

    async def on_service_error(_: Request, exc: Exception) -> JSONResponse:
        extra = {"needs_new_time": True} if isinstance(exc, NeedsNewTime) else {}
        return _json(_status_for(exc), str(exc), **extra)

    async def on_account_error(_: Request, exc: Exception) -> JSONResponse:
        # an account that is not configured, or whose configuration its adapter refuses
        message = exc.message if isinstance(exc, PlatformError) else str(exc)
        return _json(status.HTTP_422_UNPROCESSABLE_CONTENT, f"account cannot be used: {message}")

    app.add_exception_handler(RequestValidationError, on_validation)
    service_errors: tuple[type[Exception], ...] = (
        ActionError,
        PermissionDenied,
        ComposeError,
        WhenError,
    )
    for kind in service_errors:
        app.add_exception_handler(kind, on_service_error)
    for account_error in (ConfigError, PlatformError):
        app.add_exception_handler(account_error, on_account_error)
