"""Errors for people get pages; errors for programs get JSON.

Anything under ``/api`` (and the OpenAPI document) keeps the JSON answers of ``errors``.
Everything else is a page a person is looking at: a styled 403, 404 or 422 with the site's
navigation, and a redirect to sign-in when nobody is signed in. Install after ``errors``: the
handlers here hand API requests to the ones installed there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from socialpub.api import errors
from socialpub.api.pages_common import SignInNeeded, render, sign_in_redirect
from socialpub.delivery.errors import ActionError
from socialpub.delivery.permissions import PermissionDenied
from socialpub.delivery.service import ComposeError
from socialpub.delivery.when import WhenError

Handler = Callable[[Request, Exception], Awaitable[Response]]

TITLES = {
    400: "That request did not make sense",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed here",
    409: "That changed meanwhile",
    413: "Too large",
    422: "Please check the form",
}


def for_programs(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path in ("/openapi.json",)


def error_page(request: Request, status_code: int, message: str) -> Response:
    title = TITLES.get(status_code, "Something went wrong")
    if status_code == 404 and message in ("Not Found", ""):
        message = "There is no page at this address."
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status_code": status_code},
        status_code=status_code,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, exc: SignInNeeded) -> Response:
        return sign_in_redirect(exc.next_path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if for_programs(request):
            return await http_exception_handler(request, exc)
        return error_page(request, exc.status_code, str(exc.detail))

    api_invalid = _async_handler(app, RequestValidationError)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if for_programs(request) and api_invalid is not None:
            return await api_invalid(request, exc)
        return error_page(request, 422, errors.readable(exc))

    for kind in (ActionError, PermissionDenied, ComposeError, WhenError):
        _service_errors(app, kind)


def _async_handler(app: FastAPI, kind: type[Exception]) -> Handler | None:
    """The handler ``errors`` installed for ``kind`` (all of them are coroutines)."""
    found = app.exception_handlers.get(kind)
    return found if found is not None else None  # type: ignore[return-value]


def _service_errors(app: FastAPI, kind: type[Exception]) -> None:
    """A service's refusal, as JSON for programs and as a styled page for people."""
    api_handler = _async_handler(app, kind)

    async def handler(request: Request, exc: Exception) -> Response:
        if for_programs(request) and api_handler is not None:
            return await api_handler(request, exc)
        return error_page(request, errors._status_for(exc), str(exc))

    app.add_exception_handler(kind, handler)
