"""Conditional state transitions: ``UPDATE … WHERE id = :id AND state IN (:expected)``.

Each transition writes its audit event in the same transaction. Whoever loses a race updates no
row and does nothing else, which is what makes a duplicated or stale Celery message harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, select, update
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.states import State, check
from socialpub.store.models import Delivery, utcnow

_TABLE = cast(Table, Delivery.__table__)
# Built once: the SET clause comes from each call's parameters. A plain Core UPDATE skips the
# ORM's per-call statement building, which was most of a worker's CPU per publish.
_UPDATE = update(_TABLE).where(
    _TABLE.c.id == bindparam("w_id"), _TABLE.c.state.in_(bindparam("w_states", expanding=True))
)
_OWNED_UPDATE = _UPDATE.where(_TABLE.c.lease_owner == bindparam("w_owner"))
# executemany cannot expand a list parameter: one expected state, as a plain parameter.
_LEASED_UPDATE = update(_TABLE).where(
    _TABLE.c.id == bindparam("w_id"),
    _TABLE.c.state == bindparam("w_state"),
    _TABLE.c.lease_owner == bindparam("w_owner"),
)


def move(
    session: Session,
    delivery_id: int,
    expected: State | Iterable[State],
    target: State,
    *,
    owned_by: str | None = None,
    now: datetime | None = None,
    **values: Any,
) -> bool:
    """The conditional UPDATE of a transition, without its audit event; True when it won.

    Only for callers that write the event themselves in the same transaction, after other
    events that must come first.
    """
    sources = {expected} if isinstance(expected, State) else set(expected)
    for source in sources:
        check(source, target)
    params = {
        "w_id": delivery_id,
        "w_states": [s.value for s in sources],
        "state": target.value,
        "updated_at": now or utcnow(),
        **values,
    }
    if owned_by is not None:
        params["w_owner"] = owned_by
    statement = _OWNED_UPDATE if owned_by is not None else _UPDATE
    result: CursorResult[Any] = session.execute(statement, params)  # type: ignore[assignment]
    return result.rowcount == 1


def transition(
    session: Session,
    delivery_id: int,
    expected: State | Iterable[State],
    target: State,
    *,
    actor: str,
    kind: str,
    details: dict[str, Any] | None = None,
    owned_by: str | None = None,
    now: datetime | None = None,
    **values: Any,
) -> bool:
    """Move one delivery to ``target`` if it is still in ``expected``; True when this call won.

    ``owned_by``, when given, must match the lease owner: a worker whose lease was taken over cannot
    overwrite the outcome the reconciler recorded.
    """
    now = now or utcnow()
    if not move(session, delivery_id, expected, target, owned_by=owned_by, now=now, **values):
        return False
    audit.record(
        session,
        actor=actor,
        subject_type="delivery",
        subject_id=delivery_id,
        kind=kind,
        details={"to": target.value, **(details or {})},
        at=now,
    )
    return True


def move_each(
    session: Session,
    expected: State,
    target: State,
    rows: Sequence[tuple[int, dict[str, Any]]],
    *,
    owned_by: str,
    now: datetime,
) -> set[int]:
    """``move`` for several deliveries held under one lease: the ids that moved.

    The rows still ours are read and locked first (``FOR UPDATE`` on PostgreSQL; SQLite's
    ``BEGIN IMMEDIATE`` already holds the write lock), so the UPDATEs that follow, one
    ``executemany`` per set of columns, cannot lose a race the read won.
    """
    check(expected, target)
    if not rows:
        return set()
    ids = [delivery_id for delivery_id, _ in rows]
    held = select(_TABLE.c.id).where(
        _TABLE.c.id.in_(ids),
        _TABLE.c.state == expected.value,
        _TABLE.c.lease_owner == owned_by,
    )
    ours = set(session.scalars(held.with_for_update()))
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for delivery_id, values in rows:
        if delivery_id in ours:
            params = {
                "w_id": delivery_id,
                "w_state": expected.value,
                "w_owner": owned_by,
                "state": target.value,
                "updated_at": now,
                **values,
            }
            by_columns.setdefault(tuple(sorted(params)), []).append(params)
    for batch in by_columns.values():
        session.execute(_LEASED_UPDATE, batch)
    return ours
