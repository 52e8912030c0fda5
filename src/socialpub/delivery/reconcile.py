"""The reconciler: repairs what crashes and lost messages leave behind, without ever double-posting.

- A ``queued`` delivery whose message has waited too long (Redis lost it, or the send failed
  after the claim) is sent again; a duplicate message is harmless.
- A ``publishing`` delivery whose lease expired (its worker died, or a lookup was deferred) is
  taken over and the platform is asked whether the post exists before anything is sent again.
  Found: recorded as published. Certainly absent: back to ``retry_wait``, due now. Cannot tell:
  asked again after a growing backoff (``lookup.py``), and ``unknown``, for an admin, only once
  ``lookup_window_seconds`` of asking could not tell.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from socialpub import audit
from socialpub.delivery.dispatch import Claimed, Enqueue, send_all
from socialpub.delivery.lookup import defer_lookup
from socialpub.delivery.publish import Attempt, mark_unknown, part_request, platform_of, settle
from socialpub.delivery.repository import transition
from socialpub.delivery.states import State
from socialpub.observability import logs, metrics
from socialpub.platforms.errors import PlatformError, UnknownOutcome
from socialpub.runtime import Runtime
from socialpub.store.db import is_postgres
from socialpub.store.models import Delivery

log = logging.getLogger(__name__)


@dataclass
class ReconcileReport:
    requeued: int = 0
    recovered: int = 0
    retried: int = 0
    deferred: int = 0  # still cannot tell: looked up again later
    unknown: int = 0


def requeue_stale(runtime: Runtime, enqueue: Enqueue, *, now: datetime, actor: str) -> int:
    cutoff = now - timedelta(seconds=runtime.settings.queued_timeout_seconds)
    with runtime.sessions.begin() as session:
        query = (
            select(Delivery.id, Delivery.priority, Delivery.account)
            .where(Delivery.state == State.QUEUED.value, Delivery.queued_at < cutoff)
            .order_by(Delivery.priority.desc(), Delivery.queued_at)
            .limit(500)
        )
        if is_postgres(session):
            query = query.with_for_update(skip_locked=True)
        stale: list[Claimed] = []
        for delivery_id, priority, account in session.execute(query).all():
            if transition(
                session,
                delivery_id,
                State.QUEUED,
                State.QUEUED,
                actor=actor,
                kind="requeued",
                now=now,
                queued_at=now,
            ):
                stale.append(Claimed(delivery_id, priority, account))
    send_all(stale, enqueue, runtime.publish_batch)
    return len(stale)


def _take_over(runtime: Runtime, delivery_id: int, *, now: datetime, actor: str) -> Attempt | None:
    lease = f"{actor}:{uuid.uuid4().hex[:12]}"
    with runtime.sessions.begin() as session:
        statement = (
            update(Delivery)
            .where(
                Delivery.id == delivery_id,
                Delivery.state == State.PUBLISHING.value,
                Delivery.lease_until < now,
            )
            .values(
                lease_owner=lease,
                lease_until=now + timedelta(seconds=runtime.settings.lease_seconds),
            )
            .execution_options(synchronize_session=False)
        )
        if session.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
            return None
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        audit.record(
            session,
            actor=actor,
            subject_type="delivery",
            subject_id=delivery_id,
            kind="lease_expired",
            details={"attempt": delivery.attempts},
        )
        return Attempt(
            delivery_id=delivery_id,
            lease=lease,
            actor=actor,
            attempt=delivery.attempts,
            account=delivery.account,
            parts=tuple(delivery.parts or [delivery.text]),
            part_ids=tuple(delivery.part_ids or []),
            idempotency_key=delivery.idempotency_key,
            link=delivery.sent_link,
            language=delivery.post.language,
            content_warning=delivery.post.content_warning,
            sensitive=delivery.post.sensitive_media,
            reply_to=delivery.reply_to,
            first_due=delivery.scheduled_at,
        )


def resolve_expired(runtime: Runtime, attempt: Attempt, *, now: datetime) -> State:
    """Find out, from the platform, what became of the part the dead worker was sending."""
    index = len(attempt.part_ids)
    part_ids = list(attempt.part_ids)
    try:
        adapter = runtime.adapter(attempt.account)
        while index < len(attempt.parts):
            found = adapter.lookup(part_request(attempt, index, part_ids[-1] if part_ids else None))
            if found is None:
                break
            part_ids.append(found.remote_id)
            index += 1
    except (UnknownOutcome, PlatformError) as exc:
        reason = f"the platform cannot tell yet whether the post was made: {exc}"
        if defer_lookup(runtime, attempt, reason, now, part_ids=part_ids):
            return State.PUBLISHING  # asked again after a backoff
        reason = f"the platform still cannot tell whether the post was made: {exc}"
        return mark_unknown(runtime, attempt, reason, now, part_ids=part_ids)
    with runtime.sessions.begin() as session:
        if index == len(attempt.parts):
            details = {"remote_id": part_ids[0], "found_by": "lookup"}
            settle(
                session,
                attempt,
                State.PUBLISHED,
                "published",
                now,
                details,
                part_ids=part_ids,
                remote_id=part_ids[0],
                published_at=now,
                last_error=None,
            )
            metrics.observe_published(platform_of(runtime, attempt.account), attempt.first_due, now)
            return State.PUBLISHED
        details = {
            "reason": "worker lost; the platform has no such post",
            "due_at": now.isoformat(),
        }
        settle(
            session,
            attempt,
            State.RETRY_WAIT,
            "retry_scheduled",
            now,
            details,
            part_ids=part_ids,
            due_at=now,
        )
        return State.RETRY_WAIT


def reconcile(
    runtime: Runtime, enqueue: Enqueue, *, now: datetime, actor: str = "reconciler"
) -> ReconcileReport:
    report = ReconcileReport(requeued=requeue_stale(runtime, enqueue, now=now, actor=actor))
    with runtime.sessions() as session:
        expired = session.scalars(
            select(Delivery.id)
            .where(Delivery.state == State.PUBLISHING.value, Delivery.lease_until < now)
            .limit(200)
        ).all()
    for delivery_id in expired:
        attempt = _take_over(runtime, delivery_id, now=now, actor=actor)
        if attempt is None:
            continue
        with logs.publishing(attempt):
            outcome = resolve_expired(runtime, attempt, now=now)
        if outcome is State.PUBLISHED:
            report.recovered += 1
        elif outcome is State.RETRY_WAIT:
            report.retried += 1
        elif outcome is State.PUBLISHING:
            report.deferred += 1
        else:
            report.unknown += 1
    return report
