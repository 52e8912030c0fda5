"""Asking the platform again, later, when nobody can tell yet whether a post was made.

A lost answer (a read timeout, a cut link) is followed by one lookup at once. When that lookup
cannot tell either, usually because the same fault still stands, deciding ``unknown`` there and
then would hand an admin a question that the platform could answer a few seconds later. So the
delivery stays ``publishing`` under a lease of the reconciler's with a short, growing expiry; when
it runs out the reconciler takes it over and looks it up again (``reconcile.resolve_expired``).
Only after ``lookup_window_seconds`` of lookups that cannot tell is it marked ``unknown``.

The backoff doubles from ``backoff_base_seconds`` up to ``backoff_cap_seconds``; how many
lookups were made and since when is read from the delivery's audit trail, so nothing new is
stored and the decision survives any process dying in between.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from socialpub import audit
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import AuditEvent, Delivery

if TYPE_CHECKING:
    from socialpub.delivery.publish import Attempt

DEFERRED = "lookup_deferred"


def lookups_so_far(runtime: Runtime, delivery_id: int) -> tuple[int, datetime | None]:
    """How many lookups were deferred since the current attempt started, and when the first was."""
    with runtime.sessions() as session:
        rows = session.execute(
            select(AuditEvent.kind, AuditEvent.at)
            .where(
                AuditEvent.subject_type == "delivery",
                AuditEvent.subject_id == delivery_id,
                AuditEvent.kind.in_(["attempt_started", DEFERRED]),
            )
            .order_by(AuditEvent.id.desc())
            .limit(200)
        ).all()
    count, first = 0, None
    for kind, at in rows:
        if kind != DEFERRED:
            break
        count, first = count + 1, at
    return count, first


def lookup_delay(runtime: Runtime, lookups: int) -> float:
    s = runtime.settings
    return float(min(s.backoff_cap_seconds, s.backoff_base_seconds * 2 ** min(lookups, 20)))


def defer_lookup(
    runtime: Runtime,
    attempt: Attempt,
    reason: str,
    now: datetime,
    *,
    part_ids: list[str] | None = None,
) -> bool:
    """Hand the delivery to the reconciler to look it up again after a backoff.

    False when that is pointless or has gone on long enough (the platform cannot look posts
    up, or ``lookup_window_seconds`` have passed): the caller marks it ``unknown``. True, with
    nothing written, when the lease was lost meanwhile: whoever holds it now decides.
    """
    try:
        if not runtime.adapter(attempt.account).can_look_up:
            return False
    except Exception:  # the account is gone: a lookup could not be made either
        return False
    lookups, first = lookups_so_far(runtime, attempt.delivery_id)
    window = timedelta(seconds=runtime.settings.lookup_window_seconds)
    if not window or (first is not None and _aware(now) - _aware(first) >= window):
        return False
    delay = lookup_delay(runtime, lookups)
    until = now + timedelta(seconds=delay)
    values: dict[str, Any] = {
        "lease_owner": f"lookup:{uuid.uuid4().hex[:12]}",
        "lease_until": until,
        "last_error": reason,
        "updated_at": now,
    }
    if part_ids is not None:
        values["part_ids"] = part_ids
    with runtime.sessions.begin() as session:
        statement = (
            update(Delivery)
            .where(
                Delivery.id == attempt.delivery_id,
                Delivery.lease_owner == attempt.lease,
                Delivery.state == State.PUBLISHING.value,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if session.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
            return True  # not ours any more: the new holder decides, nothing for us to mark
        audit.record(
            session,
            actor=attempt.actor,
            subject_type="delivery",
            subject_id=attempt.delivery_id,
            kind=DEFERRED,
            details={
                "reason": reason,
                "attempt": attempt.attempt,
                "lookups": lookups + 1,
                "next_lookup_at": until.isoformat(),
            },
            at=now,
        )
    return True


def _aware(at: datetime) -> datetime:
    """SQLite hands datetimes back naive; every time we store is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
