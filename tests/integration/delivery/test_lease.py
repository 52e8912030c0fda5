"""A short lease is safe: it is renewed while one slow publish runs, and lost when the worker is.

Without renewal a lease must outlast the slowest publish, so a crashed worker's delivery waits
that long; with it, the lease can be short and a crash is noticed within one lease.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from socialpub.delivery.batch import claim_many
from socialpub.delivery.reconcile import reconcile
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from tests.integration.delivery.conftest import ListQueue, hook
from tests.integration.delivery.seed import publish_one, seed
from tests.integration.delivery.test_batch import queue_due
from tests.receiver import Receiver


def test_a_publish_slower_than_its_lease_keeps_it(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(
        accounts={"a": hook(hook_url, timeout_seconds=30.0)}, lease_seconds=3.0
    )
    (delivery_id,) = seed(runtime.sessions, "a", "webhook", 1)
    queue_due(runtime)
    receiver.delay_seconds = 6.0  # twice the lease
    outcome: list[State | None] = []
    worker = threading.Thread(
        target=lambda: outcome.append(publish_one(runtime, delivery_id, actor="worker:slow"))
    )
    worker.start()
    time.sleep(4.5)  # past the lease the claim took
    report = reconcile(runtime, ListQueue(), now=datetime.now(UTC))
    worker.join(timeout=60)
    assert report.recovered == report.retried == report.deferred == report.unknown == 0
    assert outcome == [State.PUBLISHED]
    assert receiver.attempts == 1


def test_a_dead_workers_lease_runs_out_within_one_lease(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"a": hook(hook_url)}, lease_seconds=1.0)
    (delivery_id,) = seed(runtime.sessions, "a", "webhook", 1)
    queue_due(runtime)
    claimed_at = datetime.now(UTC)
    assert claim_many(runtime, [delivery_id], actor="worker:dead", now=claimed_at)
    # The worker died right after its claim: nothing renews, the reconciler takes over.
    report = reconcile(runtime, ListQueue(), now=claimed_at + timedelta(seconds=2))
    assert report.retried == 1  # the platform has no such post: sent again, once
    assert receiver.attempts == 0
