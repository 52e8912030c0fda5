"""Operating the delivery pipeline: ``status``, ``resume NAME``, ``retry ID``, ``pause-all``,
``unpause-all``. Thin: the rules live in ``delivery/ops.py`` and ``delivery/pause.py``, which the
REST API and the pages call too.

``status`` is what an admin looks at first: how many deliveries are in each state, the oldest
overdue one, what failed in the last hour, which accounts are paused and whether all publishing
is. ``resume`` un-pauses an account after its credentials were fixed and releases its held
deliveries; ``retry`` sends a failed or unknown delivery again (an unknown one only after the
platform was asked).
"""

from __future__ import annotations

from typing import Annotated

import typer

from socialpub.cli.context import (
    action_session,
    cli_actor,
    refusals_end_the_command,
    runtime_for_command,
    settings_or_exit,
)
from socialpub.cli.output import emit_json, table
from socialpub.delivery import ops, pause
from socialpub.delivery.ops import gather_status, release_held
from socialpub.delivery.states import State
from socialpub.observability.health import Health, check
from socialpub.store.models import utcnow


def status(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False,
    check_health: Annotated[
        bool, typer.Option("--check", help="Exit 1 when the health checks fail (for monitoring).")
    ] = False,
) -> None:
    """Health (database, Redis, a live scheduler, a worker on our queue), counts by state, the
    oldest overdue delivery, failures in the last hour, paused accounts, the pause-all switch."""
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


def _show(report: ops.Status, health: Health) -> None:
    verdict = "GREEN: all checks pass" if health.ok else "RED: due posts may sit unsent"
    typer.secho(
        f"health {verdict}", fg=typer.colors.GREEN if health.ok else typer.colors.RED, bold=True
    )
    for c in health.checks:
        typer.echo(f"  {'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    typer.echo("")
    if report.publishing_paused:
        p = report.publishing_paused
        typer.echo(
            f"ALL PUBLISHING IS PAUSED by {p['by']} since {p['since']:%Y-%m-%d %H:%M} UTC:"
            f" {p['reason']}  (`socialpub unpause-all` resumes it)\n"
        )
    table([(k, v) for k, v in report.counts.items() if v], ["state", "deliveries"])
    o = report.oldest_overdue
    if o is None:
        typer.echo("\nnothing is overdue")
    else:
        flag = "  ALERT" if o["alert"] else ""
        typer.echo(
            f"\noldest overdue: delivery {o['id']} (post {o['post_id']}) on {o['account']},"
            f" {o['state']}, due {o['due_at']:%Y-%m-%d %H:%M:%S} UTC, {o['late_s']:.0f}s late{flag}"
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


def resume_account(
    name: Annotated[str, typer.Argument(help="Account name, as configured.")],
) -> None:
    """Un-pause an account after its credentials were fixed and release its held deliveries."""
    configured = name in settings_or_exit().accounts
    with action_session() as session:
        was_paused, released = ops.resume_account(
            session, name, actor=cli_actor(), now=utcnow(), configured=configured
        )
    state = "resumed" if was_paused else "was not paused"
    typer.echo(f"account {name} {state}; {len(released)} held deliveries scheduled for now")


def retry(
    delivery_id: Annotated[int, typer.Argument(help="A failed or unknown delivery's id.")],
    checked: Annotated[
        bool,
        typer.Option(
            "--checked",
            help="You looked on the platform (one that cannot be asked) and the post is not there.",
        ),
    ] = False,
) -> None:
    """Send a failed or unknown delivery again, now; an unknown one after asking the platform.

    The attempt count and the age limit start again (the original time stays in the audit log);
    the idempotency key stays, so a platform that supports one still refuses a second copy.
    """
    with runtime_for_command() as runtime, refusals_end_the_command():
        reached = ops.retry_with_lookup(
            runtime, delivery_id, actor=cli_actor(), now=utcnow(), checked_by_hand=checked
        )
    if reached is State.PUBLISHED:
        typer.echo(f"delivery {delivery_id} is on the platform already: recorded as published")
    else:
        typer.echo(f"delivery {delivery_id} scheduled again for now")


def pause_all(
    reason: Annotated[str, typer.Option("--reason", help="Why; shown to everyone.")],
) -> None:
    """Stop all publishing: workers hold due deliveries until `unpause-all`."""
    with action_session() as session:
        pause.pause_all(session, reason, actor=cli_actor(), now=utcnow())
    typer.echo(f"all publishing paused: {reason}")


def unpause_all() -> None:
    """Resume publishing and release, once each, the deliveries the pause held."""
    with action_session() as session:
        released = pause.unpause_all(session, actor=cli_actor(), now=utcnow())
    typer.echo(f"publishing resumed; {len(released)} held deliveries scheduled for now")


def register(app: typer.Typer) -> None:
    app.command()(status)
    app.command("resume")(resume_account)
    app.command()(retry)
    app.command("pause-all")(pause_all)
    app.command("unpause-all")(unpause_all)


__all__ = ["gather_status", "register", "release_held"]
