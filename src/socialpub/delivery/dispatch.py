"""The dispatcher tick: move due deliveries to ``queued`` and hand their ids to the queue.

Safe in several processes at once: on PostgreSQL rows are claimed with ``FOR UPDATE SKIP
LOCKED``, and everywhere the claim is a conditional update that only one caller can win. Only
due work is put on Redis; the message is sent after the claim commits, so a lost message leaves
a ``queued`` row that the reconciler re-sends.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.repository import transition
from socialpub.delivery.states import DISPATCHABLE, State, check
from socialpub.observability import outage
from socialpub.store.db import SessionFactory, is_postgres
from socialpub.store.models import Delivery

log = logging.getLogger(__name__)

Enqueue = Callable[[Sequence[int], int], None]  # (delivery ids for one message, priority)


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    priority: int
    account: str


OpenAt = Callable[[str, datetime], datetime]  # (account, at) -> when its window lets it publish


def claim_due(
    sessions: SessionFactory,
    *,
    now: datetime,
    batch: int,
    actor: str,
    open_at: OpenAt | None = None,
) -> list[Claimed]:
    """Queue up to ``batch`` due deliveries, most urgent first.

    With ``open_at``, a due delivery whose account's posting window is closed is not queued: it
    goes back to ``scheduled``, due at the window's next opening (a delivery never leaves its
    window).
    """
    with sessions.begin() as session:
        ready: dict[int, tuple[int, str]] = {}
        held_back: set[str] = set()
        # Each pass that finds a broken account runs again without it, so a broken account's
        # deliveries can never fill the batch and starve the others (at most one pass per account).
        while True:
            broken_before = len(held_back)
            rows = _due(session, now=now, batch=batch - len(ready), skip=held_back, taken=ready)
            for delivery_id, priority, account in rows:
                if account in held_back:
                    continue
                try:
                    opens = open_at(account, now) if open_at is not None else now
                except Exception as exc:  # one account's problem must not stop the rest
                    held_back.add(account)
                    _say_held_back(account, exc)
                    continue
                if opens > now:
                    transition(
                        session,
                        delivery_id,
                        DISPATCHABLE,
                        State.SCHEDULED,
                        actor=actor,
                        kind="window_wait",
                        details={"due_at": opens.isoformat()},
                        now=now,
                        due_at=opens,
                    )
                else:
                    ready[delivery_id] = (priority, account)
            if len(held_back) == broken_before or len(ready) >= batch:
                break
        won = _queue_all(session, list(ready), now=now, actor=actor)
    order = {delivery_id: n for n, delivery_id in enumerate(ready)}
    return [Claimed(i, *ready[i]) for i in sorted(won, key=order.__getitem__)]


_LAST_SAID: dict[str, float] = {}


def _say_held_back(account: str, problem: Exception) -> None:
    """Log a held-back account once a minute, not on every tick."""
    now = time.monotonic()
    if now - _LAST_SAID.get(account, -math.inf) >= 60:
        _LAST_SAID[account] = now
        log.error("account %r held back, its deliveries wait: %s", account, problem)


def _due(
    session: Session, *, now: datetime, batch: int, skip: set[str], taken: dict[int, Any]
) -> list[tuple[int, int, str]]:
    """Up to ``batch`` due deliveries, most urgent first, leaving out ``skip``'s accounts and the
    rows already ``taken`` this tick (locked with SKIP LOCKED on PostgreSQL)."""
    query = (
        select(Delivery.id, Delivery.priority, Delivery.account)
        .where(Delivery.state.in_([s.value for s in DISPATCHABLE]), Delivery.due_at <= now)
        .order_by(Delivery.priority.desc(), Delivery.due_at, Delivery.id)
        .limit(batch)
    )
    if skip:
        query = query.where(Delivery.account.not_in(sorted(skip)))
    if taken:
        query = query.where(Delivery.id.not_in(list(taken)))
    if is_postgres(session):
        query = query.with_for_update(skip_locked=True)
    return [(i, p, a) for i, p, a in session.execute(query).all()]


def _queue_all(session: Session, ids: list[int], *, now: datetime, actor: str) -> list[int]:
    """``transition(… → queued)`` for many rows in one conditional UPDATE … RETURNING.

    Same guarantee as one transition per row: only rows still dispatchable are moved and only
    they get their ``queued`` audit event, in this transaction. One statement instead of one per
    row keeps the tick cheap when a large batch falls due at once.
    """
    if not ids:
        return []
    for source in DISPATCHABLE:
        check(source, State.QUEUED)
    statement = (
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.state.in_([s.value for s in DISPATCHABLE]))
        .values(state=State.QUEUED.value, queued_at=now, updated_at=now)
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    )
    won = list(session.scalars(statement))
    for delivery_id in won:
        audit.record(
            session,
            actor=actor,
            subject_type="delivery",
            subject_id=delivery_id,
            kind="queued",
            details={"to": State.QUEUED.value},
            at=now,
        )
    return won


BatchSize = int | Callable[[str], int]  # ids per message: for every account, or per account


def messages(claimed: Sequence[Claimed], size: BatchSize) -> Iterator[tuple[list[int], int]]:
    """Pack claimed deliveries, in order, into messages of one priority and one account, at most
    ``size`` ids each and as evenly sized as that allows (25 ids at 20 make 13 + 12, not 20 + 5).

    One account per message: an account's deliveries go out one after another anyway (its rate
    limit, its throttling), while different accounts stay in different messages and so are
    published in parallel by as many workers as there are.
    """
    for priority, group in groupby(claimed, key=lambda c: c.priority):
        by_account: dict[str, list[int]] = {}
        for item in group:
            by_account.setdefault(item.account, []).append(item.delivery_id)
        for account, ids in by_account.items():
            most = size(account) if callable(size) else size
            per = math.ceil(len(ids) / math.ceil(len(ids) / max(most, 1)))
            for start in range(0, len(ids), per):
                yield ids[start : start + per], priority


def send_all(claimed: Sequence[Claimed], enqueue: Enqueue, size: BatchSize = 1) -> int:
    """Send the claimed ids, ``size`` at most per message; a failure is logged and left to the
    reconciler (the rows stay ``queued``). Returns how many ids were sent."""
    sent = 0
    for ids, priority in messages(claimed, size):
        try:
            enqueue(ids, priority)
            sent += len(ids)
            outage.up("Redis")
        except Exception as exc:
            log.debug("could not enqueue deliveries %s: %s", ids, exc)
            outage.down(
                "Redis",
                f"cannot reach Redis to enqueue deliveries ({exc}); they stay queued and are "
                "sent again once it is back (retrying)",
            )
    return sent


def dispatch_due(
    sessions: SessionFactory,
    enqueue: Enqueue,
    *,
    now: datetime,
    batch: int = 200,
    per_message: BatchSize = 1,
    actor: str = "scheduler",
    open_at: OpenAt | None = None,
) -> list[int]:
    claimed = claim_due(sessions, now=now, batch=batch, actor=actor, open_at=open_at)
    send_all(claimed, enqueue, per_message)
    return [c.delivery_id for c in claimed]
