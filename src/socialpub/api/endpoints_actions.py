"""REST actions on posts (review, embargo) and on deliveries (cancel, reschedule, edit).

Routes under ``/posts/{post_id}`` act on a whole post; routes under ``/deliveries/{delivery_id}``
on one delivery (one post on one account). Permissions are the service's: see
``delivery/permissions.py``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request

from socialpub.api.auth import runtime_of
from socialpub.api.params import ApproverActor, Id, Limit, Offset, StaffActor
from socialpub.api.schemas import DeliveryOut
from socialpub.api.schemas_actions import (
    ApprovedOut,
    ApproveIn,
    EditIn,
    EmbargoIn,
    PostDetailOut,
    ReasonIn,
    RejectIn,
    ReleasedOut,
    WhenIn,
)
from socialpub.delivery import actions, approvals
from socialpub.delivery.when import parse_when
from socialpub.store.models import Post, utcnow

router = APIRouter()


def post_out(post: Post) -> PostDetailOut:
    return PostDetailOut(
        post_id=post.id,
        author=post.author,
        approval=post.approval,
        review_comment=post.review_comment,
        not_before=post.not_before,
        summary=post.summary,
        hashtags=list(post.hashtags),
        link=post.link,
        created_at=post.created_at,
        deliveries=[DeliveryOut.model_validate(d) for d in post.deliveries],
    )


@router.get("/posts/inbox")
def inbox(
    request: Request, _: ApproverActor, limit: Limit = 50, offset: Offset = 0
) -> list[PostDetailOut]:
    """Posts waiting for an approver, oldest first."""
    with runtime_of(request).sessions() as session:
        return [post_out(p) for p in approvals.inbox(session, limit=limit, offset=offset)]


@router.get("/posts/mine")
def my_posts(
    request: Request, actor: StaffActor, limit: Limit = 50, offset: Offset = 0
) -> list[PostDetailOut]:
    """The caller's own posts, newest first, with where each stands and any review comment."""
    with runtime_of(request).sessions() as session:
        posts = approvals.posts_by(session, actor.name, limit=limit, offset=offset)
        return [post_out(p) for p in posts]


@router.get("/posts/{post_id}")
def get_post(post_id: Id, request: Request, _: StaffActor) -> PostDetailOut:
    with runtime_of(request).sessions() as session:
        return post_out(actions.post_or_404(session, post_id))


@router.post("/posts/{post_id}/approve")
def approve(
    post_id: Id,
    request: Request,
    actor: ApproverActor,
    body: Annotated[ApproveIn | None, Body()] = None,
) -> ApprovedOut:
    """Schedule every draft delivery of the post. When its time has passed the answer is 409
    with ``needs_new_time: true``: approve again with ``at``."""
    runtime = runtime_of(request)
    body = body or ApproveIn()
    zone = body.tz or runtime.settings.timezone
    now = utcnow()
    when = parse_when(body.at, zone, now=now) if body.at else None
    with runtime.sessions.begin() as session:
        moved = approvals.approve(
            session,
            post_id,
            actor=actor,
            now=now,
            four_eyes=runtime.settings.four_eyes,
            when=when,
            tz=zone if when else None,
            allow_past=body.allow_past,
        )
    return ApprovedOut(post_id=post_id, scheduled=moved)


@router.post("/posts/{post_id}/reject")
def reject(post_id: Id, body: RejectIn, request: Request, actor: ApproverActor) -> PostDetailOut:
    """Send the post back to its author with a comment; its deliveries stay drafts."""
    runtime = runtime_of(request)
    with runtime.sessions.begin() as session:
        post = approvals.reject(
            session,
            post_id,
            body.comment,
            actor=actor,
            now=utcnow(),
            four_eyes=runtime.settings.four_eyes,
        )
        return post_out(post)


@router.post("/posts/{post_id}/resubmit")
def resubmit(post_id: Id, request: Request, actor: StaffActor) -> PostDetailOut:
    """The author sends an edited, rejected post back for approval."""
    with runtime_of(request).sessions.begin() as session:
        return post_out(approvals.resubmit(session, post_id, actor=actor, now=utcnow()))


@router.put("/posts/{post_id}/embargo")
def embargo(post_id: Id, body: EmbargoIn, request: Request, actor: StaffActor) -> ReleasedOut:
    """Set (or with ``not_before: null`` lift) the post's "not before" time; deliveries due
    earlier move to it (their ids are returned)."""
    runtime = runtime_of(request)
    zone = body.tz or runtime.settings.timezone
    now = utcnow()
    when = parse_when(body.not_before, zone, now=now) if body.not_before else None
    with runtime.sessions.begin() as session:
        moved = actions.set_embargo(session, post_id, when, actor=actor, now=now)
    return ReleasedOut(released=moved)


@router.get("/deliveries/{delivery_id}")
def get_delivery(delivery_id: Id, request: Request, _: StaffActor) -> DeliveryOut:
    with runtime_of(request).sessions() as session:
        return DeliveryOut.model_validate(actions.delivery_or_404(session, delivery_id))


@router.post("/deliveries/{delivery_id}/cancel")
def cancel(
    delivery_id: Id,
    request: Request,
    actor: StaffActor,
    body: Annotated[ReasonIn | None, Body()] = None,
) -> DeliveryOut:
    """Cancel one delivery: its post's author, an approver or an admin (``unknown``: admin)."""
    reason = body.reason if body else ""
    with runtime_of(request).sessions.begin() as session:
        d = actions.cancel_delivery(session, delivery_id, actor=actor, reason=reason)
        return DeliveryOut.model_validate(d)


@router.post("/deliveries/{delivery_id}/reschedule")
def reschedule(delivery_id: Id, body: WhenIn, request: Request, actor: StaffActor) -> DeliveryOut:
    """Move one delivery to ``at`` (a draft stays a draft); past times need ``allow_past``."""
    runtime = runtime_of(request)
    zone = body.tz or runtime.settings.timezone
    now = utcnow()
    when = parse_when(body.at, zone, now=now)
    with runtime.sessions.begin() as session:
        d = actions.reschedule_delivery(
            session, delivery_id, when, zone, actor=actor, now=now, allow_past=body.allow_past
        )
        return DeliveryOut.model_validate(d)


@router.patch("/deliveries/{delivery_id}")
def edit(delivery_id: Id, body: EditIn, request: Request, actor: StaffActor) -> DeliveryOut:
    """Replace one delivery's text and/or hashtags, re-fitted to its platform's limits."""
    runtime = runtime_of(request)
    with runtime.sessions.begin() as session:
        d = actions.edit_delivery(
            session,
            delivery_id,
            actor=actor,
            account_for=runtime.account,
            limits_for=runtime.limits_for,
            text=body.text,
            hashtags=body.hashtags,
            now=utcnow(),
        )
        return DeliveryOut.model_validate(d)
