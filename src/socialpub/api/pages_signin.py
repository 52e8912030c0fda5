"""Signing in with e-mail and password, signing out, and a person's own time zone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import RedirectResponse, Response

from socialpub.api import sessions
from socialpub.api.auth import Caller, caller_for, runtime_of
from socialpub.api.pages_common import form_needs, needs, render
from socialpub.people import oidc, signin
from socialpub.people import service as people
from socialpub.store.tokens import Role

router = APIRouter()


def safe_next(value: str | None) -> str:
    """Only paths on this site, so a crafted link cannot send someone elsewhere after sign-in."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if caller_for(request) is not None:
        return RedirectResponse(safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    return _form(request, next, None, 200)


@router.post("/login")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(sessions.PRE_COOKIE, "")
    if not sessions.same_token(csrf_token, expected):
        return _form(request, next, "The sign-in form expired. Please try again.", 403)
    runtime = runtime_of(request)
    refused: str | None = None
    value = ""
    # the failure count must be committed even though the sign-in is refused
    with runtime.sessions.begin() as session:
        try:
            user = signin.authenticate(session, email, password)
        except signin.SignInRefused as exc:
            refused = str(exc)
        else:
            value = signin.start(session, user).cookie_value
    if refused is not None:
        return _form(request, next, refused, 401)
    response = RedirectResponse(safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    sessions.set_session_cookie(request, response, value)
    return response


def _form(request: Request, next_path: str | None, message: str | None, code: int) -> Response:
    token = sessions.signin_csrf(request)
    settings = runtime_of(request).settings
    page = render(
        request,
        "signin/login.html",
        {
            "error": message,
            "next": safe_next(next_path),
            "form_csrf": token,
            "sso_name": settings.oidc_name if oidc.enabled(settings) else None,
        },
        status_code=code,
    )
    sessions.remember_signin_csrf(request, page, token)
    return page


def login_failed(request: Request, next_path: str | None, message: str, code: int) -> Response:
    """The sign-in page again, saying why (single sign-on's failures land here too)."""
    return _form(request, next_path, message, code)


@router.post("/logout")
def logout(
    request: Request, caller: Annotated[Caller, Depends(form_needs(Role.STAFF))]
) -> Response:
    value = request.cookies.get(sessions.COOKIE, "")
    with runtime_of(request).sessions.begin() as session:
        signin.end(session, value)
    response = RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    sessions.clear_session_cookie(request, response)
    return response


@router.get("/logout")
def logout_page(
    request: Request, caller: Annotated[Caller, Depends(needs(Role.STAFF))]
) -> Response:
    """A link to /logout shows a button: signing out is a POST so another site cannot do it."""
    return render(request, "signin/logout.html", caller=caller)


@router.get("/me")
def me(request: Request, caller: Annotated[Caller, Depends(needs(Role.STAFF))]) -> Response:
    return render(request, "signin/me.html", {"error": None, "saved": False}, caller=caller)


@router.post("/me")
def save_me(
    request: Request,
    caller: Annotated[Caller, Depends(form_needs(Role.STAFF))],
    timezone: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    assert caller.user_id is not None
    try:
        with runtime_of(request).sessions.begin() as session:
            people.change(session, caller.user_id, timezone=timezone or "", actor=caller.actor)
    except people.PeopleError as exc:
        return render(
            request,
            "signin/me.html",
            {"error": str(exc), "saved": False},
            caller=caller,
            status_code=422,
        )
    request.state.caller = None
    return RedirectResponse("/me?saved=1", status_code=status.HTTP_303_SEE_OTHER)
