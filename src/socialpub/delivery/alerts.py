"""Overdue alerts: a delivery still not published long after it was due is reported, once.

"Overdue" means: not in a final or admin-owned state (published, failed, cancelled, unknown,
draft) and ``due_at`` more than ``settings.overdue_alert_seconds`` in the past. Each such delivery
gets one ``overdue_alert`` audit event (that event is also what makes the alert once-only), one
log line at ERROR, and, when ``alert_webhook_url`` is set, a JSON POST listing the new ones. The
POST is best effort: the audit event and the log line are the record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import and_, exists, select

from socialpub import audit
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.db import is_postgres
from socialpub.store.models import AuditEvent, Delivery

log = logging.getLogger("socialpub.alerts")

OVERDUE_STATES = (
    State.SCHEDULED,
    State.QUEUED,
    State.PUBLISHING,
    State.RETRY_WAIT,
    State.HELD,
)


@dataclass(frozen=True)
class Overdue:
    delivery_id: int
    account: str
    state: str
    due_at: datetime
    late_s: float
    last_error: str | None


def alert_overdue(
    runtime: Runtime, *, now: datetime, actor: str, limit: int = 200
) -> list[Overdue]:
    """Record and send alerts for deliveries newly overdue; returns the ones alerted now."""
    cutoff = now - timedelta(seconds=runtime.settings.overdue_alert_seconds)
    already = exists().where(
        and_(
            AuditEvent.subject_type == "delivery",
            AuditEvent.subject_id == Delivery.id,
            AuditEvent.kind == "overdue_alert",
        )
    )
    query = (
        select(Delivery)
        .where(
            Delivery.state.in_([s.value for s in OVERDUE_STATES]),
            Delivery.due_at < cutoff,
            ~already,
        )
        .order_by(Delivery.due_at)
        .limit(limit)
    )
    found: list[Overdue] = []
    with runtime.sessions.begin() as session:
        if is_postgres(session):
            # Two schedulers must not both alert: the second skips rows the first holds.
            query = query.with_for_update(skip_locked=True, of=Delivery)
        for d in session.scalars(query).all():
            item = Overdue(
                d.id, d.account, d.state, d.due_at, (now - d.due_at).total_seconds(), d.last_error
            )
            audit.record(
                session,
                actor=actor,
                subject_type="delivery",
                subject_id=d.id,
                kind="overdue_alert",
                details={
                    "state": d.state,
                    "account": d.account,
                    "due_at": d.due_at.isoformat(),
                    "late_s": round(item.late_s, 1),
                    "last_error": d.last_error,
                },
                at=now,
            )
            found.append(item)
    for item in found:
        log.error(
            "delivery %s on %s is overdue by %.0fs (state %s)%s",
            item.delivery_id,
            item.account,
            item.late_s,
            item.state,
            f": {item.last_error}" if item.last_error else "",
        )
    if found and runtime.settings.alert_webhook_url:
        _post(runtime, runtime.settings.alert_webhook_url, found)
    return found


def _post(runtime: Runtime, url: str, found: list[Overdue]) -> None:
    body: dict[str, Any] = {
        "kind": "overdue",
        "deliveries": [
            {
                "id": o.delivery_id,
                "account": o.account,
                "state": o.state,
                "due_at": o.due_at.isoformat(),
                "late_s": round(o.late_s, 1),
                "last_error": o.last_error,
            }
            for o in found
        ],
    }
    try:
        runtime.http.post(url, json=body, timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        log.warning("alert webhook %s failed: %s (the audit log has the alert)", url, exc)
