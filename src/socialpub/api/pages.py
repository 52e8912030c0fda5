"""Every page router, one module per area (sign-in, compose, approvals, calendar, history, audit,
ops, people); ``install`` adds them to the app. Shared pieces live in ``pages_common``."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request, status
from fastapi.responses import RedirectResponse, Response

from socialpub.api import (
    pages_approvals,
    pages_audit,
    pages_bulk,
    pages_calendar,
    pages_compose,
    pages_feeds,
    pages_history,
    pages_ops,
    pages_people,
    pages_signin,
    pages_sso,
)
from socialpub.api.auth import caller_for

home = APIRouter()


@home.get("/", include_in_schema=False)
def start(request: Request) -> Response:
    target = "/compose" if caller_for(request) is not None else "/login"
    return RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)


def install(app: FastAPI) -> None:
    for router in (
        home,
        pages_signin.router,
        pages_sso.router,
        pages_compose.router,
        pages_bulk.router,
        pages_approvals.router,
        pages_calendar.router,
        pages_history.router,
        pages_audit.router,
        pages_ops.router,
        pages_people.router,
        pages_feeds.router,
    ):
        app.include_router(router, include_in_schema=False)
