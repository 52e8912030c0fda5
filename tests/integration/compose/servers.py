"""Loopback HTTP servers for the compose edges: an article site and a chat-completions stand-in."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler, bytes], None]


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield (base URL, log of requests) for a server answering ``routes`` by path."""
    log: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            log.append({"path": self.path, "headers": dict(self.headers), "body": body})
            route = routes.get(self.path.split("?")[0])
            if route is None:
                self.send_error(404)
                return
            route(self, body)

        do_GET = _handle
        do_POST = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def respond(status: int, body: bytes, content_type: str, **headers: str) -> Route:
    def route(handler: BaseHTTPRequestHandler, _: bytes) -> None:
        handler.send_response(status)
        handler.send_header("content-type", content_type)
        handler.send_header("content-length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler, _: bytes) -> None:
        handler.send_response(302)
        handler.send_header("location", location)
        handler.send_header("content-length", "0")
        handler.end_headers()

    return route


def drip(chunks: int, pause: float) -> Route:
    """A body that arrives slowly, chunk by chunk."""

    def route(handler: BaseHTTPRequestHandler, _: bytes) -> None:
        handler.send_response(200)
        handler.send_header("content-type", "text/html")
        handler.end_headers()
        try:
            for _ in range(chunks):
                handler.wfile.write(b"<p>slow</p>" * 10)
                handler.wfile.flush()
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return route


def chat(answer: str | None, status: int = 200) -> Route:
    """An OpenAI-compatible /chat/completions answering ``answer``."""

    def route(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        request = json.loads(body)
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": request.get("model"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": answer},
                }
            ],
        }
        respond(status, json.dumps(payload).encode(), "application/json")(handler, body)

    return route
