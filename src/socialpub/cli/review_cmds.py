"""The review loop from the shell: ``approve POST``, ``reject POST``, ``resubmit POST``.

These act on a *post* (every delivery of it), by post id; ``socialpub queue`` shows both ids.
"""

from __future__ import annotations

from typing import Annotated

import typer

from socialpub.cli.context import action_session, cli_actor, settings_or_exit, when_or_exit
from socialpub.delivery import approvals
from socialpub.store.models import utcnow


def approve(
    post_id: Annotated[int, typer.Argument(help="A post id (the `post` column), not a delivery.")],
    at: Annotated[
        str | None,
        typer.Option("--at", help="A new time ('now' or ISO 8601) when the old one has passed."),
    ] = None,
    tz: Annotated[str | None, typer.Option("--tz")] = None,
    allow_past: Annotated[bool, typer.Option("--allow-past")] = False,
) -> None:
    """Approve a post: schedule every draft delivery of it."""
    settings = settings_or_exit()
    zone = tz or settings.timezone
    now = utcnow()
    when = when_or_exit(at, zone, now) if at else None
    with action_session() as session:
        moved = approvals.approve(
            session,
            post_id,
            actor=cli_actor(),
            now=now,
            four_eyes=settings.four_eyes,
            when=when,
            tz=zone if when else None,
            allow_past=allow_past,
        )
    typer.echo(f"post {post_id} approved: scheduled deliveries {', '.join(map(str, moved))}")


def reject(
    post_id: Annotated[int, typer.Argument(help="A post id, not a delivery.")],
    comment: Annotated[str, typer.Option("--comment", help="What the author should change.")],
) -> None:
    """Send a post back to its author with a comment; it stays a draft."""
    settings = settings_or_exit()
    with action_session() as session:
        post = approvals.reject(
            session, post_id, comment, actor=cli_actor(), now=utcnow(), four_eyes=settings.four_eyes
        )
        author = post.author
    typer.echo(f"post {post_id} rejected; the comment goes back to {author}")


def resubmit(
    post_id: Annotated[int, typer.Argument(help="A post id, not a delivery.")],
) -> None:
    """Send a rejected post back for approval after editing it."""
    with action_session() as session:
        approvals.resubmit(session, post_id, actor=cli_actor(), now=utcnow())
    typer.echo(f"post {post_id} resubmitted for approval")


def register(app: typer.Typer) -> None:
    app.command()(approve)
    app.command()(reject)
    app.command()(resubmit)
