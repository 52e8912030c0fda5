"""Per-account rate limits in Redis, alone and through the worker's claim."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
from sqlalchemy import select

from socialpub import audit
from socialpub.delivery.ratelimit import (
    Quota,
    RateLimiter,
    wait_in_window,
)
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery
from tests.conftest import REDIS_URL
from tests.integration.delivery.conftest import hook, tick
from tests.integration.delivery.seed import seed
from tests.receiver import Receiver

T0 = datetime(2026, 11, 26, 8, tzinfo=UTC)


@pytest.fixture
def limiter(redis_prefix: str) -> RateLimiter:
    return RateLimiter(redis.Redis.from_url(REDIS_URL), redis_prefix)


def test_redis_window_agrees_with_the_math(limiter: RateLimiter) -> None:
    q = Quota(3, 10)
    stamps: list[float] = []
    rng = random.Random(5)
    now = T0
    for n in range(40):
        now += timedelta(seconds=rng.uniform(0, 4))
        expected = wait_in_window(stamps, now.timestamp(), q)
        got = limiter.acquire("acct", q, f"d{n}", now=now)
        assert got == pytest.approx(expected, abs=1e-3)
        if expected == 0:
            stamps.append(now.timestamp())


def test_same_member_reserves_once(limiter: RateLimiter) -> None:
    q = Quota(2, 60)
    assert limiter.acquire("a", q, "7:1", now=T0) == 0
    assert limiter.acquire("a", q, "7:1", now=T0) == 0  # duplicated message, same attempt
    assert limiter.acquire("a", q, "8:1", now=T0) == 0
    assert limiter.acquire("a", q, "9:1", now=T0) == pytest.approx(60)
    assert limiter.acquire("b", q, "9:1", now=T0) == 0  # accounts are separate


def test_hold_makes_the_whole_account_wait_and_only_moves_later(limiter: RateLimiter) -> None:
    assert limiter.hold("a", 30, now=T0) == pytest.approx(30)
    assert limiter.hold("a", 5, now=T0) == pytest.approx(30)
    assert limiter.acquire("a", None, "1:1", now=T0 + timedelta(seconds=10)) == pytest.approx(20)
    assert limiter.acquire("a", None, "1:1", now=T0 + timedelta(seconds=31)) == 0


def events(runtime: Runtime, delivery_id: int) -> list[str]:
    with runtime.sessions() as session:
        return [e.kind for e in audit.events_for(session, "delivery", delivery_id)]


def test_over_quota_goes_back_to_scheduled_without_an_attempt(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url, rate_limit_per_hour=2)})
    ids = seed(runtime.sessions, "h", "webhook", 3)
    now = datetime.now(UTC)
    tick(runtime, now)
    assert len(receiver.received) == 2
    with runtime.sessions() as session:
        rows = {d.id: d for d in session.scalars(select(Delivery).where(Delivery.id.in_(ids)))}
    waiting = [d for d in rows.values() if d.state != State.PUBLISHED]
    assert len(waiting) == 1
    (late,) = waiting
    assert late.state == State.SCHEDULED and late.attempts == 0
    assert 3590 <= (late.due_at - now).total_seconds() <= 3601
    assert events(runtime, late.id)[-1] == "rate_limited"
    # Nothing more goes out before the hour is over; after it, the third one does.
    tick(runtime, now + timedelta(minutes=30))
    assert len(receiver.received) == 2
    tick(runtime, now + timedelta(hours=1, seconds=1))
    assert len(receiver.received) == 3


def test_a_429_holds_the_whole_account(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)})
    receiver.script = [429]  # answers with Retry-After: 1
    first, second = seed(runtime.sessions, "h", "webhook", 2)
    now = datetime.now(UTC)
    tick(runtime, now)
    assert receiver.attempts == 1  # the second delivery did not hit the 429 too
    kinds = {first: events(runtime, first), second: events(runtime, second)}
    limited = [d for d, k in kinds.items() if k[-1] == "rate_limited"]
    retrying = [d for d, k in kinds.items() if k[-1] == "retry_scheduled"]
    assert len(limited) == 1 and len(retrying) == 1
    for _ in range(3):
        tick(runtime, now + timedelta(seconds=5))
    assert len(receiver.received) == 2
