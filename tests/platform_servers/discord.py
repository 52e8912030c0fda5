"""Discord webhooks (discord.com/developers/docs/resources/webhook): execute, get, delete.

Enforces: ``/api/webhooks/{id}/{token}`` (404 ``Unknown Webhook`` 10015, 401 ``Invalid Webhook
Token`` 50027); ``content`` of at most 2000 characters; at most 10 files of at most 10 MiB as
multipart ``files[n]`` with ``payload_json``; ``?wait=true`` returns the message, else 204.
429 answers ``{"message", "retry_after", "global"}`` with ``Retry-After`` and ``X-RateLimit-*``.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, new_token

FILE_MAX = 10 * 1024 * 1024


class DiscordServer(PlatformServer):
    def __init__(self) -> None:
        self.webhooks: dict[str, str] = {}  # id -> token
        self.messages: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1_200_000_000_000_000_000)
        super().__init__()

    def create_webhook(self) -> str:
        """A new webhook; returns its full URL (which is its secret)."""
        webhook_id, token = str(next(self._ids)), new_token()
        self.webhooks[webhook_id] = token
        return f"{self.base_url}/api/webhooks/{webhook_id}/{token}"

    def rate_limit(self, seconds: float) -> None:
        self.control.fail(
            429,
            json_body={
                "message": "You are being rate limited.",
                "retry_after": seconds,
                "global": False,
            },
            headers={
                "Retry-After": str(int(seconds) + 1),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + seconds:.3f}",
                "X-RateLimit-Reset-After": f"{seconds:.3f}",
                "X-RateLimit-Bucket": "abcd1234",
                "X-RateLimit-Scope": "user",
            },
        )

    def routes(self) -> list[Route]:
        base = "/api/webhooks/{id}/{token}"
        return [
            Route(base, self.webhook, methods=["GET", "POST"]),
            Route(base + "/messages/{message}", self.message, methods=["GET", "DELETE"]),
        ]

    def _check(self, request: Request) -> Response | None:
        token = self.webhooks.get(request.path_params["id"])
        if token is None:
            return _err(404, "Unknown Webhook", 10015)
        if token != request.path_params["token"]:
            return _err(401, "Invalid Webhook Token", 50027)
        return None

    async def webhook(self, request: Request) -> Response:
        problem = self._check(request)
        if problem:
            return problem
        hook = request.path_params["id"]
        if request.method == "GET":
            return JSONResponse(
                {
                    "id": hook,
                    "type": 1,
                    "name": "socialpub",
                    "channel_id": "998877",
                    "guild_id": "112233",
                }
            )
        files: list[tuple[str, int]] = []
        if "multipart" in request.headers.get("content-type", ""):
            form = await request.form()
            payload = json.loads(str(form.get("payload_json") or "{}"))
            for key, value in form.multi_items():
                if key.startswith("files[") and not isinstance(value, str):
                    files.append((value.filename or "", len(await value.read())))
        else:
            payload = await request.json()
        content = str(payload.get("content") or "")
        if not content and not files:
            return _err(400, "Cannot send an empty message", 50006)
        if len(content) > 2000:
            return _err(400, "Invalid Form Body: content: Must be 2000 or fewer in length.", 50035)
        if len(files) > 10 or any(size > FILE_MAX for _, size in files):
            return _err(413, "Request entity too large", 40005)
        described = {a["id"]: a.get("description") for a in payload.get("attachments") or []}
        message = {
            "id": str(next(self._ids)),
            "channel_id": "998877",
            "webhook_id": hook,
            "content": content,
            "allowed_mentions": payload.get("allowed_mentions"),
            "attachments": [
                {"id": str(i), "filename": name, "size": size, "description": described.get(i)}
                for i, (name, size) in enumerate(files)
            ],
        }
        self.messages[message["id"]] = message
        if request.query_params.get("wait") != "true":
            return Response(status_code=204)
        return JSONResponse(message)

    async def message(self, request: Request) -> Response:
        problem = self._check(request)
        if problem:
            return problem
        message = self.messages.get(request.path_params["message"])
        if message is None:
            return _err(404, "Unknown Message", 10008)
        if request.method == "GET":
            return JSONResponse(message)
        del self.messages[message["id"]]
        return Response(status_code=204)


def _err(status: int, message: str, code: int) -> Response:
    return JSONResponse({"message": message, "code": code}, status_code=status)
