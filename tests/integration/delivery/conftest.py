"""A runtime with webhook accounts pointed at a real loopback receiver, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from socialpub.delivery.dispatch import dispatch_due
from socialpub.delivery.slots import rules_for
from socialpub.runtime import Runtime
from tests.integration.delivery.seed import publish_one
from tests.platform_servers.runner import run_server
from tests.receiver import Receiver


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture
def hook_url(receiver: Receiver) -> Iterator[str]:
    with run_server(receiver.app()) as base:
        yield base


def hook(url: str, **extra: Any) -> dict[str, Any]:
    return {
        "platform": "webhook",
        "url": f"{url}/hook",
        "lookup_url": f"{url}/lookup",
        "timeout_seconds": 2.0,
        **extra,
    }


class ListQueue:
    def __init__(self) -> None:
        self.sent: list[int] = []

    def __call__(self, delivery_ids: Sequence[int], priority: int) -> None:
        self.sent.extend(delivery_ids)


def tick(runtime: Runtime, now: datetime | None = None) -> list[int]:
    """One dispatcher tick (windows enforced) and every message it sent, worked at ``now``."""
    now = now or datetime.now(UTC)
    queue = ListQueue()
    dispatch_due(runtime.sessions, queue, now=now, open_at=rules_for(runtime.settings).open_at)
    worked = list(queue.sent)
    for delivery_id in worked:
        publish_one(
            runtime, delivery_id, actor="worker:test", clock=lambda: now, rng=random.Random(3)
        )
    return worked
