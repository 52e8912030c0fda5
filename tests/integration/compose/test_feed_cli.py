"""``socialpub feed add`` then ``feed poll`` against a feed served on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.settings import get_settings

from .servers import respond, serve
from .test_feeds import rss

runner = CliRunner()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "socialpub.toml"
    path.write_text(
        f'database_url = "sqlite:///{tmp_path / "db.sqlite"}"\n'
        'allow_hosts = ["127.0.0.1"]\n'
        'feed_default_state = "draft"\n'
        "[accounts.news]\n"
        'platform = "outbox"\n'
        f'path = "{tmp_path / "out.jsonl"}"\n',
        "utf-8",
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_feed_added_on_the_command_line_is_polled_over_http(config: Path) -> None:
    document = {"body": rss("harbour")}

    def feed(handler: object, body: bytes) -> None:
        respond(200, document["body"], "application/rss+xml")(handler, body)  # type: ignore[arg-type]

    with serve({"/rss": feed}) as (base, log):
        added = runner.invoke(app, ["feed", "add", f"{base}/rss", "-a", "news"])
        assert added.exit_code == 0, added.output
        first = runner.invoke(app, ["feed", "poll"])
        assert first.exit_code == 0, first.output
        assert "feed 1: 0 posted, 1 skipped" in first.stdout  # the first poll only primes
        document["body"] = rss("trial", "harbour")
        second = runner.invoke(app, ["feed", "poll"])
        assert "feed 1: 1 posted, 0 skipped" in second.stdout
        third = runner.invoke(app, ["feed", "poll"])
        assert "feed 1: 0 posted, 0 skipped" in third.stdout
        assert len(log) == 3
    listed = json.loads(runner.invoke(app, ["feed", "list", "--json"]).stdout)
    assert listed[0]["state"] == "draft" and listed[0]["last_error"] is None
