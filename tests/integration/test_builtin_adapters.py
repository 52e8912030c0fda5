"""The two built-in adapters of a new install: outbox (a dry run that records) and webhook."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialpub.platforms.base import AccountContext, PublishRequest
from socialpub.platforms.errors import AuthError, PermanentError, RateLimited, UnknownOutcome
from socialpub.platforms.outbox import OutboxAdapter
from socialpub.platforms.webhook import WebhookAdapter
from tests.platform_servers.runner import run_server
from tests.receiver import Receiver


def outbox(path: Path) -> OutboxAdapter:
    context = AccountContext(name="o", platform="outbox", options={"path": str(path)})
    return OutboxAdapter(context, httpx.Client())


def test_outbox_records_each_key_once_and_finds_it_again(tmp_path: Path) -> None:
    adapter = outbox(tmp_path / "var" / "out.jsonl")
    request = PublishRequest(text="Hello, world #Test", idempotency_key="k1")
    first = adapter.publish(request)
    again = adapter.publish(request)
    assert first == again
    lines = (tmp_path / "var" / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["Hello, world #Test"]
    assert adapter.lookup(PublishRequest(text="x", idempotency_key="k2")) is None
    adapter.delete(first.remote_id)
    assert adapter.lookup(request) is None


def test_outbox_that_cannot_write_fails_permanently(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    adapter = outbox(tmp_path / "blocker" / "out.jsonl")
    with pytest.raises(PermanentError, match="cannot write outbox"):
        adapter.publish(PublishRequest(text="x", idempotency_key="k"))


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    hook = Receiver(secret="shh")
    with run_server(hook.app()) as base:
        yield hook, base


def webhook(base: str, *, secret: str | None = "shh", timeout: float = 2.0) -> WebhookAdapter:
    context = AccountContext(
        name="h",
        platform="webhook",
        options={"url": f"{base}/hook", "lookup_url": f"{base}/lookup", "timeout_seconds": timeout},
        secrets={"secret": secret} if secret else {},
    )
    return WebhookAdapter(context, httpx.Client())


def test_webhook_signs_its_body_and_the_receiver_can_check_it(
    receiver: tuple[Receiver, str],
) -> None:
    hook, base = receiver
    result = webhook(base).publish(PublishRequest(text="Signed", idempotency_key="abc"))
    assert result.remote_id == "r1" and result.status == 200
    assert hook.received[0]["text"] == "Signed" and hook.received[0]["id"] == "abc"
    with pytest.raises(AuthError, match="401"):
        webhook(base, secret="wrong").publish(PublishRequest(text="x", idempotency_key="b"))


def test_webhook_maps_statuses_to_typed_errors(receiver: tuple[Receiver, str]) -> None:
    hook, base = receiver
    adapter = webhook(base)
    hook.script = [429, 422]
    with pytest.raises(RateLimited) as limited:
        adapter.publish(PublishRequest(text="x", idempotency_key="a"))
    assert limited.value.retry_after == 1.0
    with pytest.raises(PermanentError):
        adapter.publish(PublishRequest(text="x", idempotency_key="a"))


def stalling_app(seen: list[bytes]) -> Starlette:
    async def hook(request: Request) -> Response:
        seen.append(await request.body())
        await asyncio.sleep(3)
        return JSONResponse({"id": "late"})

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


def test_webhook_timeout_after_sending_is_an_unknown_outcome() -> None:
    seen: list[bytes] = []
    with run_server(stalling_app(seen)) as base:
        context = AccountContext(
            name="h", platform="webhook", options={"url": f"{base}/hook", "timeout_seconds": 0.5}
        )
        adapter = WebhookAdapter(context, httpx.Client())
        with pytest.raises(UnknownOutcome):
            adapter.publish(PublishRequest(text="x", idempotency_key="a"))
        with pytest.raises(UnknownOutcome, match="no lookup_url"):
            adapter.lookup(PublishRequest(text="x", idempotency_key="a"))
    assert len(seen) == 1
