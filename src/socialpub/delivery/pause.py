"""Pause all publishing (an admin's brake), and resume it.

While the switch is on, workers refuse to publish: ``batch.py`` reads it in the claim transaction
and again right before each send, and a due delivery waits as ``held`` with
``error_class = PublishingPaused`` and the reason in its audit event. Resuming moves those held
deliveries back to ``scheduled`` with one conditional update each, so each is released once,
and the dispatcher sends them as any other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.errors import Conflict, Invalid
from socialpub.delivery.permissions import Actor, check_operate
from socialpub.delivery.repository import transition
from socialpub.delivery.states import State
from socialpub.store.models import Delivery
from socialpub.store.pause import SWITCH_ID, PublishingPause

HELD_BY_PAUSE = "PublishingPaused"  # error_class of a delivery held by the switch
MAX_REASON = 500

_READ = select(PublishingPause.paused, PublishingPause.reason).where(
    PublishingPause.id == SWITCH_ID
)


def publishing_paused(session: Session) -> PublishingPause | None:
    """The switch when it is on; None when publishing runs."""
    row = session.get(PublishingPause, SWITCH_ID)
    return row if row is not None and row.paused else None


def paused_reason(db: Session | Connection) -> str | None:
    """The cheap read workers do before publishing: the reason when paused, else None."""
    row = db.execute(_READ).first()
    if row is None or not row.paused:
        return None
    return row.reason or "publishing is paused"


def pause_all(session: Session, reason: str, *, actor: Actor, now: datetime) -> PublishingPause:
    """Turn the switch on. ``reason`` is shown on every page and in every held delivery."""
    check_operate(actor, "pausing all publishing")
    reason = reason.strip()
    if not reason:
        raise Invalid("say why publishing is paused: the reason is shown to everyone")
    if len(reason) > MAX_REASON:
        raise Invalid(f"the reason is longer than {MAX_REASON} characters")
    row = session.get(PublishingPause, SWITCH_ID, with_for_update=True)
    if row is None:
        row = PublishingPause(id=SWITCH_ID, paused=False, reason="", actor="", since=now)
        session.add(row)
    if row.paused:
        raise Conflict(f"publishing is already paused by {row.actor}: {row.reason}")
    row.paused, row.reason, row.actor, row.since = True, reason, actor.name, now
    audit.record(
        session,
        actor=actor.name,
        subject_type="publishing",
        subject_id=SWITCH_ID,
        kind="publishing_paused",
        details={"reason": reason},
        at=now,
    )
    session.flush()
    return row


def unpause_all(session: Session, *, actor: Actor, now: datetime) -> list[int]:
    """Turn the switch off and release every delivery it held, once each; their ids."""
    check_operate(actor, "resuming publishing")
    row = session.get(PublishingPause, SWITCH_ID, with_for_update=True)
    if row is None or not row.paused:
        raise Conflict("publishing is not paused")
    row.paused = False
    audit.record(
        session,
        actor=actor.name,
        subject_type="publishing",
        subject_id=SWITCH_ID,
        kind="publishing_resumed",
        details={"paused_since": row.since.isoformat(), "reason": row.reason},
        at=now,
    )
    held = session.scalars(
        select(Delivery).where(
            Delivery.state == State.HELD.value, Delivery.error_class == HELD_BY_PAUSE
        )
    ).all()
    released = []
    for d in held:
        due = max(now, d.post.not_before) if d.post.not_before else now
        if transition(
            session,
            d.id,
            State.HELD,
            State.SCHEDULED,
            actor=actor.name,
            kind="released",
            details={"reason": "publishing resumed"},
            now=now,
            due_at=due,
            queued_at=None,
            lease_owner=None,
            lease_until=None,
            error_class=None,
            last_error=None,
        ):
            released.append(d.id)
    session.flush()
    return released
