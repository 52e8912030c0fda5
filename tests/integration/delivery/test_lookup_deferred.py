"""A lost answer whose lookup cannot tell either: looked up again later, ``unknown`` only at last.

The receiver applies the post but answers after the client's timeout, and its lookup endpoint is
down: nobody can tell yet. The delivery must stay with the reconciler (not ``unknown``, not sent
again), be found by a later lookup once the platform can answer, and be called ``unknown`` only
when ``lookup_window_seconds`` of lookups could not tell.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from socialpub import audit
from socialpub.delivery.lookup import DEFERRED
from socialpub.delivery.reconcile import reconcile
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery
from tests.integration.delivery.conftest import ListQueue, hook
from tests.integration.delivery.seed import publish_one, seed
from tests.integration.delivery.test_batch import queue_due
from tests.processes import wait_for
from tests.receiver import Receiver


def _lost_answer(runtime_factory: Any, hook_url: str, receiver: Receiver) -> tuple[Runtime, int]:
    runtime: Runtime = runtime_factory(
        accounts={"a": hook(hook_url, timeout_seconds=2.0)}, lookup_window_seconds=60.0
    )
    (delivery_id,) = seed(runtime.sessions, "a", "webhook", 1)
    queue_due(runtime)
    # Applied, but answered after the client gave up. (Timeouts a busy machine cannot hit by
    # accident: a connect timeout would mean "not sent" and a retry instead.)
    receiver.delay_seconds = 6.0
    receiver.lookup_status = 503  # and the platform cannot be asked either
    assert publish_one(runtime, delivery_id, actor="worker:test") == State.PUBLISHING
    wait_for(lambda: receiver.received, timeout=30, what="the post applied")
    return runtime, delivery_id


def _row(runtime: Runtime, delivery_id: int) -> Delivery:
    with runtime.sessions() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        session.expunge(row)
        return row


def _kinds(runtime: Runtime, delivery_id: int) -> list[str]:
    with runtime.sessions() as session:
        return [e.kind for e in audit.events_for(session, "delivery", delivery_id)]


def test_found_by_a_later_lookup_once_the_platform_can_answer(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime, delivery_id = _lost_answer(runtime_factory, hook_url, receiver)
    row = _row(runtime, delivery_id)
    assert row.state == State.PUBLISHING and (row.lease_owner or "").startswith("lookup:")
    assert _kinds(runtime, delivery_id)[-1] == DEFERRED
    # Still cannot tell: asked again after a longer wait, still not unknown, never resent.
    later = datetime.now(UTC) + timedelta(seconds=5)
    report = reconcile(runtime, ListQueue(), now=later)
    assert report.deferred == 1 and report.unknown == 0
    assert _kinds(runtime, delivery_id).count(DEFERRED) == 2
    receiver.lookup_status = None  # the platform answers again
    report = reconcile(runtime, ListQueue(), now=later + timedelta(seconds=10))
    assert report.recovered == 1
    row = _row(runtime, delivery_id)
    assert row.state == State.PUBLISHED and row.remote_id == "r1"
    assert receiver.attempts == 1 and len(receiver.received) == 1


def test_unknown_only_after_the_lookup_window(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime, delivery_id = _lost_answer(runtime_factory, hook_url, receiver)
    report = reconcile(runtime, ListQueue(), now=datetime.now(UTC) + timedelta(seconds=61))
    assert report.unknown == 1 and report.deferred == 0
    row = _row(runtime, delivery_id)
    assert row.state == State.UNKNOWN and "still cannot tell" in (row.last_error or "")
    assert receiver.attempts == 1  # never sent again
