"""Append-only audit events, written in the same transaction as the change they record.

There is deliberately no update or delete function here; the models refuse both in the ORM and
the database refuses both with a trigger.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from socialpub.store.models import AuditEvent, utcnow

_INSERT = insert(cast(Table, AuditEvent.__table__))


def record(
    session: Session,
    *,
    actor: str,
    subject_type: str,
    subject_id: int,
    kind: str,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Insert one event in the session's transaction (a plain INSERT: no ORM flush needed)."""
    session.execute(
        _INSERT,
        event(
            actor=actor,
            subject_type=subject_type,
            subject_id=subject_id,
            kind=kind,
            details=details,
            at=at,
        ),
    )


def event(
    *,
    actor: str,
    subject_type: str,
    subject_id: int,
    kind: str,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """One event's row, for ``record_many``."""
    return {
        "at": at or utcnow(),
        "actor": actor,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "kind": kind,
        "details": details or {},
    }


def record_many(session: Session, events: Sequence[dict[str, Any]]) -> None:
    """Insert several events (rows from ``event``) with one statement, in order."""
    if events:
        session.execute(_INSERT, list(events))


def events_for(session: Session, subject_type: str, subject_id: int) -> Sequence[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.id)
    )
    return session.scalars(query).all()


def recent(
    session: Session, *, since: datetime | None = None, kind: str | None = None, limit: int = 200
) -> Sequence[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if kind is not None:
        query = query.where(AuditEvent.kind == kind)
    return session.scalars(query).all()
