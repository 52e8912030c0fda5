"""The session cookie: set on sign-in, cleared on sign-out, resolved to a ``Caller`` per request.

HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site form posts), Secure when
the request came over TLS. Only the cookie value's hash is stored (``people.signin``).
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING

from fastapi import Request, Response

from socialpub.people import signin
from socialpub.runtime import Runtime
from socialpub.store.tokens import Role

if TYPE_CHECKING:
    from socialpub.api.auth import Caller

COOKIE = "socialpub_session"
# Before sign-in there is no session to bind a CSRF token to: the sign-in form uses a
# double-submit token (a random cookie that the form must repeat).
PRE_COOKIE = "socialpub_signin_csrf"


def same_token(sent: str, expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent.encode(), expected.encode())


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(signin.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(PRE_COOKIE, path="/")


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))


def signin_csrf(request: Request) -> str:
    """The sign-in form's token: the cookie's value if the browser has one, else a new one."""
    value = request.cookies.get(PRE_COOKIE, "")
    return value if 20 <= len(value) <= 64 else secrets.token_urlsafe(24)


def remember_signin_csrf(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        PRE_COOKIE, value, httponly=True, samesite="strict", secure=_secure(request), path="/"
    )


def caller_from_cookie(request: Request, runtime: Runtime) -> Caller | None:
    from socialpub.api.auth import Caller

    value = request.cookies.get(COOKIE)
    if not value:
        return None
    with runtime.sessions.begin() as session:
        found = signin.resolve(session, value)
        if found is None:
            return None
        user = found.user
        return Caller(
            name=user.name,
            role=Role(user.role),
            user_id=user.id,
            email=user.email,
            timezone=user.timezone,
            csrf=found.csrf_token,
        )
