"""A platform (or proxy) that echoes our request in its error must not leak a secret anywhere:
not in the error, not in ``last_error``, not in the audit log, not in a log line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from socialpub.delivery.states import State
from socialpub.platforms.base import PublishRequest
from socialpub.platforms.bluesky import BlueskyAdapter
from socialpub.platforms.errors import PlatformError
from socialpub.platforms.mastodon import MastodonAdapter
from socialpub.platforms.redact import REDACTED, redact
from socialpub.platforms.telegram import TelegramAdapter
from socialpub.platforms.x import XAdapter
from socialpub.runtime import Runtime
from socialpub.store.models import AuditEvent, Delivery
from tests.integration.delivery.conftest import tick
from tests.integration.delivery.seed import seed
from tests.integration.platforms.conftest import build
from tests.platform_servers.echo import EchoServer

TOKEN = "masto-Secret-Token-0123456789"


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


def _error_of(call: Any) -> PlatformError:
    with pytest.raises(PlatformError) as caught:
        call()
    return caught.value


def test_a_bearer_token_echoed_back_is_redacted(echo: EchoServer, client: httpx.Client) -> None:
    adapter = build(
        MastodonAdapter, client, options={"base_url": echo.base_url}, secrets={"token": TOKEN}
    )
    error = _error_of(lambda: adapter.publish(PublishRequest("hello", "k-1")))
    assert "Bad request" in error.message  # the platform's words are kept...
    assert TOKEN not in error.message and TOKEN not in str(error)  # ...its echo of us is not
    assert REDACTED in error.message


def test_secrets_in_bodies_and_urls_are_redacted(echo: EchoServer, client: httpx.Client) -> None:
    password = "abcd-efgh-ijkl-mnop"
    bluesky = build(
        BlueskyAdapter,
        client,
        options={"identifier": "me.example", "service": echo.base_url},
        secrets={"app_password": password},
    )
    error = _error_of(bluesky.verify_credentials)  # createSession sends the password as JSON
    assert password not in error.message
    refresh = "x-refresh-token-from-config-42"
    x = build(
        XAdapter,
        client,
        options={"client_id": "cid", "api_base_url": echo.base_url},
        secrets={"refresh_token": refresh, "client_secret": "client-secret-99"},
    )
    error = _error_of(x.verify_credentials)  # the refresh form and Basic auth are echoed
    assert refresh not in error.message and "client-secret-99" not in error.message
    bot = "123456:AAbbCCddEEff-secret"
    telegram = build(
        TelegramAdapter,
        client,
        options={"chat_id": "@news", "api_url": echo.base_url},
        secrets={"bot_token": bot},
    )
    error = _error_of(lambda: telegram.publish(PublishRequest("hi", "k-2")))
    assert bot not in error.message and "AAbbCCddEEff" not in error.message


def test_credential_looking_text_is_redacted_even_when_not_a_known_secret() -> None:
    text = (
        'Authorization: Bearer abcdefghij12345 {"access_token": "zzzzzzzz1"} '
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl ?refresh_token=rt123456&x=1"
    )
    cleaned = redact(text)
    for secret in ("abcdefghij12345", "zzzzzzzz1", "eyJhbGciOiJIUzI1NiJ9", "rt123456"):
        assert secret not in cleaned
    assert "Authorization: Bearer <redacted>" in cleaned and "&x=1" in cleaned


@pytest.mark.parametrize("status", [400, 500])
def test_no_token_in_last_error_audit_log_or_logs(
    echo: EchoServer,
    runtime_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    status: int,
) -> None:
    echo.status = status
    monkeypatch.setenv("ECHO_MASTODON_TOKEN", TOKEN)
    account = {
        "platform": "mastodon",
        "base_url": echo.base_url,
        "token_env": "ECHO_MASTODON_TOKEN",
    }
    runtime: Runtime = runtime_factory(accounts={"m": account})
    [delivery_id] = seed(runtime.sessions, "m", "mastodon", 1)
    with caplog.at_level(logging.DEBUG):
        tick(runtime)
        logging.getLogger("socialpub.test").error("echo said %s", f"Bearer {TOKEN}")
    with runtime.sessions() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        expected = State.FAILED if status == 400 else State.RETRY_WAIT
        assert row.state == expected.value
        assert row.last_error and "Bad request" in row.last_error
        assert TOKEN not in row.last_error
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.subject_id == delivery_id)
        ).all()
        assert any(e.kind == "attempt_result" for e in events)
        assert all(TOKEN not in json.dumps(e.details) for e in events)
    assert "echo said Bearer <redacted>" in caplog.text
    assert TOKEN not in caplog.text
