"""Pacing: whether a queued delivery may be published now, given its account's posting windows
and rate limit. A worker asks just before it claims; the answer "not yet" sends the delivery back
to ``scheduled``, due when it may go, without using an attempt.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from socialpub.delivery.ratelimit import RateLimiter, quota_for
from socialpub.delivery.repository import transition
from socialpub.delivery.slots import rules_for
from socialpub.delivery.states import State
from socialpub.runtime import Runtime


class Pending(Protocol):
    """What pacing needs of a queued delivery (an ORM object or a selected row)."""

    id: int
    account: str
    attempts: int


def postpone(
    runtime: Runtime, session: Session, delivery: Pending, *, actor: str, now: datetime
) -> bool:
    """Send a queued delivery back to ``scheduled`` when its window is closed or its account is
    at its rate limit, due when it may go; True when it did. No attempt is counted.

    The rate-limit reservation is named after the delivery and attempt, so a duplicated message
    for the same attempt reserves once.
    """
    rules = rules_for(runtime.settings)
    opens = rules.open_at(delivery.account, now)
    kind, details = "window_wait", {}
    if opens <= now:
        account = rules.account(delivery.account)
        quota = quota_for(account) if account is not None else None
        member = f"{delivery.id}:{delivery.attempts + 1}"
        wait = RateLimiter.from_settings(runtime.settings).acquire(
            delivery.account, quota, member, now=now
        )
        if wait <= 0:
            return False
        opens = rules.open_at(delivery.account, now + timedelta(seconds=wait))
        kind, details = "rate_limited", {"wait_s": round(wait, 3)}
    transition(
        session,
        delivery.id,
        State.QUEUED,
        State.SCHEDULED,
        actor=actor,
        kind=kind,
        details={**details, "due_at": opens.isoformat()},
        now=now,
        due_at=opens,
        queued_at=None,
    )
    return True


def hold_account(runtime: Runtime, account: str, seconds: float, *, now: datetime) -> None:
    """A platform asked us to wait (``Retry-After``, a rate-limit reset): it throttles the
    account, not one post, so every delivery of the account waits."""
    RateLimiter.from_settings(runtime.settings).hold(account, seconds, now=now)
