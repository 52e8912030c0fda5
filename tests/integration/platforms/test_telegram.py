from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from socialpub.platforms.base import MediaItem, PublishRequest
from socialpub.platforms.errors import (
    AuthError,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.telegram import TelegramAdapter
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.telegram import TelegramServer


@pytest.fixture
def server() -> Iterator[TelegramServer]:
    with TelegramServer() as s:
        yield s


def make(server: TelegramServer, client: httpx.Client, token: str) -> TelegramAdapter:
    return build(
        TelegramAdapter,
        client,
        secrets={"bot_token": token},
        options={"chat_id": "@citynews", "api_url": server.base_url, "timeout_seconds": 1},
    )


@pytest.fixture
def adapter(server: TelegramServer, client: httpx.Client) -> TelegramAdapter:
    return make(server, client, server.issue_token())


def test_send_message_returns_chat_and_message_id_and_a_public_link(
    server: TelegramServer, adapter: TelegramAdapter
) -> None:
    result = adapter.publish(PublishRequest("Blood drive today 🩸", "k-1"))
    chat, message_id = result.remote_id.rsplit(":", 1)
    assert chat == "-1001234567890" and server.messages[int(message_id)]["text"].startswith("Blood")
    assert result.url == f"https://t.me/citynews/{message_id}"


def test_utf16_length_is_enforced(server: TelegramServer, adapter: TelegramAdapter) -> None:
    adapter.publish(PublishRequest("a" * 4096, "k-2"))
    with pytest.raises(PermanentError, match="too long"):
        adapter.publish(PublishRequest("😀" * 2049, "k-3"))  # 2049 characters, 4098 UTF-16 units


def test_photos_single_and_as_a_group_with_the_caption(
    server: TelegramServer, adapter: TelegramAdapter
) -> None:
    one = adapter.publish(PublishRequest("one", "k-4", media=(MediaItem(PNG, "image/png"),)))
    assert server.messages[int(one.remote_id.rsplit(":", 1)[1])]["caption"] == "one"
    adapter.publish(PublishRequest("two", "k-5", media=(MediaItem(PNG, "image/png"),) * 2))
    assert [m.get("caption") for m in server.messages.values()][-2:] == ["two", ""]
    with pytest.raises(PermanentError, match="1024"):
        adapter.publish(PublishRequest("x" * 1025, "k-6", media=(MediaItem(PNG, "image/png"),)))


def test_replies_thread(server: TelegramServer, adapter: TelegramAdapter) -> None:
    first = adapter.publish(PublishRequest("1/2", "t-1"))
    adapter.publish(PublishRequest("2/2", "t-2", reply_to=first.remote_id))
    with pytest.raises(PermanentError, match="replied not found"):
        adapter.publish(PublishRequest("3/2", "t-3", reply_to="-1001234567890:99999"))


def test_429_reads_parameters_retry_after(server: TelegramServer, adapter: TelegramAdapter) -> None:
    server.rate_limit(35)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("flood", "k-7"))
    assert caught.value.retry_after == 35


def test_bad_token_and_removed_bot_are_auth_errors_that_never_show_the_token(
    server: TelegramServer, client: httpx.Client
) -> None:
    for token in ("123:not-a-real-token", server.issue_token(member=False)):
        with pytest.raises(AuthError) as caught:
            make(server, client, token).publish(PublishRequest("x", "k-8"))
        assert token not in str(caught.value)


def test_transport_failures_never_show_the_token(
    server: TelegramServer, adapter: TelegramAdapter
) -> None:
    token = adapter.account.secrets["bot_token"]
    server.control.stall(2.0)
    with pytest.raises(UnknownOutcome) as unknown:
        adapter.publish(PublishRequest("x", "k-9"))
    server.control.fail(500, body=b"Internal Server Error")
    with pytest.raises(TransientError) as transient:
        adapter.publish(PublishRequest("x", "k-9"))
    assert "Telegram sendMessage" in str(unknown.value)
    for error in (unknown.value, transient.value):
        assert token not in str(error) and token not in repr(error)


def test_a_gateway_error_on_a_send_may_have_been_applied(
    server: TelegramServer, adapter: TelegramAdapter
) -> None:
    for status in (502, 504):
        server.control.fail(status, body=b"Bad Gateway")
        with pytest.raises(UnknownOutcome, match="may have been applied"):
            adapter.publish(PublishRequest("x", "k-13"))
    server.control.fail(502, body=b"Bad Gateway")
    with pytest.raises(TransientError):  # reading is never ambiguous
        adapter.verify_credentials()


def test_lookup_cannot_tell_and_says_so(adapter: TelegramAdapter) -> None:
    with pytest.raises(UnknownOutcome, match="cannot read"):
        adapter.lookup(PublishRequest("x", "k-10"))


def test_verify_and_delete(server: TelegramServer, adapter: TelegramAdapter) -> None:
    assert adapter.verify_credentials() == "@city_publisher_bot posting to City News"
    result = adapter.publish(PublishRequest("bye", "k-11"))
    adapter.delete(result.remote_id)
    adapter.delete(result.remote_id)
    assert server.messages == {}


def test_httpx_request_logs_never_show_the_token(
    adapter: TelegramAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    token = adapter.account.secrets["bot_token"]
    with caplog.at_level(logging.INFO, logger="httpx"):
        adapter.publish(PublishRequest("logged", "k-12"))
    assert "sendMessage" in caplog.text and "bot<redacted>" in caplog.text
    assert token not in caplog.text and token not in repr(adapter.account)


def test_a_migrated_group_says_which_chat_id_to_use(
    server: TelegramServer, adapter: TelegramAdapter
) -> None:
    server.control.fail(
        400,
        json_body={
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: group chat was upgraded to a supergroup chat",
            "parameters": {"migrate_to_chat_id": -1009876543210},
        },
    )
    with pytest.raises(PermanentError, match="set chat_id = -1009876543210"):
        adapter.publish(PublishRequest("x", "k-14"))
