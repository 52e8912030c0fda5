"""Operating the delivery pipeline: ``status``, ``resume NAME``, ``retry ID``.

``status`` is what an admin looks at first: how many deliveries are in each state, the oldest
overdue one, what failed in the last hour, which accounts are paused. ``resume`` un-pauses an
account after its credentials were fixed and releases its held deliveries; ``retry`` sends a
failed or unknown delivery again after an admin checked the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.cli.context import current_user, runtime_for_command
from socialpub.cli.output import emit_json, fail, table
from socialpub.delivery.repository import transition
from socialpub.delivery.states import State
from socialpub.observability.health import Health, check
from socialpub.store.accounts import paused_accounts, resume
from socialpub.store.models import Delivery, utcnow

# States in which a delivery is waiting on us (not on an admin, not finished).
WAITING = (State.SCHEDULED, State.QUEUED, State.PUBLISHING, State.RETRY_WAIT, State.HELD)


@dataclass(frozen=True)
class Status:
    counts: dict[str, int]
    oldest_overdue: dict[str, Any] | None
    failed_last_hour: list[dict[str, Any]]
    paused: list[dict[str, Any]]
    overdue_threshold_s: float

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "oldest_overdue": self.oldest_overdue,
            "failed_last_hour": self.failed_last_hour,
            "paused_accounts": self.paused,
            "overdue_threshold_s": self.overdue_threshold_s,
        }


def gather_status(session: Session, *, now: datetime, overdue_threshold_s: float) -> Status:
    """Everything ``socialpub status`` shows, read in one session."""
    counts = {s.value: 0 for s in State}
    for state, count in session.execute(
        select(Delivery.state, func.count()).group_by(Delivery.state)
    ):
        counts[state] = count
    oldest = session.scalars(
        select(Delivery)
        .where(Delivery.state.in_([s.value for s in WAITING]), Delivery.due_at < now)
        .order_by(Delivery.due_at, Delivery.id)
        .limit(1)
    ).first()
    oldest_overdue = None
    if oldest is not None:
        late = (now - oldest.due_at).total_seconds()
        oldest_overdue = {
            "id": oldest.id,
            "account": oldest.account,
            "state": oldest.state,
            "due_at": oldest.due_at,
            "late_s": round(late, 1),
            "alert": late > overdue_threshold_s,
            "last_error": oldest.last_error,
        }
    since = now - timedelta(hours=1)
    events = [
        e
        for kind in ("failed", "outcome_unknown")
        for e in audit.recent(session, since=since, kind=kind, limit=500)
        if e.subject_type == "delivery"
    ]
    events.sort(key=lambda e: e.at, reverse=True)
    failed = [
        {"id": e.subject_id, "at": e.at, "kind": e.kind, "reason": e.details.get("reason")}
        for e in events
    ]
    paused = [
        {"account": a.account, "reason": a.reason, "since": a.updated_at}
        for a in paused_accounts(session)
    ]
    return Status(counts, oldest_overdue, failed, paused, overdue_threshold_s)


def status(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False,
    check_health: Annotated[
        bool, typer.Option("--check", help="Exit 1 when the health checks fail (for monitoring).")
    ] = False,
) -> None:
    """Health (database, Redis, a live scheduler, a worker on our queue), counts by state, the
    oldest overdue delivery, failures in the last hour, paused accounts."""
    with runtime_for_command() as runtime:
        health = check(runtime, now=utcnow())
        with runtime.sessions() as session:
            report = gather_status(
                session, now=utcnow(), overdue_threshold_s=runtime.settings.overdue_alert_seconds
            )
    if as_json:
        emit_json({**report.as_json(), "health": health.as_json()})
    else:
        _show(report, health)
    if check_health and not health.ok:
        raise typer.Exit(1)


def _show(report: Status, health: Health) -> None:
    verdict = "GREEN: all checks pass" if health.ok else "RED: due posts may sit unsent"
    typer.secho(
        f"health {verdict}", fg=typer.colors.GREEN if health.ok else typer.colors.RED, bold=True
    )
    for c in health.checks:
        typer.echo(f"  {'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    typer.echo("")
    table([(k, v) for k, v in report.counts.items() if v], ["state", "deliveries"])
    o = report.oldest_overdue
    if o is None:
        typer.echo("\nnothing is overdue")
    else:
        flag = "  ALERT" if o["alert"] else ""
        typer.echo(
            f"\noldest overdue: delivery {o['id']} on {o['account']}, {o['state']}, "
            f"due {o['due_at']:%Y-%m-%d %H:%M:%S} UTC, {o['late_s']:.0f}s late{flag}"
        )
    typer.echo(f"\nfailed or unknown in the last hour: {len(report.failed_last_hour)}")
    for f in report.failed_last_hour[:20]:
        typer.echo(f"  delivery {f['id']} {f['kind']} at {f['at']:%H:%M:%S}: {f['reason'] or ''}")
    if report.paused:
        typer.echo("\npaused accounts (fix credentials, then `socialpub resume NAME`):")
        for p in report.paused:
            typer.echo(f"  {p['account']}: {p['reason']}")
    else:
        typer.echo("\nno account is paused")


def release_held(session: Session, account: str, *, actor: str, now: datetime) -> list[int]:
    """Move every held delivery of ``account`` back to scheduled, due now; their ids."""
    held = session.scalars(
        select(Delivery.id).where(Delivery.account == account, Delivery.state == State.HELD.value)
    ).all()
    return [
        delivery_id
        for delivery_id in held
        if transition(
            session,
            delivery_id,
            State.HELD,
            State.SCHEDULED,
            actor=actor,
            kind="released",
            details={"account": account},
            now=now,
            due_at=now,
            queued_at=None,
            lease_owner=None,
            lease_until=None,
        )
    ]


def resume_account(
    name: Annotated[str, typer.Argument(help="Account name, as configured.")],
) -> None:
    """Un-pause an account after its credentials were fixed and release its held deliveries."""
    with runtime_for_command() as runtime, runtime.sessions.begin() as session:
        if name not in runtime.settings.accounts:
            fail(f"no account named {name!r} is configured")
        was_paused = resume(session, name, actor=current_user())
        released = release_held(session, name, actor=current_user(), now=utcnow())
    state = "resumed" if was_paused else "was not paused"
    typer.echo(f"account {name} {state}; {len(released)} held deliveries scheduled for now")


def retry(
    delivery_id: Annotated[int, typer.Argument(help="A failed or unknown delivery.")],
) -> None:
    """Send a failed or unknown delivery again, now, after checking it is not on the platform.

    The attempt count and the age limit start again (the original time stays in the audit log);
    the idempotency key stays, so a platform that supports one still refuses a second copy.
    """
    with runtime_for_command() as runtime, runtime.sessions.begin() as session:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None:
            fail(f"no delivery {delivery_id}")
        state = delivery.state
        now = utcnow()
        if not transition(
            session,
            delivery_id,
            (State.FAILED, State.UNKNOWN),
            State.SCHEDULED,
            actor=current_user(),
            kind="admin_retry",
            details={"from": state, "was_scheduled_at": delivery.scheduled_at.isoformat()},
            now=now,
            due_at=now,
            scheduled_at=now,  # otherwise a delivery that gave up by age gives up again at once
            attempts=0,
            queued_at=None,
            lease_owner=None,
            lease_until=None,
        ):
            fail(f"delivery {delivery_id} is {state}: only failed or unknown ones can be retried")
    typer.echo(f"delivery {delivery_id} scheduled again for now")


def register(app: typer.Typer) -> None:
    app.command()(status)
    app.command("resume")(resume_account)
    app.command()(retry)
