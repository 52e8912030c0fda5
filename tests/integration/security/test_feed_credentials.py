"""A private feed's URL carries credentials: they never reach a log line or a stored error."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from socialpub.feeds import poll_feed
from socialpub.runtime import Runtime
from socialpub.store.feeds import Feed, add_feed
from socialpub.store.migrate import upgrade
from socialpub.weburl import redact_url
from tests.conftest import make_settings

SECRET_URL = "https://reader:hunter2@feeds.example:99999/private.rss?token=s3cr3t&page=1"


def test_redacted_urls_keep_what_helps_and_drop_what_is_secret() -> None:
    assert redact_url("https://reader:hunter2@feeds.example/a.rss?api_key=k&page=2") == (
        "https://***@feeds.example/a.rss?api_key=***&page=2"
    )
    assert redact_url("https://feeds.example/a.rss") == "https://feeds.example/a.rss"


def test_a_failing_private_feed_logs_and_stores_no_credentials(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = Runtime(
        make_settings(
            sqlite_url, accounts={"news": {"platform": "outbox", "path": str(tmp_path / "o")}}
        )
    )
    upgrade(runtime.engine)
    with runtime.sessions.begin() as session:
        feed_id = add_feed(session, SECRET_URL, "news").id
    with caplog.at_level(logging.INFO):
        report = poll_feed(runtime, feed_id)  # the real fetcher: the port cannot be read
    with runtime.sessions() as session:
        feed = session.get(Feed, feed_id)
        assert feed is not None
        stored = feed.last_error or ""
    runtime.close()
    assert report.error and stored
    for text in (caplog.text, report.error, stored):
        assert "hunter2" not in text and "s3cr3t" not in text
    assert "feeds.example" in caplog.text  # still says which feed
