"""Slack incoming webhooks (api.slack.com/messaging/webhooks): one POST, answered ``ok``.

Enforces: JSON body (400 ``invalid_payload``) with ``text`` (400 ``no_text``); at most 40,000
characters (400 ``msg_too_long``); unknown or disabled webhooks answer 404 ``no_service``, an
archived channel 410 ``channel_is_archived``; 429 with ``Retry-After`` in seconds. Errors are
plain-text bodies, as Slack sends them. ``shown()`` renders text the way Slack reads ``&``,
``<`` and ``>`` (control sequences), so escaping is tested against what readers would see.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, new_token

CONTROL = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")


def shown(text: str) -> str:
    """What a reader sees: ``<url|label>`` becomes the label, ``<!here>`` a mention, etc."""
    return html.unescape(CONTROL.sub(lambda m: m.group(2) or m.group(1), text))


class SlackServer(PlatformServer):
    def __init__(self) -> None:
        self.hooks: dict[str, str] = {}  # path -> state: "ok" | "archived"
        self.messages: list[dict[str, Any]] = []
        super().__init__()

    def create_webhook(self) -> str:
        path = f"/services/T0001/B{len(self.hooks) + 1:04d}/{new_token()[:24]}"
        self.hooks[path] = "ok"
        return self.base_url + path

    def rate_limit(self, seconds: int) -> None:
        self.control.fail(429, body=b"rate_limited", headers={"Retry-After": str(seconds)})

    def routes(self) -> list[Route]:
        return [Route("/services/{rest:path}", self.post, methods=["POST"])]

    async def post(self, request: Request) -> Response:
        state = self.hooks.get(request.url.path)
        if state is None:
            return PlainTextResponse("no_service", status_code=404)
        if state == "archived":
            return PlainTextResponse("channel_is_archived", status_code=410)
        try:
            payload = json.loads(await request.body())
        except ValueError:
            return PlainTextResponse("invalid_payload", status_code=400)
        text = payload.get("text") if isinstance(payload, dict) else None
        if not text:
            return PlainTextResponse("no_text", status_code=400)
        if len(text) > 40_000:
            return PlainTextResponse("msg_too_long", status_code=400)
        self.messages.append(payload)
        return PlainTextResponse("ok")
