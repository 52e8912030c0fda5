"""Pause all publishing: workers hold what is due, resuming releases each held delivery once.

Real worker path: the dispatcher's claim, ``publish_many`` (what a Celery worker runs), a real
loopback receiver, SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from socialpub.delivery import pause
from socialpub.delivery.batch import publish_many
from socialpub.delivery.errors import Conflict
from socialpub.delivery.permissions import Actor, PermissionDenied
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import AuditEvent, Delivery
from socialpub.store.tokens import Role
from tests.integration.delivery.conftest import hook
from tests.integration.delivery.seed import publish_one, seed
from tests.integration.delivery.test_batch import WORKER, queue_due, rows
from tests.receiver import Receiver

ADMIN = Actor("api:root", Role.ADMIN)


def switch(runtime: Runtime, on: bool, reason: str = "incident: wrong links") -> list[int]:
    now = datetime.now(UTC)
    with runtime.sessions.begin() as session:
        if on:
            pause.pause_all(session, reason, actor=ADMIN, now=now)
            return []
        return pause.unpause_all(session, actor=ADMIN, now=now)


def test_pause_holds_due_deliveries_and_resume_publishes_each_exactly_once(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    # A batch cut short by publish_batch_seconds (a busy machine) is not what this is about.
    runtime: Runtime = runtime_factory(accounts={"a": hook(hook_url)}, publish_batch_seconds=60)
    ids = seed(runtime.sessions, "a", "webhook", 3)
    switch(runtime, on=True)
    assert sorted(queue_due(runtime)) == sorted(ids)  # the dispatcher queues; workers refuse
    assert publish_many(runtime, ids, actor=WORKER) == dict.fromkeys(ids)
    assert receiver.attempts == 0
    held = rows(runtime, ids)
    assert {d.state for d in held.values()} == {State.HELD}
    assert {d.error_class for d in held.values()} == {pause.HELD_BY_PAUSE}
    assert all("wrong links" in (d.last_error or "") for d in held.values())
    assert queue_due(runtime) == []  # held stays held while paused

    assert sorted(switch(runtime, on=False)) == sorted(ids)
    with pytest.raises(Conflict):
        switch(runtime, on=False)  # resuming twice releases nothing twice
    assert sorted(queue_due(runtime)) == sorted(ids)
    assert publish_many(runtime, ids, actor=WORKER) == dict.fromkeys(ids, State.PUBLISHED)
    assert publish_many(runtime, ids, actor=WORKER) == dict.fromkeys(ids)  # a redelivered message
    assert queue_due(runtime) == []
    assert receiver.attempts == len(receiver.received) == 3
    keys = {r["id"] for r in receiver.received}
    assert keys == {d.idempotency_key for d in rows(runtime, ids).values()}
    with runtime.sessions() as session:
        kinds = session.scalars(
            select(AuditEvent.kind).where(AuditEvent.subject_type == "publishing")
        ).all()
        assert kinds == ["publishing_paused", "publishing_resumed"]
        released = session.scalars(select(AuditEvent).where(AuditEvent.kind == "released")).all()
        assert sorted(e.subject_id for e in released) == sorted(ids)
        assert {e.actor for e in released} == {ADMIN.name}


def test_the_switch_is_read_again_right_before_each_send(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    """Paused while a batch is under way: what was not sent yet is held, not sent."""
    runtime: Runtime = runtime_factory(accounts={"a": hook(hook_url)}, publish_batch_seconds=60)
    ids = seed(runtime.sessions, "a", "webhook", 3)
    flipped: list[str] = []

    def pause_on_first_post(key: str) -> None:
        if not flipped:
            flipped.append(key)
            switch(runtime, on=True, reason="stop now")

    receiver.on_post = pause_on_first_post
    queue_due(runtime)
    outcomes = publish_many(runtime, ids, actor=WORKER)
    receiver.on_post = None
    assert receiver.attempts == 1
    first = next(i for i, d in rows(runtime, ids).items() if d.idempotency_key == flipped[0])
    assert outcomes[first] is State.PUBLISHED
    assert {outcomes[i] for i in ids if i != first} == {State.HELD}
    held = [i for i in ids if i != first]
    for d in (rows(runtime, held)).values():
        assert d.attempts == 0  # given back unsent: the attempt is not counted
    assert sorted(switch(runtime, on=False)) == sorted(held)
    queue_due(runtime)
    for delivery_id in held:  # the single-delivery path too
        assert publish_one(runtime, delivery_id, actor=WORKER) is State.PUBLISHED
    assert receiver.attempts == len(receiver.received) == 3


def test_only_an_admin_pauses_and_a_reason_is_required(runtime_factory: Any) -> None:
    runtime: Runtime = runtime_factory()
    now = datetime.now(UTC)
    with runtime.sessions.begin() as session:
        with pytest.raises(PermissionDenied):
            pause.pause_all(session, "x", actor=Actor("api:a", Role.APPROVER), now=now)
        with pytest.raises(ValueError, match="say why"):
            pause.pause_all(session, "  ", actor=ADMIN, now=now)
        assert pause.publishing_paused(session) is None
    switch(runtime, on=True)
    with runtime.sessions() as session:
        row = pause.publishing_paused(session)
        assert row is not None and row.actor == ADMIN.name
        assert session.scalar(select(Delivery.id)) is None
