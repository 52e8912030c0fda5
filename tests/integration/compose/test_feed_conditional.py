"""Feeds are fetched with conditional GET: an unchanged feed answers 304, and nothing is parsed.

A loopback feed server that honours ``If-None-Match`` and ``If-Modified-Since`` as a careful
publisher does; ``feed poll`` says so, and exits 1 only when every feed failed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialpub.feeds import poll_feed
from socialpub.runtime import Runtime
from socialpub.store.feeds import Feed, add_feed
from socialpub.store.migrate import upgrade
from tests.conftest import make_settings
from tests.integration.compose.test_feeds import rss
from tests.platform_servers.runner import run_server
from tests.processes import process_env, write_config

LAST_MODIFIED = "Tue, 24 Nov 2026 08:00:00 GMT"


class FeedServer:
    def __init__(self) -> None:
        self.body = rss("harbour")
        self.requests: list[dict[str, str]] = []
        self.full_answers = 0

    def etag(self) -> str:
        return f'"v{len(self.body)}"'

    async def feed(self, request: Request) -> Response:
        self.requests.append(dict(request.headers))
        same = request.headers.get("if-none-match") == self.etag()
        if same:
            return Response(status_code=304, headers={"ETag": self.etag()})
        self.full_answers += 1
        headers = {"ETag": self.etag(), "Last-Modified": LAST_MODIFIED}
        return Response(self.body, media_type="application/rss+xml", headers=headers)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/rss", self.feed)])


@pytest.fixture
def feed_server() -> Iterator[tuple[FeedServer, str]]:
    server = FeedServer()
    with run_server(server.app()) as base:
        yield server, base


def _settings(database_url: str, tmp_path: Path) -> dict[str, Any]:
    return {
        "accounts": {"news": {"platform": "outbox", "path": str(tmp_path / "out.jsonl")}},
        "allow_hosts": ("127.0.0.1",),
    }


def test_an_unchanged_feed_answers_304_and_a_changed_one_is_read(
    database_url: str, tmp_path: Path, feed_server: tuple[FeedServer, str]
) -> None:
    server, base = feed_server
    runtime = Runtime(make_settings(database_url, **_settings(database_url, tmp_path)))
    upgrade(runtime.engine)
    try:
        with runtime.sessions.begin() as session:
            feed_id = add_feed(session, f"{base}/rss", "news", backfill=5).id
        first = poll_feed(runtime, feed_id)
        assert first.error is None and len(first.posted) == 1 and not first.not_modified
        assert "if-none-match" not in server.requests[0]
        second = poll_feed(runtime, feed_id)
        assert second.not_modified and second.posted == [] and second.error is None
        assert server.requests[1]["if-none-match"] == server.etag()
        assert server.requests[1]["if-modified-since"] == LAST_MODIFIED
        server.body = rss("harbour", "trial")  # a new entry: a new ETag
        third = poll_feed(runtime, feed_id)
        assert not third.not_modified and len(third.posted) == 1
        assert server.full_answers == 2
        with runtime.sessions() as session:
            feed = session.get(Feed, feed_id)
            assert feed is not None and feed.etag == server.etag()
    finally:
        runtime.close()


def test_feed_poll_exits_1_only_when_every_feed_failed(
    sqlite_url: str, tmp_path: Path, feed_server: tuple[FeedServer, str]
) -> None:
    _, base = feed_server
    settings = {"database_url": sqlite_url, **_settings(sqlite_url, tmp_path)}
    settings["allow_hosts"] = ["127.0.0.1"]
    env = process_env(write_config(tmp_path / "socialpub.toml", settings))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "socialpub.cli", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )

    assert run("feed", "add", "http://127.0.0.1:1/rss", "--account", "news").returncode == 0
    failed = run("feed", "poll")
    assert failed.returncode == 1 and "every feed failed" in failed.stderr
    assert run("feed", "add", f"{base}/rss", "--account", "news").returncode == 0
    partly = run("feed", "poll")
    assert partly.returncode == 0, partly.stderr
