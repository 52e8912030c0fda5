"""Errors for people get pages; errors for programs get JSON.

Anything under ``/api`` (and the OpenAPI document) keeps FastAPI's JSON answers. Everything else
is a page a person is looking at: a styled 403, 404 or 422 with the site's navigation, and a
redirect to sign-in when nobody is signed in.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from socialpub.api.pages_common import SignInNeeded, render, sign_in_redirect

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

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if for_programs(request):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'input'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return error_page(request, 422, problems or "Some of what was sent is not valid.")
