"""A misbehaving proxy: answers every request with an error whose body echoes the request.

Some gateways and debugging proxies do this (method, URL, headers and body in the error page).
It is how a token ends up in an error message if nothing redacts it.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer


class EchoServer(PlatformServer):
    def __init__(self, status: int = 400) -> None:
        self.status = status
        super().__init__()

    def routes(self) -> list[Route]:
        methods = ["GET", "POST", "PUT", "DELETE"]
        return [Route("/{path:path}", self.echo, methods=methods)]

    async def echo(self, request: Request) -> Response:
        body = (await request.body()).decode("utf-8", "replace")
        headers = "\n".join(f"{k}: {v}" for k, v in request.headers.items())
        text = f"Bad request\n{request.method} {request.url}\n{headers}\n\n{body}"
        return PlainTextResponse(text, status_code=self.status)
