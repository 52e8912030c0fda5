"""The review loop of a post: approve, reject with a comment to the author, resubmit.

A post's ``approval`` is ``draft`` (waiting for an approver), ``rejected`` (back with its author,
``review_comment`` says why) or ``approved``. Its deliveries stay ``draft`` until it is approved.

Approving after a delivery's scheduled time would post it late without a word, so it is refused
(``NeedsNewTime``) unless the approver gives a new time. A draft composed for ``now`` (its time
is not after the post was made) means "as soon as it is approved" and goes at approval.
Callers own the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.actions import post_or_404
from socialpub.delivery.errors import Conflict, Invalid, NeedsNewTime
from socialpub.delivery.permissions import Actor, check_change, check_review
from socialpub.delivery.repository import transition
from socialpub.delivery.rules import check_when, late
from socialpub.delivery.states import State
from socialpub.store.models import Delivery, Post

MAX_COMMENT = 2000


def _as_soon_as_approved(post: Post, delivery: Delivery) -> bool:
    return delivery.scheduled_at <= post.created_at


def approve(
    session: Session,
    post_id: int,
    *,
    actor: Actor,
    now: datetime,
    four_eyes: bool = False,
    when: datetime | None = None,
    tz: str | None = None,
    allow_past: bool = False,
) -> list[int]:
    """Schedule every draft delivery of a post; the ids scheduled.

    ``when`` (with ``tz``) gives them a new time, checked like any other; without it each keeps
    its own, and a time already past raises ``NeedsNewTime``. Never before the embargo.
    """
    post = post_or_404(session, post_id)
    check_review(actor, post.author, post_id, four_eyes=four_eyes)
    if post.approval == "rejected":
        raise Conflict(f"post {post_id} was rejected: its author resubmits it first")
    drafts = sorted((d for d in post.deliveries if d.state == State.DRAFT), key=lambda d: d.id)
    if not drafts:
        raise Conflict(f"post {post_id} has no draft deliveries to approve")
    if when is not None:
        check_when(when, now=now, allow_past=allow_past, not_before=post.not_before)
    times: dict[int, tuple[datetime, str]] = {}
    for d in drafts:
        if when is not None:
            times[d.id] = (when, tz or d.scheduled_tz)
        elif _as_soon_as_approved(post, d):
            due = max(now, post.not_before) if post.not_before else now
            times[d.id] = (due, d.scheduled_tz)
        elif late(d.due_at, now):
            raise NeedsNewTime(
                f"post {post_id} was to go out at {d.due_at:%Y-%m-%d %H:%M} UTC, which has"
                " passed: approve it with a new time (or 'now')"
            )
        else:
            times[d.id] = (d.due_at, d.scheduled_tz)
    moved = [
        d.id
        for d in drafts
        if transition(
            session,
            d.id,
            State.DRAFT,
            State.SCHEDULED,
            actor=actor.name,
            kind="approved",
            details={"post": post_id, "due_at": times[d.id][0].isoformat()},
            now=now,
            scheduled_at=times[d.id][0],
            scheduled_tz=times[d.id][1],
            due_at=times[d.id][0],
        )
    ]
    post.approval = "approved"
    post.review_comment = None
    audit.record(
        session,
        actor=actor.name,
        subject_type="post",
        subject_id=post_id,
        kind="approved",
        details={"deliveries": moved, "author": post.author},
        at=now,
    )
    session.flush()
    return moved


def reject(
    session: Session,
    post_id: int,
    comment: str,
    *,
    actor: Actor,
    now: datetime,
    four_eyes: bool = False,
) -> Post:
    """Send a draft post back to its author with ``comment``; its deliveries stay drafts."""
    post = post_or_404(session, post_id)
    check_review(actor, post.author, post_id, four_eyes=four_eyes)
    comment = comment.strip()
    if not comment:
        raise Invalid("say what the author should change: the comment is empty")
    if len(comment) > MAX_COMMENT:
        raise Invalid(f"the comment is longer than {MAX_COMMENT} characters")
    if post.approval != "draft" or not any(d.state == State.DRAFT for d in post.deliveries):
        raise Conflict(f"post {post_id} is not waiting for approval")
    post.approval = "rejected"
    post.review_comment = comment
    audit.record(
        session,
        actor=actor.name,
        subject_type="post",
        subject_id=post_id,
        kind="rejected",
        details={"comment": comment, "author": post.author},
        at=now,
    )
    session.flush()
    return post


def resubmit(session: Session, post_id: int, *, actor: Actor, now: datetime) -> Post:
    """The author (or an approver) sends a rejected post back for approval."""
    post = post_or_404(session, post_id)
    check_change(actor, post.author, f"post {post_id}")
    if post.approval != "rejected":
        raise Conflict(f"post {post_id} is {post.approval}, not rejected: nothing to resubmit")
    post.approval = "draft"
    audit.record(
        session,
        actor=actor.name,
        subject_type="post",
        subject_id=post_id,
        kind="resubmitted",
        details={"answering": post.review_comment},
        at=now,
    )
    session.flush()
    return post


def inbox(session: Session, *, limit: int = 100, offset: int = 0) -> Sequence[Post]:
    """Posts waiting for an approver, oldest first."""
    query = (
        select(Post)
        .where(Post.approval == "draft")
        .where(Post.deliveries.any(Delivery.state == State.DRAFT.value))
        .order_by(Post.id)
        .limit(limit)
        .offset(offset)
    )
    return session.scalars(query).all()


def posts_by(session: Session, author: str, *, limit: int = 100, offset: int = 0) -> Sequence[Post]:
    """One author's posts, newest first: where each stands, and any reviewer's comment."""
    query = (
        select(Post).where(Post.author == author).order_by(Post.id.desc()).limit(limit)
    ).offset(offset)
    return session.scalars(query).all()
