"""A webhook receiver for tests: records each POST, verifies the HMAC signature, can fail on cue.

Behaves as a careful receiver should: it answers 200 with ``{"id", "url"}``, treats a repeated
``Idempotency-Key`` as the same delivery (answers as before, stores nothing new), rejects a bad
signature with 401, and offers ``GET /lookup?idempotency_key=`` (200 or 404) for reconciliation.
Failures are scripted through ``POST /__script`` with a list of statuses for the next requests.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Receiver:
    secret: str | None = None
    received: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    script: list[int] = field(default_factory=list)
    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    delay_seconds: float = 0.0  # a slow platform: each POST is answered after this long
    on_post: Callable[[str], None] | None = None  # called with each POST's idempotency key
    lookup_status: int | None = None  # while set, every lookup answers this error status

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/hook", self.hook, methods=["POST"]),
                Route("/lookup", self.lookup, methods=["GET"]),
                Route("/__script", self.set_script, methods=["POST"]),
                Route("/__received", self.list_received, methods=["GET"]),
            ]
        )

    async def hook(self, request: Request) -> Response:
        body = await request.body()
        if self.on_post is not None:
            self.on_post(request.headers.get("Idempotency-Key", ""))
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        if self.secret is not None and not self._signed(request, body):
            return JSONResponse({"error": "bad signature"}, status_code=401)
        with self.lock:
            self.attempts += 1
            status = self.script.pop(0) if self.script else 200
            if status != 200:
                headers = {"Retry-After": "1"} if status == 429 else {}
                return JSONResponse(
                    {"error": f"scripted {status}"}, status_code=status, headers=headers
                )
            key = request.headers.get("Idempotency-Key", "")
            if key in self.by_key:
                return JSONResponse(self.by_key[key])
            payload = json.loads(body)
            self.received.append(payload)
            answer = {
                "id": f"r{len(self.received)}",
                "url": f"https://example.test/p/{len(self.received)}",
            }
            self.by_key[key] = answer
            return JSONResponse(answer)

    def _signed(self, request: Request, body: bytes) -> bool:
        assert self.secret is not None
        timestamp = request.headers.get("X-Socialpub-Timestamp", "")
        expected = hmac.new(
            self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        given = request.headers.get("X-Socialpub-Signature", "")
        return hmac.compare_digest(given, "sha256=" + expected)

    async def lookup(self, request: Request) -> Response:
        key = request.query_params.get("idempotency_key", "")
        if self.lookup_status is not None:
            return JSONResponse({"error": "lookup down"}, status_code=self.lookup_status)
        with self.lock:
            found = self.by_key.get(key)
        return JSONResponse(found) if found else JSONResponse({"error": "no"}, status_code=404)

    async def set_script(self, request: Request) -> Response:
        statuses = (await request.json())["statuses"]
        with self.lock:
            self.script = list(statuses)
        return JSONResponse({"ok": True})

    async def list_received(self, request: Request) -> Response:
        with self.lock:
            return JSONResponse({"received": self.received, "attempts": self.attempts})
