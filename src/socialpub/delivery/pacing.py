"""Pacing: whether a queued delivery may be published now, given its account's posting windows
and rate limit. A worker asks just before it claims; the answer "not yet" sends the delivery back
to ``scheduled``, due when it may go, without using an attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from socialpub.delivery.ratelimit import quota_for
from socialpub.delivery.repository import transition
from socialpub.delivery.slots import rules_for
from socialpub.delivery.states import State
from socialpub.observability import metrics
from socialpub.runtime import Runtime


class Pending(Protocol):
    """What pacing needs of a queued delivery (an ORM object or a selected row)."""

    id: int
    account: str
    attempts: int


_P = TypeVar("_P", bound=Pending)


def postpone(
    runtime: Runtime, session: Session, delivery: Pending, *, actor: str, now: datetime
) -> bool:
    """Send a queued delivery back to ``scheduled`` when its window is closed or its account is
    at its rate limit, due when it may go; True when it did. No attempt is counted.

    The rate-limit reservation is named after the delivery and attempt, so a duplicated message
    for the same attempt reserves once.
    """
    return not postpone_many(runtime, session, [delivery], actor=actor, now=now)


def postpone_many(
    runtime: Runtime, session: Session, deliveries: Sequence[_P], *, actor: str, now: datetime
) -> list[_P]:
    """``postpone`` for several queued deliveries, with one Redis round trip for all their
    rate-limit reservations; returns those that may be published now, in order."""
    rules = rules_for(runtime.settings)
    in_window = []
    for delivery in deliveries:
        opens = rules.open_at(delivery.account, now)
        if opens > now:
            _send_back(session, delivery, "window_wait", {}, opens, actor=actor, now=now)
        else:
            in_window.append(delivery)
    wanted = []
    for delivery in in_window:
        account = rules.account(delivery.account)
        quota = quota_for(account) if account is not None else None
        wanted.append((delivery.account, quota, f"{delivery.id}:{delivery.attempts + 1}"))
    waits = runtime.rate_limiter.acquire_many(wanted, now=now)
    ready = []
    for delivery, wait in zip(in_window, waits, strict=True):
        if wait <= 0:
            ready.append(delivery)
            continue
        metrics.observe_rate_limit_wait(delivery.account, wait)
        opens = rules.open_at(delivery.account, now + timedelta(seconds=wait))
        details = {"wait_s": round(wait, 3)}
        _send_back(session, delivery, "rate_limited", details, opens, actor=actor, now=now)
    return ready


def _send_back(
    session: Session,
    delivery: Pending,
    kind: str,
    details: dict[str, Any],
    due_at: datetime,
    *,
    actor: str,
    now: datetime,
) -> None:
    transition(
        session,
        delivery.id,
        State.QUEUED,
        State.SCHEDULED,
        actor=actor,
        kind=kind,
        details={**details, "due_at": due_at.isoformat()},
        now=now,
        due_at=due_at,
        queued_at=None,
    )


def hold_account(runtime: Runtime, account: str, seconds: float, *, now: datetime) -> None:
    """A platform asked us to wait (``Retry-After``, a rate-limit reset): it throttles the
    account, not one post, so every delivery of the account waits."""
    runtime.rate_limiter.hold(account, seconds, now=now)
