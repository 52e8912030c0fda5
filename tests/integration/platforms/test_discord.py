from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from socialpub.platforms.base import MediaItem, PublishRequest
from socialpub.platforms.discord import DiscordAdapter
from socialpub.platforms.errors import AuthError, PermanentError, RateLimited, UnknownOutcome
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.discord import DiscordServer


@pytest.fixture
def server() -> Iterator[DiscordServer]:
    with DiscordServer() as s:
        yield s


def make(client: httpx.Client, url: str) -> DiscordAdapter:
    return build(
        DiscordAdapter, client, secrets={"webhook_url": url}, options={"timeout_seconds": 1}
    )


@pytest.fixture
def adapter(server: DiscordServer, client: httpx.Client) -> DiscordAdapter:
    return make(client, server.create_webhook())


def test_publish_waits_for_the_message_and_disables_mentions(
    server: DiscordServer, adapter: DiscordAdapter
) -> None:
    result = adapter.publish(PublishRequest("@everyone new article", "k-1"))
    message = server.messages[result.remote_id]
    assert message["allowed_mentions"] == {"parse": []}
    assert result.url == f"https://discord.com/channels/112233/998877/{result.remote_id}"


def test_images_carry_alt_text_as_description(
    server: DiscordServer, adapter: DiscordAdapter
) -> None:
    result = adapter.publish(
        PublishRequest(
            "pic",
            "k-2",
            media=(MediaItem(PNG, "image/png", alt_text="Lobby", filename="lobby.png"),),
        )
    )
    [attachment] = server.messages[result.remote_id]["attachments"]
    assert attachment["description"] == "Lobby" and attachment["filename"] == "lobby.png"


def test_length_limit(server: DiscordServer, adapter: DiscordAdapter) -> None:
    with pytest.raises(PermanentError, match="2000"):
        adapter.publish(PublishRequest("x" * 2001, "k-3"))


def test_429_reads_fractional_retry_after_from_the_body(
    server: DiscordServer, adapter: DiscordAdapter
) -> None:
    server.rate_limit(1.5)
    with pytest.raises(RateLimited) as caught:
        adapter.verify_credentials()
    assert caught.value.retry_after == 1.5


def test_a_deleted_webhook_needs_attention_and_the_url_is_never_shown(
    server: DiscordServer, adapter: DiscordAdapter
) -> None:
    url = adapter.account.secrets["webhook_url"]
    server.webhooks.clear()
    with pytest.raises(AuthError, match="Unknown Webhook") as caught:
        adapter.publish(PublishRequest("x", "k-4"))
    assert url not in str(caught.value) and url.rsplit("/", 1)[1] not in str(caught.value)


def test_unknown_outcome_cannot_be_looked_up(
    server: DiscordServer, adapter: DiscordAdapter
) -> None:
    server.control.stall(2.0, method="POST")
    with pytest.raises(UnknownOutcome):
        adapter.publish(PublishRequest("x", "k-5"))
    with pytest.raises(UnknownOutcome, match="by hand"):
        adapter.lookup(PublishRequest("x", "k-5"))


def test_verify_and_delete(server: DiscordServer, adapter: DiscordAdapter) -> None:
    assert adapter.verify_credentials() == "webhook 'socialpub' in channel 998877"
    result = adapter.publish(PublishRequest("bye", "k-6"))
    adapter.delete(result.remote_id)
    adapter.delete(result.remote_id)
    assert server.messages == {}


def test_httpx_request_logs_never_show_the_webhook_token(
    adapter: DiscordAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    url = adapter.account.secrets["webhook_url"]
    with caplog.at_level(logging.INFO, logger="httpx"):
        adapter.publish(PublishRequest("logged", "k-7"))
    assert "/api/webhooks/" in caplog.text and url.rsplit("/", 1)[1] not in caplog.text


def test_a_malformed_webhook_url_is_permanent_and_never_repeated(client: httpx.Client) -> None:
    for bad in ("discord.com/api/webhooks/1/s3cr3t-token", "https://"):
        with pytest.raises(PermanentError, match="not a valid") as caught:
            make(client, bad).publish(PublishRequest("x", "k-8"))
        assert "s3cr3t" not in str(caught.value)
