"""What every platform server shares: a fault-injecting wrapper, a loopback runner, tokens."""

from __future__ import annotations

import secrets
import threading
from contextlib import ExitStack
from typing import Any, Self

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from tests.platform_servers.control import Control, ControlledApp
from tests.platform_servers.runner import run_server


class PlatformServer:
    """Subclasses list their ``routes()``; ``with Server() as s`` serves them at ``s.base_url``."""

    host = "127.0.0.1"  # set before ``with`` to serve on another local address

    def __init__(self) -> None:
        self.control = Control()
        self.lock = threading.RLock()
        self.base_url = ""
        self._stack = ExitStack()
        self.app = ControlledApp(Starlette(routes=self.routes()), self.control)

    def routes(self) -> list[Route]:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.base_url = self._stack.enter_context(run_server(self.app, host=self.host))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(24)


def bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token if scheme.lower() == "bearer" and token else None


async def form_or_json(request: Request) -> dict[str, Any]:
    """Request parameters as Mastodon and the Graph API accept them: form, multipart or JSON."""
    kind = request.headers.get("content-type", "")
    if "json" in kind:
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    form = await request.form()
    out: dict[str, Any] = {}
    for key in form:
        values = form.getlist(key)
        out[key] = values if key.endswith("[]") or len(values) > 1 else values[0]
    return out
