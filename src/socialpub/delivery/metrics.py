"""Public counts of published posts (likes, reposts, replies, quotes, impressions), read at about
1 hour, 1 day and 7 days after publishing and kept as one row per reading.

``read_due(runtime, now)`` is the scheduled job: it finds the readings that are due (a reading
is due from its age until the next one's, so a scheduler that was down does not read a 7-day
post as its "1 h"), asks each account's adapter (``Adapter.metrics``), and stores what it says.
It is gentle: at most ``per_account`` reads per account per run, none for accounts whose
adapter options say ``read_metrics = false`` or whose platform offers no counts, none for
retracted posts, none for an account the platform has told to wait (its 429's ``retry_after``
holds the account for publishing and reading alike, through the shared rate limiter).
A reading is stored once (unique per delivery and reading), so two schedulers
running it at once cannot double it. Reading failures are logged and retried on the next run.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from socialpub.delivery.states import State
from socialpub.platforms.errors import PlatformError
from socialpub.runtime import Runtime
from socialpub.store.models import METRIC_COUNTS, Delivery, DeliveryMetrics

log = logging.getLogger(__name__)

READINGS: tuple[tuple[str, timedelta], ...] = (
    ("1h", timedelta(hours=1)),
    ("1d", timedelta(days=1)),
    ("7d", timedelta(days=7)),
)
LAST_WINDOW = timedelta(days=1)  # the 7 d reading is still taken up to 8 days after
COUNTS = METRIC_COUNTS


def reading_due(age: timedelta) -> str | None:
    """Which reading a post of this age is due for (pure): "1h" from 1 h until 1 d, etc."""
    for index, (name, start) in enumerate(READINGS):
        end = READINGS[index + 1][1] if index + 1 < len(READINGS) else start + LAST_WINDOW
        if start <= age < end:
            return name
    return None


@dataclass(frozen=True)
class DueReading:
    delivery_id: int
    account: str
    remote_id: str
    reading: str


def due_readings(runtime: Runtime, now: datetime) -> list[DueReading]:
    oldest = now - READINGS[-1][1] - LAST_WINDOW
    with runtime.sessions() as session:
        rows = session.execute(
            select(Delivery.id, Delivery.account, Delivery.remote_id, Delivery.published_at)
            .where(
                Delivery.state == State.PUBLISHED.value,
                Delivery.retracted_at.is_(None),
                Delivery.remote_id.is_not(None),
                Delivery.published_at > oldest,
            )
            .order_by(Delivery.published_at)
        ).all()
        done = {
            (d, r)
            for d, r in session.execute(
                select(DeliveryMetrics.delivery_id, DeliveryMetrics.reading).where(
                    DeliveryMetrics.delivery_id.in_([row.id for row in rows])
                )
            )
        }
    due = []
    for row in rows:
        name = reading_due(now - row.published_at)
        if name is not None and (row.id, name) not in done:
            due.append(DueReading(row.id, row.account, str(row.remote_id), name))
    return due


def read_due(runtime: Runtime, now: datetime, *, per_account: int = 20) -> int:
    """Take the readings that are due; how many were stored."""
    stored = 0
    taken: Counter[str] = Counter()
    held: set[str] = set()
    for item in due_readings(runtime, now):
        if taken[item.account] >= per_account or item.account in held:
            continue
        try:
            adapter = runtime.adapter(item.account)
        except Exception:  # the account is no longer configured
            continue
        if not adapter.options.read_metrics:
            continue
        if runtime.rate_limiter.held_for(item.account, now) > 0:
            held.add(item.account)  # the platform asked us to wait: reading can wait too
            continue
        taken[item.account] += 1
        try:
            counts = adapter.metrics(item.remote_id)
        except PlatformError as exc:
            log.warning("metrics of delivery %s: %s", item.delivery_id, exc.message)
            if exc.retry_after is not None:
                runtime.rate_limiter.hold(item.account, exc.retry_after, now=now)
                held.add(item.account)
            continue
        except Exception as exc:  # an answer the adapter could not read: a proxy's error page
            # counts are never worth stopping the run for: the reading is taken on a later run
            # (the kind of error only: its text may quote a URL that carries a token)
            log.warning(
                "metrics of delivery %s: unreadable answer (%s)",
                item.delivery_id,
                type(exc).__name__,
            )
            continue
        if counts is None:
            continue
        values: dict[str, Any] = {c: getattr(counts, c) for c in COUNTS}
        try:
            with runtime.sessions.begin() as session:
                session.add(
                    DeliveryMetrics(
                        delivery_id=item.delivery_id, reading=item.reading, read_at=now, **values
                    )
                )
        except IntegrityError:  # another scheduler stored this reading a moment ago
            continue
        stored += 1
    return stored


def short(reading: dict[str, Any] | None) -> str:
    """A reading in a few characters for a table cell: ``♥3 ↻1 ↩2`` (only the counts given)."""
    if not reading:
        return ""
    signs = (("likes", "♥"), ("reposts", "↻"), ("replies", "↩"), ("quotes", "❝"))
    shown = [f"{sign}{reading[c]}" for c, sign in signs if reading.get(c) is not None]
    if reading.get("impressions") is not None:
        shown.append(f"👁{reading['impressions']}")
    return " ".join(shown)


def history(runtime: Runtime, delivery_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The stored readings of these deliveries, oldest first, for history, exports and the API."""
    out: dict[int, list[dict[str, Any]]] = {d: [] for d in delivery_ids}
    with runtime.sessions() as session:
        for row in session.scalars(
            select(DeliveryMetrics)
            .where(DeliveryMetrics.delivery_id.in_(delivery_ids))
            .order_by(DeliveryMetrics.read_at)
        ):
            reading = {"reading": row.reading, "read_at": row.read_at.isoformat()}
            out[row.delivery_id].append(reading | {c: getattr(row, c) for c in COUNTS})
    return out
