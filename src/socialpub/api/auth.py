"""Who is calling: a program with an API token (``Authorization: Bearer``), or a person signed in
with a session cookie. Both become a ``Caller`` with a role; the services only see the actor.

A browser's cookie is sent with any request to this site, so a state-changing call made with a
cookie (not a bearer token) must also carry the session's CSRF token (form field or header).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from socialpub.api import sessions
from socialpub.delivery.permissions import Actor
from socialpub.runtime import Runtime
from socialpub.store import tokens
from socialpub.store.tokens import Role

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Declared in OpenAPI so /docs has an Authorize button; checked below, not by FastAPI.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="ApiToken",
    description="An API token made with `socialpub token create NAME --role ROLE`.",
)


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role
    user_id: int | None = None  # a person signed in through the web pages
    email: str | None = None
    timezone: str | None = None
    csrf: str | None = None  # the session's CSRF token; None for API tokens

    @property
    def actor(self) -> str:
        """How the audit log names the caller: the person, or the token's name."""
        if self.user_id is not None:
            return f"web:{self.name} <{self.email}>"[:120]
        return f"api:{self.name}"

    @property
    def is_person(self) -> bool:
        return self.user_id is not None

    def as_actor(self) -> Actor:
        """The acting person the delivery service checks permissions for."""
        return Actor(self.actor, self.role)


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _bearer(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def caller_for(request: Request) -> Caller | None:
    """The caller behind a bearer token or a session cookie; None when neither is valid."""
    cached: Caller | None = getattr(request.state, "caller", None)
    if cached is not None:
        return cached
    token = _bearer(request)
    runtime = runtime_of(request)
    caller: Caller | None = None
    if token:
        with runtime.sessions() as session:
            row = tokens.verify(session, token)
            caller = None if row is None else Caller(row.name, Role(row.role))
    else:
        caller = sessions.caller_from_cookie(request, runtime)
    request.state.caller = caller
    return caller


def csrf_header_ok(request: Request, caller: Caller) -> bool:
    """A cookie-authenticated API call that changes something must echo the CSRF token."""
    if request.method in SAFE_METHODS or caller.csrf is None:
        return True
    sent = request.headers.get("X-CSRF-Token", "")
    return sessions.same_token(sent, caller.csrf)


def require(role: Role) -> Callable[..., Caller]:
    def dependency(
        request: Request,
        _bearer_doc: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    ) -> Caller:
        caller = caller_for(request)
        if caller is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "a valid API token is required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not csrf_header_ok(request, caller):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong X-CSRF-Token")
        if not caller.role.allows(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the {role} role")
        return caller

    return dependency
