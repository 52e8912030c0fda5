"""Who is calling: a bearer token (API) or the same token in a cookie (pages), with a role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request, status

from socialpub.delivery.permissions import Actor
from socialpub.runtime import Runtime
from socialpub.store import tokens
from socialpub.store.tokens import Role

COOKIE = "socialpub_token"


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role

    @property
    def actor(self) -> str:
        return f"api:{self.name}"

    def as_actor(self) -> Actor:
        """The acting person the delivery service checks permissions for."""
        return Actor(self.actor, self.role)


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _token_from(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(COOKIE)


def caller_for(request: Request) -> Caller | None:
    token = _token_from(request)
    if not token:
        return None
    with runtime_of(request).sessions() as session:
        row = tokens.verify(session, token)
        return None if row is None else Caller(row.name, Role(row.role))


def require(role: Role) -> Callable[[Request], Caller]:
    def dependency(request: Request) -> Caller:
        caller = caller_for(request)
        if caller is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "a valid API token is required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not caller.role.allows(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the {role} role")
        return caller

    return dependency
