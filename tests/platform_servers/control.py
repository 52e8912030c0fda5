"""Fault injection shared by every platform server: fail, stall or drop the next requests.

``Control`` is driven directly from the test process, or over HTTP through ``/__control/...``
when the code under test runs in another process (a Celery worker):

    POST /__control/fail   {"status": 429, "json": {...}, "headers": {...}, "times": 1}
    POST /__control/stall  {"seconds": 2, "apply": true, "times": 1, "path": "..."}
    POST /__control/drop   {"apply": true, "times": 1, "path": "..."}
    (each also takes "path" and "method" to pick which requests it applies to)
    POST /__control/reset
    GET  /__control/requests   the requests seen so far (method, path, headers, body as text)

A stall or drop with ``apply`` runs the request for real first, then withholds the answer: the
platform did the work but the client never hears of it, which is what an unknown outcome is.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]


@dataclass
class Fault:
    kind: str  # "fail" | "stall" | "drop"
    times: int = 1
    status: int = 500
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    apply: bool = True
    path: str | None = None  # substring of the request path; None: any request
    method: str | None = None


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class Control:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.requests: list[Seen] = []

    def fail(
        self,
        status: int,
        *,
        json_body: Any = None,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        times: int = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` without applying them."""
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("content-type", "application/json")
        self._add(Fault("fail", times, status, body, headers, path=path, method=method))

    def stall(
        self,
        seconds: float,
        *,
        apply: bool = True,
        times: int = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> None:
        """Read the body, then wait ``seconds`` before answering (apply first when ``apply``)."""
        self._add(Fault("stall", times, seconds=seconds, apply=apply, path=path, method=method))

    def drop(
        self,
        *,
        apply: bool = True,
        times: int = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> None:
        """Close the connection mid-answer (after applying the request when ``apply``)."""
        self._add(Fault("drop", times, apply=apply, path=path, method=method))

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
            self.requests.clear()

    def seen(self, path: str, method: str | None = None) -> list[Seen]:
        with self._lock:
            return [
                r
                for r in self.requests
                if path in r.path and (method is None or r.method == method)
            ]

    def _add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if (fault.path is None or fault.path in path) and (
                    fault.method is None or fault.method == method
                ):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)


class ControlledApp:
    """ASGI wrapper: serves ``/__control``, records requests, applies faults around ``inner``."""

    def __init__(self, inner: Any, control: Control) -> None:
        self.inner = inner
        self.control = control

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path: str = scope["path"]
        if path.startswith("/__control"):
            await self._control(scope, body, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = scope.get("query_string", b"").decode("latin-1")
        self.control._record(Seen(scope["method"], path, query, headers, body))
        fault = self.control._take(scope["method"], path)
        if fault is not None and fault.kind == "fail":
            await _respond(send, fault.status, fault.body, fault.headers)
            return
        if fault is not None and not fault.apply:
            if fault.kind == "stall":
                await asyncio.sleep(fault.seconds)
                await _respond(send, 504, b"stalled", {})
                return
            await _broken(send)
            return
        sent: list[Message] = []

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            sent.append(message)

        await self.inner(scope, replay, capture)
        if fault is not None and fault.kind == "stall":
            await asyncio.sleep(fault.seconds)
        elif fault is not None and fault.kind == "drop":
            await _broken(send)
            return
        for message in sent:
            await send(message)

    async def _control(self, scope: Scope, body: bytes, send: Any) -> None:
        action = scope["path"].removeprefix("/__control/")
        args: dict[str, Any] = json.loads(body) if body else {}
        if action == "requests":
            seen = [
                {
                    "method": r.method,
                    "path": r.path,
                    "query": r.query,
                    "headers": r.headers,
                    "body": r.body.decode("utf-8", "replace"),
                }
                for r in self.control.requests
            ]
            await _respond(
                send, 200, json.dumps(seen).encode(), {"content-type": "application/json"}
            )
            return
        if action == "fail":
            self.control.fail(args.pop("status"), json_body=args.pop("json", None), **args)
        elif action == "stall":
            self.control.stall(args.pop("seconds"), **args)
        elif action == "drop":
            self.control.drop(**args)
        elif action == "reset":
            self.control.reset()
        else:
            await _respond(send, 404, b"unknown control action", {})
            return
        await _respond(send, 204, b"", {})


async def _respond(send: Any, status: int, body: bytes, headers: dict[str, str]) -> None:
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _broken(send: Any) -> None:
    """Start an answer promising a body, then abort: the client sees the connection drop."""
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]}
    )
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise ConnectionAbortedError("test server dropped the connection on purpose")
