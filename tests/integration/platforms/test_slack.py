from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from socialpub.platforms.base import PublishRequest
from socialpub.platforms.errors import (
    AuthError,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.slack import SlackAdapter
from tests.integration.platforms.conftest import build
from tests.platform_servers.slack import SlackServer, shown


@pytest.fixture
def server() -> Iterator[SlackServer]:
    with SlackServer() as s:
        yield s


@pytest.fixture
def adapter(server: SlackServer, client: httpx.Client) -> SlackAdapter:
    return build(
        SlackAdapter,
        client,
        secrets={"webhook_url": server.create_webhook()},
        options={"timeout_seconds": 1},
    )


def test_text_is_escaped_so_readers_see_it_as_written(
    server: SlackServer, adapter: SlackAdapter
) -> None:
    text = "Q&A <!channel> at 3 > 2 <https://evil.example|click>"
    result = adapter.publish(PublishRequest(text, "k-1"))
    assert result.remote_id == "slack:k-1" and result.url is None
    assert shown(server.messages[0]["text"]) == text
    assert shown(text) != text  # unescaped, Slack would have made a mention and a link


def test_verify_probes_without_posting(server: SlackServer, adapter: SlackAdapter) -> None:
    assert adapter.verify_credentials() == "incoming webhook is live"
    assert server.messages == []
    server.hooks.clear()
    with pytest.raises(AuthError, match="no_service"):
        adapter.verify_credentials()


def test_archived_channel_needs_attention(server: SlackServer, adapter: SlackAdapter) -> None:
    server.hooks = dict.fromkeys(server.hooks, "archived")
    with pytest.raises(AuthError, match="channel_is_archived"):
        adapter.publish(PublishRequest("x", "k-2"))


def test_rate_limit_and_server_errors(server: SlackServer, adapter: SlackAdapter) -> None:
    server.rate_limit(30)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("x", "k-3"))
    assert caught.value.retry_after == 30
    server.control.fail(500, body=b"rollup_error")
    with pytest.raises(TransientError):
        adapter.publish(PublishRequest("x", "k-3"))


def test_retry_after_as_an_http_date(server: SlackServer, adapter: SlackAdapter) -> None:
    when = datetime.now(UTC) + timedelta(seconds=90)
    server.control.fail(
        429, body=b"rate_limited", headers={"Retry-After": format_datetime(when, True)}
    )
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("x", "k-6"))
    assert caught.value.retry_after is not None and 85 <= caught.value.retry_after <= 90


def test_no_lookup_no_delete_no_images(adapter: SlackAdapter) -> None:
    with pytest.raises(UnknownOutcome):
        adapter.lookup(PublishRequest("x", "k-4"))
    with pytest.raises(PermanentError):
        adapter.delete("slack:k-4")


def test_httpx_request_logs_never_show_the_webhook_path(
    adapter: SlackAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    url = adapter.account.secrets["webhook_url"]
    with caplog.at_level(logging.INFO, logger="httpx"):
        adapter.publish(PublishRequest("logged", "k-5"))
    assert "/services/<redacted>" in caplog.text and url.rsplit("/", 1)[1] not in caplog.text


def test_a_malformed_webhook_url_is_permanent(client: httpx.Client) -> None:
    adapter = build(
        SlackAdapter, client, secrets={"webhook_url": "ftp://hooks/T1/B2/s3cr3t"}, options={}
    )
    with pytest.raises(PermanentError, match="not a valid") as caught:
        adapter.verify_credentials()
    assert "s3cr3t" not in str(caught.value)
