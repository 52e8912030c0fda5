"""Recurring posts: the same post every day, week, two weeks or month, until an end date.

Occurrences are computed in the account's local wall time, so "every Monday 09:00 Paris" stays
09:00 across daylight-saving changes (the UTC instant moves instead); a wall time that does not
exist that day moves forward as a clock would (``when.localize``). Each occurrence is an
ordinary post with its own delivery per account, idempotency key and audit trail: nothing
special happens at publish time. All are made at once, so the series is bounded.
"""

from __future__ import annotations

import calendar
import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.errors import Invalid
from socialpub.delivery.permissions import Actor
from socialpub.delivery.rules import check_when
from socialpub.delivery.service import ComposeRequest, LimitsFor, create_post
from socialpub.delivery.when import localize, zone

Every = Literal["day", "week", "two_weeks", "month"]
MAX_OCCURRENCES = 120


def _add_months(wall: datetime, months: int, day: int) -> datetime:
    month0 = wall.month - 1 + months
    year, month = wall.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return wall.replace(year=year, month=month, day=min(day, last))


def occurrences(
    first: datetime, tz: str, every: Every, until: date, *, cap: int = MAX_OCCURRENCES
) -> list[datetime]:
    """The UTC instants of a series whose first occurrence is the wall time ``first`` in ``tz``
    (naive, or aware and converted to ``tz``), up to and including the local date ``until``."""
    place = zone(tz)
    wall = first.astimezone(place).replace(tzinfo=None) if first.tzinfo else first
    if until < wall.date():
        raise Invalid("the end date is before the first occurrence")
    times: list[datetime] = []
    n = 0
    current = wall
    while current.date() <= until:
        if len(times) == cap:
            raise Invalid(f"a series has at most {cap} occurrences: choose an earlier end date")
        times.append(localize(current, place).astimezone(UTC))
        n += 1
        if every == "month":
            current = _add_months(wall, n, wall.day)
        else:
            step = {"day": 1, "week": 7, "two_weeks": 14}[every]
            current = wall + timedelta(days=step * n)
    return times


@dataclass(frozen=True)
class Series:
    series: str  # an id shared by the posts' audit events
    post_ids: list[int]
    times: list[datetime]


def create_series(
    session: Session,
    request: ComposeRequest,
    times: Sequence[datetime],
    limits_for: LimitsFor,
    *,
    actor: Actor,
    every: Every,
    now: datetime,
    max_accounts: int = 25,
) -> Series:
    """One ordinary post per time in ``times`` (from ``occurrences``); ``request.when`` ignored.

    The first time must not be in the past. Callers own the transaction: all or nothing.
    """
    if not times:
        raise Invalid("the series has no occurrence")
    check_when(times[0], now=now, allow_past=False, not_before=request.not_before)
    series = uuid.uuid4().hex[:12]
    post_ids = []
    for n, when in enumerate(times):
        one = dataclasses.replace(request, when=when, allow_duplicate=True, now=now)
        post = create_post(session, one, limits_for, actor=actor.name, max_accounts=max_accounts)
        audit.record(
            session,
            actor=actor.name,
            subject_type="post",
            subject_id=post.id,
            kind="recurring",
            details={"series": series, "every": every, "occurrence": n + 1, "of": len(times)},
            at=now,
        )
        post_ids.append(post.id)
    return Series(series, post_ids, list(times))
