"""Dispatch → publish → outcome, in process, against a real webhook receiver on loopback.

Runs on SQLite and PostgreSQL. The worker's code path is the one Celery runs; here the "queue"
is a list, so each step can be inspected.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from socialpub import audit
from socialpub.delivery.dispatch import dispatch_due
from socialpub.delivery.reconcile import reconcile
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.accounts import paused_reason
from socialpub.store.models import Delivery
from tests.integration.delivery.seed import publish_one
from tests.integration.test_store import compose
from tests.platform_servers.runner import run_server
from tests.receiver import Receiver

SECRET = "s3cret-for-tests"


@pytest.fixture
def receiver() -> Receiver:
    return Receiver(secret=SECRET)


@pytest.fixture
def hook_url(receiver: Receiver) -> Iterator[str]:
    with run_server(receiver.app()) as base:
        yield base


@pytest.fixture
def runtime(runtime_factory: Any, hook_url: str, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    rt: Runtime = runtime_factory(
        accounts={
            "hook": {
                "platform": "webhook",
                "url": f"{hook_url}/hook",
                "lookup_url": f"{hook_url}/lookup",
                "secret_env": "HOOK_SECRET",
                "timeout_seconds": 2.0,
            },
            "nolookup": {
                "platform": "webhook",
                "url": f"{hook_url}/hook",
                "secret_env": "HOOK_SECRET",
                "timeout_seconds": 2.0,
            },
        },
        lease_seconds=30,
    )
    return rt


class ListQueue:
    def __init__(self) -> None:
        self.sent: list[int] = []

    def __call__(self, delivery_ids: Sequence[int], priority: int) -> None:
        self.sent.extend(delivery_ids)


def run_until_settled(runtime: Runtime, *, rounds: int = 10) -> None:
    """Dispatch and publish repeatedly, moving time forward past any retry wait."""
    queue = ListQueue()
    start = datetime.now(UTC)
    for round_number in range(rounds):
        now = start + timedelta(minutes=10 * round_number)
        dispatch_due(runtime.sessions, queue, now=now)
        while queue.sent:
            publish_one(
                runtime,
                queue.sent.pop(0),
                actor="worker:test",
                clock=lambda at=now: at,
                rng=random.Random(1),
            )


def state_of(runtime: Runtime, delivery_id: int) -> Delivery:
    with runtime.sessions() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        return delivery


def kinds(runtime: Runtime, delivery_id: int) -> list[str]:
    with runtime.sessions() as session:
        return [e.kind for e in audit.events_for(session, "delivery", delivery_id)]


def test_a_due_delivery_is_published_once_signed_and_audited(
    runtime: Runtime, receiver: Receiver
) -> None:
    (delivery_id,) = compose(runtime, ["hook"])
    run_until_settled(runtime)
    delivery = state_of(runtime, delivery_id)
    assert delivery.state == State.PUBLISHED
    assert delivery.remote_id == "r1" and delivery.remote_url == "https://example.test/p/1"
    assert len(receiver.received) == 1
    assert receiver.received[0]["text"] == delivery.text
    assert kinds(runtime, delivery_id) == [
        "created",
        "scheduled",
        "queued",
        "attempt_started",
        "attempt_result",
        "published",
    ]
    with runtime.sessions() as session:
        result = next(
            e
            for e in audit.events_for(session, "delivery", delivery_id)
            if e.kind == "attempt_result"
        )
        assert result.details["status"] == 200 and result.details["latency_ms"] > 0


def test_a_future_delivery_is_not_dispatched_early(runtime: Runtime, receiver: Receiver) -> None:
    (delivery_id,) = compose(runtime, ["hook"], when=datetime.now(UTC) + timedelta(hours=1))
    queue = ListQueue()
    assert dispatch_due(runtime.sessions, queue, now=datetime.now(UTC)) == []
    assert state_of(runtime, delivery_id).state == State.SCHEDULED


def test_a_duplicated_message_publishes_nothing_more(runtime: Runtime, receiver: Receiver) -> None:
    (delivery_id,) = compose(runtime, ["hook"])
    queue = ListQueue()
    dispatch_due(runtime.sessions, queue, now=datetime.now(UTC))
    assert publish_one(runtime, delivery_id, actor="w1") == State.PUBLISHED
    assert publish_one(runtime, delivery_id, actor="w2") is None
    assert len(receiver.received) == 1


def test_transient_errors_retry_with_backoff_then_publish(
    runtime: Runtime, receiver: Receiver
) -> None:
    receiver.script = [503, 429]
    (delivery_id,) = compose(runtime, ["hook"])
    run_until_settled(runtime)
    delivery = state_of(runtime, delivery_id)
    assert delivery.state == State.PUBLISHED and delivery.attempts == 3
    assert kinds(runtime, delivery_id).count("retry_scheduled") == 2
    assert len(receiver.received) == 1


def test_rate_limit_retry_after_is_never_undercut(runtime: Runtime, receiver: Receiver) -> None:
    receiver.script = [429]
    (delivery_id,) = compose(runtime, ["hook"])
    queue = ListQueue()
    before = datetime.now(UTC)
    dispatch_due(runtime.sessions, queue, now=before)
    assert publish_one(runtime, delivery_id, actor="w") == State.RETRY_WAIT
    delivery = state_of(runtime, delivery_id)
    assert delivery.due_at >= before + timedelta(seconds=1)
    assert delivery.error_class == "RateLimited"


def test_a_permanent_error_fails_at_once_with_the_reason(
    runtime: Runtime, receiver: Receiver
) -> None:
    receiver.script = [422]
    (delivery_id,) = compose(runtime, ["hook"])
    run_until_settled(runtime)
    delivery = state_of(runtime, delivery_id)
    assert delivery.state == State.FAILED and delivery.attempts == 1
    assert "422" in (delivery.last_error or "")


def test_giving_up_after_the_configured_attempts(
    runtime_factory: Any, hook_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    rt = runtime_factory(
        accounts={
            "hook": {"platform": "webhook", "url": f"{hook_url}/hook", "secret_env": "HOOK_SECRET"}
        },
        max_attempts=3,
    )
    receiver.script = [500] * 10
    (delivery_id,) = compose(rt, ["hook"])
    run_until_settled(rt)
    delivery = state_of(rt, delivery_id)
    assert delivery.state == State.FAILED and delivery.attempts == 3
    assert "gave up after 3 attempts" in (delivery.last_error or "")


def test_an_auth_error_pauses_the_account_and_holds_the_delivery(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    rt = runtime_factory(accounts={"hook": {"platform": "webhook", "url": f"{hook_url}/hook"}})
    receiver.secret = "the receiver expects a signature we do not send"
    (first,) = compose(rt, ["hook"])
    run_until_settled(rt, rounds=2)
    assert state_of(rt, first).state == State.HELD
    with rt.sessions() as session:
        assert "401" in (paused_reason(session, "hook") or "")
    assert receiver.received == []


def test_a_failing_delivery_does_not_block_the_others(runtime: Runtime, receiver: Receiver) -> None:
    bad = compose(runtime, ["hook"])[0]
    with runtime.sessions.begin() as session:
        session.execute(
            update(Delivery).where(Delivery.id == bad).values(parts=["x" * 10], text="x")
        )
    receiver.script = [400]
    good = compose_other(runtime)
    run_until_settled(runtime)
    assert state_of(runtime, bad).state == State.FAILED
    assert state_of(runtime, good).state == State.PUBLISHED


def compose_other(runtime: Runtime) -> int:
    from socialpub.delivery import service

    request = service.ComposeRequest(
        raw="Another story\n\nSomething else happened today.",
        accounts=[runtime.account("hook")],
        when=datetime.now(UTC),
        tz="UTC",
        author="user:test",
    )
    with runtime.sessions.begin() as session:
        return service.create_post(session, request, runtime.limits_for, actor="t").deliveries[0].id


def test_reconciler_resends_a_queued_delivery_whose_message_was_lost(
    runtime: Runtime, receiver: Receiver
) -> None:
    (delivery_id,) = compose(runtime, ["hook"])
    lost = ListQueue()
    now = datetime.now(UTC)
    dispatch_due(runtime.sessions, lost, now=now)
    lost.sent.clear()  # Redis restarted: the message is gone
    again = ListQueue()
    reconcile(runtime, again, now=now + timedelta(seconds=5))
    assert again.sent == []  # not stale yet
    reconcile(runtime, again, now=now + timedelta(minutes=5))
    assert again.sent == [delivery_id]
    assert publish_one(runtime, delivery_id, actor="w") == State.PUBLISHED
    assert "requeued" in kinds(runtime, delivery_id)


def _die_mid_publish(runtime: Runtime, delivery_id: int, *, sent: bool) -> None:
    """Claim as a worker would, optionally let the request reach the platform, then vanish."""
    from socialpub.delivery.batch import claim_many
    from socialpub.delivery.publish import part_request

    (attempt,) = claim_many(runtime, [delivery_id], actor="doomed", now=datetime.now(UTC))
    if sent:
        runtime.adapter(attempt.account).publish(part_request(attempt, 0, None))


@pytest.mark.parametrize("sent", [True, False])
def test_an_expired_lease_is_resolved_by_lookup_never_blind_resend(
    runtime: Runtime, receiver: Receiver, sent: bool
) -> None:
    (delivery_id,) = compose(runtime, ["hook"])
    dispatch_due(runtime.sessions, ListQueue(), now=datetime.now(UTC))
    _die_mid_publish(runtime, delivery_id, sent=sent)
    report = reconcile(runtime, ListQueue(), now=datetime.now(UTC) + timedelta(minutes=5))
    if sent:
        assert report.recovered == 1
        assert state_of(runtime, delivery_id).state == State.PUBLISHED
    else:
        assert report.retried == 1
        run_until_settled(runtime)
        assert state_of(runtime, delivery_id).state == State.PUBLISHED
    assert len(receiver.received) == 1


def test_without_a_way_to_look_up_the_outcome_is_unknown_not_resent(
    runtime: Runtime, receiver: Receiver
) -> None:
    (delivery_id,) = compose(runtime, ["nolookup"])
    dispatch_due(runtime.sessions, ListQueue(), now=datetime.now(UTC))
    _die_mid_publish(runtime, delivery_id, sent=True)
    report = reconcile(runtime, ListQueue(), now=datetime.now(UTC) + timedelta(minutes=5))
    assert report.unknown == 1
    assert state_of(runtime, delivery_id).state == State.UNKNOWN
    run_until_settled(runtime)
    assert len(receiver.received) == 1
    with runtime.sessions() as session:
        assert session.scalars(select(Delivery.state)).all() == [State.UNKNOWN]
