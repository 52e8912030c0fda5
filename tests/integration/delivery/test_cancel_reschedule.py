"""Cancel and reschedule at any point before publishing; a stale message then does nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from socialpub.delivery import service
from socialpub.delivery.dispatch import dispatch_due
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery
from tests.integration.delivery.conftest import ListQueue, hook, tick
from tests.integration.delivery.seed import publish_one, seed
from tests.receiver import Receiver


def state(runtime: Runtime, delivery_id: int) -> Delivery:
    with runtime.sessions() as session:
        d = session.get(Delivery, delivery_id)
        assert d is not None
        return d


def test_cancel_while_queued_makes_the_message_a_no_op(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)})
    (d,) = seed(runtime.sessions, "h", "webhook", 1)
    queue = ListQueue()
    dispatch_due(runtime.sessions, queue, now=datetime.now(UTC))
    assert queue.sent == [d] and state(runtime, d).state == State.QUEUED
    with runtime.sessions.begin() as session:
        assert service.cancel(session, d, actor="user:admin", reason="wrong date")
    assert publish_one(runtime, d, actor="worker:test") is None
    assert state(runtime, d).state == State.CANCELLED and receiver.attempts == 0


def test_reschedule_while_waiting_to_retry_moves_it_and_keeps_one_post(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)})
    receiver.script = [503]
    (d,) = seed(runtime.sessions, "h", "webhook", 1)
    now = datetime.now(UTC)
    tick(runtime, now)
    assert state(runtime, d).state == State.RETRY_WAIT
    later = now + timedelta(hours=2)
    with runtime.sessions.begin() as session:
        assert service.reschedule(session, d, later, "Europe/Paris", actor="user:admin")
    assert tick(runtime, now + timedelta(hours=1)) == []
    tick(runtime, later)
    row = state(runtime, d)
    assert row.state == State.PUBLISHED and row.scheduled_tz == "Europe/Paris"
    assert len(receiver.received) == 1


def test_published_cannot_be_cancelled_or_rescheduled(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)})
    (d,) = seed(runtime.sessions, "h", "webhook", 1)
    tick(runtime)
    with runtime.sessions.begin() as session:
        assert not service.cancel(session, d, actor="user:admin")
        assert not service.reschedule(session, d, datetime.now(UTC), "UTC", actor="user:admin")
    assert state(runtime, d).state == State.PUBLISHED
