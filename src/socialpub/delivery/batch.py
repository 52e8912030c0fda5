"""Several deliveries from one message: one claim transaction, one transaction for what was sent.

Each delivery keeps everything ``publish.py`` gives one: its own conditional claim out of
``queued``, lease, attempt count, rate-limit reservation, idempotency key and audit events. What
the batch shares is the Celery message and the transactions around the HTTP calls, which were
most of a publish's cost on our side. The dispatcher puts one account's deliveries in a message.

What only a batch has to care about:

- Its deliveries are claimed together, sent one after another and recorded together, so the
  lease of those still waiting to be sent or recorded is renewed (``lease.py``) until then. A
  delivery whose lease was taken over meanwhile is left to the reconciler: unsent if it was still
  waiting, found by lookup if it had been sent.
- When the platform pauses or throttles an account mid-batch, the batch's other deliveries of that
  account are given back unsent (their attempt not counted) instead of being sent into the wall.
- A batch sends for at most ``publish_batch_seconds``; the rest goes back to the dispatcher
  unsent, so a slow platform cannot keep an urgent delivery waiting behind a whole batch.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, exists, func, select, update
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.lease import LeaseKeeper
from socialpub.delivery.pacing import postpone_many
from socialpub.delivery.pause import HELD_BY_PAUSE, paused_reason
from socialpub.delivery.publish import (
    Attempt,
    Clock,
    Sent,
    platform_of,
    published_events,
    published_values,
    send_parts,
    settle,
)
from socialpub.delivery.repository import move_each, transition
from socialpub.delivery.states import State, check
from socialpub.observability import logs, metrics
from socialpub.platforms.base import MediaItem
from socialpub.runtime import Runtime
from socialpub.store.models import AccountState, Delivery, Post, PostMedia, utcnow

log = logging.getLogger(__name__)

_D = cast(Table, Delivery.__table__)
_P = cast(Table, Post.__table__)
_A = cast(Table, AccountState.__table__)
_M = cast(Table, PostMedia.__table__)

# Built once, as Core statements: building them per call through the ORM cost more CPU than
# the rest of a claim.
_CLAIMABLE = (
    select(
        _D.c.id,
        _D.c.state,
        _D.c.account,
        _D.c.attempts,
        _D.c.text,
        _D.c.parts,
        _D.c.part_ids,
        _D.c.idempotency_key,
        _D.c.scheduled_at,
        _D.c.post_id,
        # a delivery's own link (campaign parameters) over its post's; a first comment sends none
        case((_D.c.parent_id.is_not(None), None), else_=func.coalesce(_D.c.link, _P.c.link)).label(
            "link"
        ),
        _P.c.language,
        _P.c.content_warning,
        _P.c.sensitive_media,
        _D.c.reply_to,
        _A.c.needs_attention,
        _A.c.reason,
        # the images go with the post, never again with its first comment
        and_(_D.c.parent_id.is_(None), exists().where(_M.c.post_id == _D.c.post_id)).label(
            "has_media"
        ),
    )
    .select_from(_D.join(_P, _P.c.id == _D.c.post_id).outerjoin(_A, _A.c.account == _D.c.account))
    .where(_D.c.id.in_(bindparam("ids", expanding=True)))
)
_CLAIM = (
    update(_D)
    .where(_D.c.id.in_(bindparam("ids", expanding=True)), _D.c.state == State.QUEUED.value)
    .values(
        state=State.PUBLISHING.value,
        lease_owner=bindparam("lease"),
        lease_until=bindparam("until"),
        attempts=_D.c.attempts + 1,
        updated_at=bindparam("now"),
    )
    .returning(_D.c.id)
)
_MEDIA = (
    select(_M.c.post_id, _M.c.data, _M.c.mime_type, _M.c.alt_text, _M.c.filename)
    .where(_M.c.post_id.in_(bindparam("posts", expanding=True)))
    .order_by(_M.c.post_id, _M.c.position)
)


def _media_by_post(session: Session, post_ids: set[int]) -> dict[int, tuple[MediaItem, ...]]:
    found: dict[int, list[MediaItem]] = {}
    if post_ids:
        for row in session.execute(_MEDIA, {"posts": sorted(post_ids)}):
            found.setdefault(row.post_id, []).append(
                MediaItem(row.data, row.mime_type, row.alt_text, row.filename)
            )
    return {post_id: tuple(items) for post_id, items in found.items()}


def _ready(
    runtime: Runtime, session: Session, rows: Sequence[Any], *, actor: str, now: datetime
) -> list[Any]:
    """The rows that may be claimed now; the others are held or postponed, as one claim would."""
    queued = []
    paused = paused_reason(session)  # the pause-all switch, read in the claim's transaction
    for row in rows:
        if row.state != State.QUEUED:
            continue  # a duplicated or stale message, or cancelled meanwhile
        if paused is not None:
            _hold_for_pause(session, row.id, paused, actor=actor, now=now)
        elif row.needs_attention:
            transition(
                session,
                row.id,
                State.QUEUED,
                State.HELD,
                actor=actor,
                kind="held",
                details={"reason": f"account paused: {row.reason or 'needs attention'}"},
                now=now,
            )
        else:
            queued.append(row)
    return postpone_many(runtime, session, queued, actor=actor, now=now)


def _hold_for_pause(
    session: Session, delivery_id: int, reason: str, *, actor: str, now: datetime
) -> None:
    transition(
        session,
        delivery_id,
        State.QUEUED,
        State.HELD,
        actor=actor,
        kind="held",
        details={"reason": f"publishing paused: {reason}"},
        now=now,
        error_class=HELD_BY_PAUSE,
        last_error=f"publishing paused: {reason}",
    )


def _paused_now(runtime: Runtime) -> str | None:
    """The pause-all switch read right before a send: one indexed read on a bare connection
    (no ORM session), since it runs once per delivery sent."""
    with runtime.engine.connect() as connection:
        return paused_reason(connection)


def claim_many(
    runtime: Runtime,
    delivery_ids: Sequence[int],
    *,
    actor: str,
    now: datetime,
) -> list[Attempt]:
    """Claim every still-queued delivery of ``delivery_ids`` with one lease, in their order.

    An id with no delivery is logged and skipped (a message about a delivery since removed).
    """
    check(State.QUEUED, State.PUBLISHING)
    lease = f"{actor}:{uuid.uuid4().hex[:12]}"
    until = now + timedelta(seconds=runtime.settings.lease_seconds)
    with runtime.sessions.begin() as session:
        found = session.execute(_CLAIMABLE, {"ids": list(delivery_ids)})
        by_id: dict[int, Any] = {row.id: row for row in found}
        for missing in sorted(set(delivery_ids) - set(by_id)):
            log.warning("delivery %s does not exist; message dropped", missing)
        rows = [by_id[i] for i in dict.fromkeys(delivery_ids) if i in by_id]
        ready = _ready(runtime, session, rows, actor=actor, now=now)
        if not ready:
            return []
        params = {"ids": [r.id for r in ready], "lease": lease, "until": until, "now": now}
        won = set(session.scalars(_CLAIM, params))
        claimed = [r for r in ready if r.id in won]
        audit.record_many(
            session,
            [
                audit.event(
                    actor=actor,
                    subject_type="delivery",
                    subject_id=r.id,
                    kind="attempt_started",
                    details={"to": State.PUBLISHING.value, "attempt": r.attempts + 1},
                    at=now,
                )
                for r in claimed
            ],
        )
        media = _media_by_post(session, {r.post_id for r in claimed if r.has_media})
    return [
        Attempt(
            delivery_id=r.id,
            lease=lease,
            actor=actor,
            attempt=r.attempts + 1,
            account=r.account,
            parts=tuple(r.parts or [r.text]),
            part_ids=tuple(r.part_ids or []),
            idempotency_key=r.idempotency_key,
            link=r.link,
            language=r.language,
            content_warning=r.content_warning,
            sensitive=bool(r.sensitive_media),
            reply_to=r.reply_to,
            first_due=r.scheduled_at,
            media=media.get(r.post_id, ()) if r.has_media else (),
        )
        for r in claimed
    ]


def _give_back(
    runtime: Runtime,
    attempts: Sequence[Attempt],
    target: State,
    kind: str,
    now: datetime,
    reason: str,
    due_at: datetime | None = None,
    **values: Any,
) -> dict[int, State]:
    """End attempts that were claimed but not sent, without counting them, in one transaction."""
    details: dict[str, Any] = {"reason": reason, "sent": False}
    if due_at is not None:
        details["due_at"] = due_at.isoformat()
        values.update(due_at=due_at, queued_at=None)
    ended: dict[int, State] = {}
    with runtime.sessions.begin() as session:
        for attempt in attempts:
            won = settle(
                session, attempt, target, kind, now, details, attempts=attempt.attempt - 1, **values
            )
            ended[attempt.delivery_id] = target if won else State.PUBLISHING
    return ended


class _Stops:
    """Accounts the platform paused or throttled during this batch, and until when."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.paused: dict[str, str] = {}
        self.throttled: dict[str, datetime] = {}

    def learn(self, attempt: Attempt, outcome: State, now: datetime) -> None:
        if outcome is State.HELD:
            self.paused[attempt.account] = "account paused after an authentication error"
        elif outcome is State.RETRY_WAIT:
            wait = self.runtime.rate_limiter.held_for(attempt.account, now)
            if wait > 0:
                self.throttled[attempt.account] = now + timedelta(seconds=wait)

    def give_back(self, attempt: Attempt, now: datetime) -> State | None:
        """Give ``attempt`` back unsent if its account was stopped; None when it may go."""
        if attempt.account in self.paused:
            reason = self.paused[attempt.account]
            return _give_back(self.runtime, [attempt], State.HELD, "held", now, reason)[
                attempt.delivery_id
            ]
        until = self.throttled.get(attempt.account)
        if until is not None and until > now:
            reason = "the platform throttled this account during the batch"
            given = _give_back(
                self.runtime, [attempt], State.SCHEDULED, "rate_limited", now, reason, until
            )
            return given[attempt.delivery_id]
        return None


def publish_many(
    runtime: Runtime,
    delivery_ids: Sequence[int],
    *,
    actor: str,
    clock: Clock = utcnow,
    rng: random.Random | None = None,
) -> dict[int, State | None]:
    """The worker's whole job for one message of several ids: the state each one reached, None
    for those there was nothing to claim.

    A batch sends for at most ``publish_batch_seconds``; what it has not started by then goes
    back to ``scheduled``, due now and unsent, so that a slow platform cannot make an urgent
    delivery wait behind a whole batch: the dispatcher queues it again in priority order.
    """
    outcomes: dict[int, State | None] = dict.fromkeys(delivery_ids)
    start = clock()
    attempts = claim_many(runtime, delivery_ids, actor=actor, now=start)
    if not attempts:
        return outcomes
    deadline = start + timedelta(seconds=runtime.settings.publish_batch_seconds)
    stops = _Stops(runtime)
    sent: list[Sent] = []
    # Those sent but not yet recorded need their lease as much as those still to send.
    with LeaseKeeper(runtime, attempts[0].lease, [a.delivery_id for a in attempts]) as keeper:
        for n, attempt in enumerate(attempts):
            now = clock()
            if n and now >= deadline:
                rest = [a for a in attempts[n:] if a.delivery_id not in keeper.lost]
                reason = "the batch used its publish_batch_seconds; back to the dispatcher"
                outcomes.update(
                    _give_back(runtime, rest, State.SCHEDULED, "given_back", now, reason, now)
                )
                break
            if attempt.delivery_id in keeper.lost:
                outcomes[attempt.delivery_id] = State.PUBLISHING  # the reconciler has it now
                continue
            given_back = stops.give_back(attempt, now)
            if given_back is not None:
                keeper.done(attempt.delivery_id)
                outcomes[attempt.delivery_id] = given_back
                continue
            # The pause-all switch is read again right before each send after the first (the
            # first was read in the claim's transaction a moment ago): the brake holds mid-batch.
            paused = _paused_now(runtime) if n else None
            if paused is not None:
                keeper.done(attempt.delivery_id)
                reason = f"publishing paused: {paused}"
                held = _give_back(
                    runtime,
                    [attempt],
                    State.HELD,
                    "held",
                    now,
                    reason,
                    error_class=HELD_BY_PAUSE,
                    last_error=reason,
                )
                outcomes.update(held)
                continue
            with logs.publishing(attempt):
                outcome = send_parts(runtime, attempt, clock=clock, rng=rng)
            if isinstance(outcome, Sent):
                sent.append(outcome)
            else:
                keeper.done(attempt.delivery_id)
                outcomes[attempt.delivery_id] = outcome
                stops.learn(attempt, outcome, clock())
        if sent:
            for delivery_id in _record_all(runtime, sent, clock()):
                outcomes[delivery_id] = State.PUBLISHED
    for item in sent:
        if outcomes[item.attempt.delivery_id] is None:
            outcomes[item.attempt.delivery_id] = State.PUBLISHING  # taken over meanwhile
    return outcomes


def _record_all(runtime: Runtime, sent: Sequence[Sent], now: datetime) -> set[int]:
    """Record every sent attempt of the batch as published in one transaction; who won."""
    lease = sent[0].attempt.lease
    rows = [(item.attempt.delivery_id, published_values(item, now)) for item in sent]
    with runtime.sessions.begin() as session:
        won = move_each(session, State.PUBLISHING, State.PUBLISHED, rows, owned_by=lease, now=now)
        events = [
            e
            for item in sent
            if item.attempt.delivery_id in won
            for e in published_events(item, now)
        ]
        audit.record_many(session, events)
    for item in sent:
        if item.attempt.delivery_id in won:
            platform = platform_of(runtime, item.attempt.account)
            metrics.observe_published(platform, item.attempt.first_due, now)
    return won
