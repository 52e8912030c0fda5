"""RetryPolicy: capped exponential backoff with jitter, retry_after wins, giving up."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from socialpub.delivery.retry import RetryPolicy

T0 = datetime(2026, 11, 26, 8, tzinfo=UTC)


def test_backoff_grows_is_jittered_and_capped() -> None:
    policy = RetryPolicy(base_seconds=5, cap_seconds=60)
    rng = random.Random(7)
    for attempt, step in [(1, 5), (2, 10), (3, 20), (4, 40), (5, 60), (9, 60)]:
        delays = [policy.delay(attempt, rng=rng) for _ in range(200)]
        assert all(step / 2 <= d <= step for d in delays)
        assert max(delays) - min(delays) > step / 4  # jitter actually spreads them


def test_retry_after_is_a_floor() -> None:
    policy = RetryPolicy(base_seconds=5, cap_seconds=60)
    assert policy.delay(1, retry_after=300, rng=random.Random(1)) == 300
    assert policy.delay(5, retry_after=1, rng=random.Random(1)) >= 30


def test_gives_up_after_max_attempts() -> None:
    policy = RetryPolicy(max_attempts=3)
    soon = T0 + timedelta(seconds=10)
    assert policy.give_up_reason(2, first_due=T0, next_try=soon) is None
    assert policy.give_up_reason(3, first_due=T0, next_try=soon) == "gave up after 3 attempts"


def test_gives_up_by_age() -> None:
    policy = RetryPolicy(max_attempts=100, max_age=timedelta(hours=2))
    ok = T0 + timedelta(hours=2)
    late = T0 + timedelta(hours=2, seconds=1)
    assert policy.give_up_reason(1, first_due=T0, next_try=ok) is None
    reason = policy.give_up_reason(1, first_due=T0, next_try=late)
    assert reason is not None and "2 h after its time" in reason
