"""Append-only audit events, written in the same transaction as the change they record.

There is deliberately no update or delete function here; the models refuse both in the ORM and
the database refuses both (and TRUNCATE, and SQLite's INSERT OR REPLACE) with triggers.

The log is also tamper-evident: every event carries ``hash`` = SHA-256 of the previous event's
hash and its own content, and ``prev_hash``, so changing, removing or reordering an event breaks
the chain at that point (``verify``, ``socialpub audit verify``).

Writers must not fork the chain, so the events of a transaction are inserted as it commits: on
PostgreSQL the committing transaction takes a transaction-scoped advisory lock, reads the last
hash and appends its events, and the next writer gets the lock only after that commit, when it
can see the new head. Taking the lock last, after every row lock the transaction holds, means it
can never be part of a deadlock. SQLite's ``BEGIN IMMEDIATE`` already lets one writer in at a
time. Events recorded inside a savepoint that rolls back are dropped with it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, SessionTransaction

from socialpub.store.models import AuditEvent, utcnow

_INSERT = insert(cast(Table, AuditEvent.__table__))
# Any constant: the key of the one advisory lock that orders audit writers ("audit" in ASCII).
_CHAIN_LOCK = 0x61756469_74
GENESIS = "0" * 64  # the "previous hash" of the first event
_PENDING = "socialpub.audit.pending"  # session.info keys
_MARKS = "socialpub.audit.savepoints"


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
    record_many(
        session,
        [
            event(
                actor=actor,
                subject_type=subject_type,
                subject_id=subject_id,
                kind=kind,
                details=details,
                at=at,
            )
        ],
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
    """Add several events (rows from ``event``), in order, to what this transaction inserts as
    it commits."""
    _pending(session).extend(events)


def pending_events(session: Session) -> list[dict[str, Any]]:
    """The events this transaction will insert as it commits (a caller that rolls back to a
    savepoint removes those queued since, as ``bulk.store`` does)."""
    return _pending(session)


def _pending(session: Session) -> list[dict[str, Any]]:
    pending: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    return pending


@sa_event.listens_for(Session, "before_commit")
def _append_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    previous = _chain_head(session)
    rows = []
    for row in pending:
        chained = {**row, "prev_hash": previous}
        chained["hash"] = previous = event_hash(previous, row)
        rows.append(chained)
    session.execute(_INSERT, rows)


@sa_event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        session.info.setdefault(_MARKS, {})[id(transaction)] = len(_pending(session))


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    mark = session.info.get(_MARKS, {}).pop(id(previous), None)
    if previous.nested and mark is not None:
        del _pending(session)[mark:]
    elif previous.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_MARKS, None)


def _chain_head(session: Session) -> str:
    """The last event's hash, read under the chain lock so no other writer appends meanwhile."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    head = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return head or GENESIS


def _instant(at: datetime) -> str:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(previous: str, row: Any) -> str:
    """SHA-256 over the previous hash and the event's content, in a canonical JSON form that
    reads back the same from either database (UTC instant to the microsecond, sorted keys)."""

    def get(name: str) -> Any:  # a row from ``event`` or one read back from the database
        return row[name] if isinstance(row, dict) else getattr(row, name)

    content = [
        previous,
        _instant(get("at")),
        get("actor"),
        get("subject_type"),
        get("subject_id"),
        get("kind"),
        get("details") or {},
    ]
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """What ``verify`` found: how many events it checked, the head hash, the first broken link."""

    checked: int
    head: str
    broken_at: int | None = None  # the id of the first event whose link does not hold
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


_COLUMNS = (
    AuditEvent.id,
    AuditEvent.at,
    AuditEvent.actor,
    AuditEvent.subject_type,
    AuditEvent.subject_id,
    AuditEvent.kind,
    AuditEvent.details,
    AuditEvent.prev_hash,
    AuditEvent.hash,
)


def _in_order(session: Session, page: int) -> Iterator[Any]:
    """Every event as a plain row (no ORM identity map to grow), in id order, a page at a time."""
    last = 0
    while True:
        rows = session.execute(
            select(*_COLUMNS).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(page)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify(session: Session, *, page: int = 1000) -> ChainReport:
    """Walk the whole log in id order and report the first event whose link is broken."""
    previous, checked = GENESIS, 0
    for row in _in_order(session, page):
        if row.prev_hash != previous:
            return ChainReport(
                checked,
                previous,
                row.id,
                "its prev_hash is not the hash of the event before it "
                "(an event before it was removed, inserted or changed)",
            )
        if row.hash != event_hash(previous, row):
            return ChainReport(
                checked, previous, row.id, "its content does not match its hash (it was changed)"
            )
        previous, checked = row.hash, checked + 1
    return ChainReport(checked, previous)


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
