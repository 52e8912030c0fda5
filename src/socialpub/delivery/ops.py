"""Operating the pipeline: the status report, resuming a paused account, retrying a delivery.

The CLI (``status``, ``resume``, ``retry``), the REST API and the admin pages call these. Retrying
an ``unknown`` delivery asks the platform first (``check_platform``, the reconciler's lookup): a
post that did reach it is recorded as published instead of being sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.actions import delivery_or_404
from socialpub.delivery.errors import Conflict, NotFound
from socialpub.delivery.pause import publishing_paused
from socialpub.delivery.permissions import Actor, check_operate
from socialpub.delivery.publish import Attempt, part_request
from socialpub.delivery.repository import transition
from socialpub.delivery.states import State
from socialpub.platforms.base import Adapter
from socialpub.platforms.errors import PlatformError
from socialpub.runtime import Runtime
from socialpub.store.accounts import paused_accounts, resume
from socialpub.store.models import Delivery

# States in which a delivery is waiting on us (not on an admin, not finished).
WAITING = (State.SCHEDULED, State.QUEUED, State.PUBLISHING, State.RETRY_WAIT, State.HELD)


@dataclass(frozen=True)
class Status:
    counts: dict[str, int]
    oldest_overdue: dict[str, Any] | None
    failed_last_hour: list[dict[str, Any]]
    paused: list[dict[str, Any]]
    overdue_threshold_s: float
    publishing_paused: dict[str, Any] | None = None  # the pause-all switch, when on

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "oldest_overdue": self.oldest_overdue,
            "failed_last_hour": self.failed_last_hour,
            "paused_accounts": self.paused,
            "overdue_threshold_s": self.overdue_threshold_s,
            "publishing_paused": self.publishing_paused,
        }


def gather_status(session: Session, *, now: datetime, overdue_threshold_s: float) -> Status:
    """Counts by state, the oldest overdue delivery, failures in the last hour, what is paused."""
    counts = {s.value: 0 for s in State}
    for state, count in session.execute(
        select(Delivery.state, func.count()).group_by(Delivery.state)
    ):
        counts[state] = count
    oldest = session.scalars(
        select(Delivery)
        .where(Delivery.state.in_([s.value for s in WAITING]), Delivery.due_at < now)
        .order_by(Delivery.due_at, Delivery.id)
        .limit(1)
    ).first()
    oldest_overdue = None
    if oldest is not None:
        late = (now - oldest.due_at).total_seconds()
        oldest_overdue = {
            "id": oldest.id,
            "post_id": oldest.post_id,
            "account": oldest.account,
            "state": oldest.state,
            "due_at": oldest.due_at,
            "late_s": round(late, 1),
            "alert": late > overdue_threshold_s,
            "last_error": oldest.last_error,
        }
    since = now - timedelta(hours=1)
    events = [
        e
        for kind in ("failed", "outcome_unknown")
        for e in audit.recent(session, since=since, kind=kind, limit=500)
        if e.subject_type == "delivery"
    ]
    events.sort(key=lambda e: e.at, reverse=True)
    failed = [
        {"id": e.subject_id, "at": e.at, "kind": e.kind, "reason": e.details.get("reason")}
        for e in events
    ]
    paused = [
        {"account": a.account, "reason": a.reason, "since": a.updated_at}
        for a in paused_accounts(session)
    ]
    switch = publishing_paused(session)
    pause_info = (
        None
        if switch is None
        else {"reason": switch.reason, "by": switch.actor, "since": switch.since}
    )
    return Status(counts, oldest_overdue, failed, paused, overdue_threshold_s, pause_info)


def release_held(session: Session, account: str, *, actor: str, now: datetime) -> list[int]:
    """Move every held delivery of ``account`` back to scheduled, due now (or at its embargo)."""
    held = session.scalars(
        select(Delivery).where(Delivery.account == account, Delivery.state == State.HELD.value)
    ).all()
    released = []
    for d in held:
        due = max(now, d.post.not_before) if d.post.not_before else now
        if transition(
            session,
            d.id,
            State.HELD,
            State.SCHEDULED,
            actor=actor,
            kind="released",
            details={"account": account},
            now=now,
            due_at=due,
            queued_at=None,
            lease_owner=None,
            lease_until=None,
        ):
            released.append(d.id)
    return released


def resume_account(
    session: Session, account: str, *, actor: Actor, now: datetime, configured: bool = True
) -> tuple[bool, list[int]]:
    """Un-pause an account and release its held deliveries: (was it paused, ids released)."""
    check_operate(actor, "resuming an account")
    if not configured:
        raise NotFound(f"no account named {account!r} is configured")
    was_paused = resume(session, account, actor=actor.name)
    return was_paused, release_held(session, account, actor=actor.name, now=now)


@dataclass(frozen=True)
class PlatformCheck:
    """What the platform said about a delivery's parts: the ids it has, in order."""

    found_ids: tuple[str, ...]
    complete: bool  # every part is on the platform: the delivery was published
    checked_by: str  # "lookup" or "hand" (an admin looked on a platform that cannot be asked)


def check_platform(adapter: Adapter, delivery: Delivery) -> PlatformCheck:
    """Ask the platform which of the delivery's parts it has (HTTP: call outside a transaction).

    Raises ``Conflict`` when the platform cannot tell, or cannot be asked at all.
    """
    if not adapter.can_look_up:
        raise Conflict(
            f"{delivery.platform} cannot be asked whether delivery {delivery.id} went out:"
            " look on the platform, then retry saying you checked by hand"
        )
    attempt = Attempt(
        delivery_id=delivery.id,
        lease="",
        actor="",
        attempt=delivery.attempts,
        account=delivery.account,
        parts=tuple(delivery.parts or [delivery.text]),
        part_ids=tuple(delivery.part_ids or []),
        idempotency_key=delivery.idempotency_key,
        link=delivery.sent_link,
        language=delivery.post.language,
        first_due=delivery.scheduled_at,
    )
    ids = list(attempt.part_ids)
    try:
        while len(ids) < len(attempt.parts):
            found = adapter.lookup(part_request(attempt, len(ids), ids[-1] if ids else None))
            if found is None:
                break
            ids.append(found.remote_id)
    except PlatformError as exc:
        raise Conflict(
            f"the platform cannot tell yet whether delivery {delivery.id} went out:"
            f" {exc.message}; try again later"
        ) from exc
    return PlatformCheck(tuple(ids), len(ids) == len(attempt.parts), "lookup")


def retry(
    session: Session,
    delivery_id: int,
    *,
    actor: Actor,
    now: datetime,
    check: PlatformCheck | None = None,
) -> State:
    """Send a failed or unknown delivery again, now (or at its embargo); the state it reached.

    An ``unknown`` one needs ``check``: when the platform has every part it is recorded as
    published (``State.PUBLISHED``), otherwise it continues after the parts found. The attempt
    count and the age limit start again; the idempotency key stays.
    """
    check_operate(actor, "retrying a delivery")
    delivery = delivery_or_404(session, delivery_id)
    state = State(delivery.state)
    if state not in (State.FAILED, State.UNKNOWN):
        raise Conflict(
            f"delivery {delivery_id} is {state}: only failed or unknown ones are retried"
        )
    if state is State.UNKNOWN and check is None:
        raise Conflict(
            f"delivery {delivery_id} is unknown: check the platform before sending it again"
        )
    extra: dict[str, Any] = {}
    if check is not None:
        extra["part_ids"] = list(check.found_ids)
        if check.complete:
            if not transition(
                session,
                delivery_id,
                state,
                State.PUBLISHED,
                actor=actor.name,
                kind="published",
                details={"found_by": check.checked_by, "remote_id": check.found_ids[0]},
                now=now,
                remote_id=check.found_ids[0],
                published_at=now,
                last_error=None,
                **extra,
            ):
                raise Conflict(f"delivery {delivery_id} changed meanwhile; look again")
            return State.PUBLISHED
    due = max(now, delivery.post.not_before) if delivery.post.not_before else now
    if not transition(
        session,
        delivery_id,
        state,
        State.SCHEDULED,
        actor=actor.name,
        kind="admin_retry",
        details={
            "from": state.value,
            "was_scheduled_at": delivery.scheduled_at.isoformat(),
            "checked_by": check.checked_by if check else None,
        },
        now=now,
        due_at=due,
        scheduled_at=due,  # otherwise a delivery that gave up by age gives up again at once
        attempts=0,
        queued_at=None,
        lease_owner=None,
        lease_until=None,
        **extra,
    ):
        raise Conflict(f"delivery {delivery_id} changed meanwhile; look again")
    return State.SCHEDULED


def retry_with_lookup(
    runtime: Runtime,
    delivery_id: int,
    *,
    actor: Actor,
    now: datetime,
    checked_by_hand: bool = False,
) -> State:
    """``retry`` with the platform asked first for an ``unknown`` delivery (its own transactions).

    ``checked_by_hand``: an admin looked on a platform that cannot be asked and found nothing.
    """
    check_operate(actor, "retrying a delivery")
    with runtime.sessions() as session:
        delivery = delivery_or_404(session, delivery_id)
        check: PlatformCheck | None = None
        if delivery.state == State.UNKNOWN:
            if checked_by_hand:
                check = PlatformCheck(tuple(delivery.part_ids or []), False, "hand")
            else:
                try:
                    adapter = runtime.adapter(delivery.account)
                except Exception as exc:  # the account is not configured any more
                    raise Conflict(f"account {delivery.account} cannot be used: {exc}") from exc
                check = check_platform(adapter, delivery)
    with runtime.sessions.begin() as session:
        return retry(session, delivery_id, actor=actor, now=now, check=check)
