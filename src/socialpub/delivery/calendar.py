"""What the calendar shows: deliveries due or published in a span of time. Read-only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialpub.delivery.states import State
from socialpub.store.models import Delivery

SHOWN = tuple(s.value for s in State if s is not State.CANCELLED)
MOVABLE = frozenset({State.DRAFT, State.SCHEDULED, State.QUEUED, State.RETRY_WAIT, State.HELD})


def at(d: Delivery) -> datetime:
    """Where a delivery sits on the calendar: when it went out, else when it is due."""
    return d.published_at or d.due_at


def between(
    session: Session, start: datetime, end: datetime, *, account: str | None = None, cap: int = 2000
) -> Sequence[Delivery]:
    when = func.coalesce(Delivery.published_at, Delivery.due_at)
    query = (
        select(Delivery)
        .where(Delivery.state.in_(SHOWN), when >= start, when < end)
        .order_by(when, Delivery.id)
        .limit(cap)
    )
    if account:
        query = query.where(Delivery.account == account)
    return session.scalars(query).all()


def movable(d: Delivery) -> bool:
    return State(d.state) in MOVABLE
