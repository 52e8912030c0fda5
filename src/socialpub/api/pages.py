"""Server-rendered pages for staff and admins: the queue, the publish history, the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from socialpub import audit
from socialpub.api.auth import COOKIE, caller_for, runtime_of
from socialpub.delivery import service
from socialpub.store import tokens
from socialpub.store.tokens import Role
from socialpub.weburl import http_url

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# {{ url | safe_url }}: the URL when it is http(s), else None; link only what it returns.
templates.env.filters["safe_url"] = http_url


def _login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    with runtime_of(request).sessions() as session:
        if tokens.verify(session, token) is None:
            return templates.TemplateResponse(
                request,
                "login.html",
                {"error": "That token is not valid."},
                status_code=status.HTTP_401_UNAUTHORIZED,
            )
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
    return response


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request) -> Response:
    caller = caller_for(request)
    if caller is None:
        return _login()
    with runtime_of(request).sessions() as session:
        rows = service.waiting(session)
        return templates.TemplateResponse(
            request, "deliveries.html", {"caller": caller, "title": "Waiting", "rows": rows}
        )


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, account: str | None = None) -> Response:
    caller = caller_for(request)
    if caller is None:
        return _login()
    with runtime_of(request).sessions() as session:
        rows = service.history(session, account=account)
        return templates.TemplateResponse(
            request, "deliveries.html", {"caller": caller, "title": "History", "rows": rows}
        )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, delivery: int | None = None) -> Response:
    caller = caller_for(request)
    if caller is None:
        return _login()
    if not caller.role.allows(Role.ADMIN):
        return HTMLResponse("The audit log is for admins.", status_code=status.HTTP_403_FORBIDDEN)
    with runtime_of(request).sessions() as session:
        events = (
            audit.events_for(session, "delivery", delivery)
            if delivery is not None
            else audit.recent(session, limit=300)
        )
        return templates.TemplateResponse(
            request, "audit.html", {"caller": caller, "events": events}
        )
