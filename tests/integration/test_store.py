"""The state machine's storage guarantees, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from socialpub.delivery import service
from socialpub.delivery.repository import transition
from socialpub.delivery.states import IllegalTransition, State
from socialpub.runtime import Runtime
from socialpub.store.models import AuditEvent, Delivery

ARTICLE = """Hospital opens new cancer centre

The University Hospital opened its new cancer centre on Monday. The centre brings radiotherapy,
chemotherapy and clinical trials under one roof. It will treat 5,000 patients a year.
"""


def compose(runtime: Runtime, accounts: list[str], when: datetime | None = None) -> list[int]:
    request = service.ComposeRequest(
        raw=ARTICLE,
        accounts=[runtime.account(a) for a in accounts],
        when=when or datetime.now(UTC),
        tz="Europe/London",
        author="user:test",
        allow_past=True,  # storage tests write fixed instants, some of them past
    )
    with runtime.sessions.begin() as session:
        post = service.create_post(session, request, runtime.limits_for, actor="user:test")
        return [d.id for d in post.deliveries]


@pytest.fixture
def runtime(runtime_factory: Any) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={
            "outbox": {"platform": "outbox", "path": "outbox.jsonl"},
            "second": {"platform": "outbox", "path": "second.jsonl", "max_length": 200},
        }
    )
    return rt


def test_compose_stores_one_scheduled_delivery_per_account_with_audit(runtime: Runtime) -> None:
    ids = compose(runtime, ["outbox", "second"])
    with runtime.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.id.in_(ids))).all()
        assert {d.account for d in rows} == {"outbox", "second"}
        assert all(d.state == State.SCHEDULED for d in rows)
        assert all(d.scheduled_tz == "Europe/London" for d in rows)
        assert len({d.idempotency_key for d in rows}) == 2
        second = next(d for d in rows if d.account == "second")
        assert len(second.text) <= 200
        kinds = session.scalars(
            select(AuditEvent.kind).where(
                AuditEvent.subject_id == second.id, AuditEvent.subject_type == "delivery"
            )
        ).all()
        assert kinds == ["created", "scheduled"]


def test_times_come_back_in_utc(runtime: Runtime) -> None:
    when = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    (delivery_id,) = compose(runtime, ["outbox"], when)
    with runtime.sessions() as session:
        stored = session.get(Delivery, delivery_id)
        assert stored is not None
        assert stored.due_at == when
        assert stored.due_at.tzinfo is not None


def test_the_same_article_is_not_scheduled_twice_on_one_account(runtime: Runtime) -> None:
    compose(runtime, ["outbox"])
    with pytest.raises(service.DuplicateArticle, match="outbox"):
        compose(runtime, ["outbox"])
    compose(runtime, ["second"])  # another account is fine


def test_only_one_of_two_racing_transitions_wins(runtime: Runtime) -> None:
    (delivery_id,) = compose(runtime, ["outbox"])
    with runtime.sessions.begin() as session:
        first = transition(
            session, delivery_id, State.SCHEDULED, State.QUEUED, actor="a", kind="queued"
        )
    with runtime.sessions.begin() as session:
        second = transition(
            session, delivery_id, State.SCHEDULED, State.QUEUED, actor="b", kind="queued"
        )
    assert (first, second) == (True, False)
    with runtime.sessions() as session:
        queued = session.scalars(select(AuditEvent).where(AuditEvent.kind == "queued")).all()
        assert [e.actor for e in queued] == ["a"]


def test_a_transition_and_its_audit_event_roll_back_together(runtime: Runtime) -> None:
    (delivery_id,) = compose(runtime, ["outbox"])
    with pytest.raises(RuntimeError), runtime.sessions.begin() as session:
        transition(session, delivery_id, State.SCHEDULED, State.QUEUED, actor="a", kind="queued")
        raise RuntimeError("crash before commit")
    with runtime.sessions() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None and delivery.state == State.SCHEDULED
        assert not session.scalars(select(AuditEvent).where(AuditEvent.kind == "queued")).all()


def test_illegal_transitions_are_refused_before_touching_the_database(runtime: Runtime) -> None:
    (delivery_id,) = compose(runtime, ["outbox"])
    with pytest.raises(IllegalTransition), runtime.sessions.begin() as session:
        transition(session, delivery_id, State.SCHEDULED, State.PUBLISHED, actor="a", kind="x")


def test_cancel_works_before_publishing_and_not_after(runtime: Runtime) -> None:
    (first,) = compose(runtime, ["outbox"])
    with runtime.sessions.begin() as session:
        assert service.cancel(session, first, actor="user:test", reason="typo")
    with runtime.sessions.begin() as session:
        session.execute(update(Delivery).where(Delivery.id == first).values(state="published"))
    with runtime.sessions.begin() as session:
        assert not service.cancel(session, first, actor="user:test")


def test_reschedule_moves_due_time_and_is_audited(runtime: Runtime) -> None:
    (delivery_id,) = compose(runtime, ["outbox"])
    later = datetime.now(UTC) + timedelta(days=2)
    with runtime.sessions.begin() as session:
        assert service.reschedule(session, delivery_id, later, "Asia/Shanghai", actor="user:t")
    with runtime.sessions() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        assert delivery.due_at == later and delivery.scheduled_tz == "Asia/Shanghai"


def test_audit_events_cannot_be_changed_or_deleted_even_with_raw_sql(runtime: Runtime) -> None:
    compose(runtime, ["outbox"])
    with pytest.raises(DBAPIError), runtime.sessions.begin() as session:
        session.execute(update(AuditEvent).values(kind="tampered"))
    with pytest.raises(DBAPIError), runtime.sessions.begin() as session:
        session.execute(delete(AuditEvent))
    with pytest.raises(DBAPIError), runtime.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'someone else'"))
    with runtime.sessions() as session:
        assert "tampered" not in session.scalars(select(AuditEvent.kind)).all()


def test_audit_events_cannot_be_changed_through_the_orm(runtime: Runtime) -> None:
    compose(runtime, ["outbox"])
    with pytest.raises(PermissionError), runtime.sessions.begin() as session:
        event = session.scalars(select(AuditEvent)).first()
        assert event is not None
        event.kind = "tampered"
        session.flush()
