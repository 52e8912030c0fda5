"""Approvals: the approvers' inbox (approve, or reject with a comment back to the author) and the
author's edit-and-resubmit page. The rules (four-eyes, late approval, who may edit) are the
delivery service's; a refusal comes back as a styled page or a message on this one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.pages_common import form_needs, needs, render, viewer_zone
from socialpub.delivery import actions, approvals
from socialpub.delivery.errors import ActionError, NeedsNewTime
from socialpub.delivery.permissions import PermissionDenied
from socialpub.delivery.when import WhenError, parse_when
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

router = APIRouter()
Approver = Annotated[Caller, Depends(needs(Role.APPROVER))]
ApproverForm = Annotated[Caller, Depends(form_needs(Role.APPROVER))]
Staff = Annotated[Caller, Depends(needs(Role.STAFF))]
StaffForm = Annotated[Caller, Depends(form_needs(Role.STAFF))]


def _inbox(
    request: Request, caller: Caller, *, problem: str | None = None, late: int | None = None
) -> Response:
    with runtime_of(request).sessions() as session:
        posts = approvals.inbox(session)
        return render(
            request,
            "approvals/inbox.html",
            {
                "posts": posts,
                "problem": problem,
                "late": late,
                "done": request.query_params.get("done"),
                "four_eyes": runtime_of(request).settings.four_eyes,
            },
            caller=caller,
            status_code=200 if problem is None else 409,
        )


@router.get("/approvals")
def inbox_page(request: Request, caller: Approver) -> Response:
    return _inbox(request, caller)


@router.post("/approvals/{post_id}/approve")
def approve(
    request: Request,
    post_id: int,
    caller: ApproverForm,
    at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    runtime = runtime_of(request)
    now = utcnow()
    tz = viewer_zone(request, caller)
    try:
        when = parse_when(at, tz, now=now) if at.strip() else None
        with runtime.sessions.begin() as session:
            approvals.approve(
                session,
                post_id,
                actor=caller.as_actor(),
                now=now,
                four_eyes=runtime.settings.four_eyes,
                when=when,
                tz=tz if when else None,
            )
    except NeedsNewTime as exc:
        return _inbox(request, caller, problem=str(exc), late=post_id)
    except (ActionError, PermissionDenied, WhenError) as exc:
        return _inbox(request, caller, problem=str(exc))
    return RedirectResponse(f"/approvals?done=approved-{post_id}", status.HTTP_303_SEE_OTHER)


@router.post("/approvals/{post_id}/reject")
def reject(
    request: Request,
    post_id: int,
    caller: ApproverForm,
    comment: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    runtime = runtime_of(request)
    try:
        with runtime.sessions.begin() as session:
            approvals.reject(
                session,
                post_id,
                comment,
                actor=caller.as_actor(),
                now=utcnow(),
                four_eyes=runtime.settings.four_eyes,
            )
    except (ActionError, PermissionDenied) as exc:
        return _inbox(request, caller, problem=str(exc))
    return RedirectResponse(f"/approvals?done=rejected-{post_id}", status.HTTP_303_SEE_OTHER)


@router.get("/posts/{post_id}/edit")
def edit_page(request: Request, post_id: int, caller: Staff) -> Response:
    with runtime_of(request).sessions() as session:
        post = actions.post_or_404(session, post_id)
        return render(
            request,
            "approvals/edit.html",
            {"post": post, "problem": None, "editable": actions.EDITABLE},
            caller=caller,
        )


@router.post("/posts/{post_id}/edit")
async def edit(request: Request, post_id: int, caller: StaffForm) -> Response:
    form = await request.form()
    texts = {
        int(k[5:]): v
        for k, v in form.multi_items()
        if k.startswith("text_") and k[5:].isdigit() and len(k) < 20 and isinstance(v, str)
    }
    raw_tags = form.get("hashtags")
    tags = raw_tags.replace(",", " ").split() if isinstance(raw_tags, str) else None
    resubmit = form.get("action") == "resubmit"
    try:
        await run_in_threadpool(_save, request, caller, post_id, texts, tags, resubmit)
    except (ActionError, PermissionDenied) as exc:
        with runtime_of(request).sessions() as session:
            post = actions.post_or_404(session, post_id)
            return render(
                request,
                "approvals/edit.html",
                {"post": post, "problem": str(exc), "editable": actions.EDITABLE},
                caller=caller,
                status_code=409,
            )
    return RedirectResponse(f"/mine?made={post_id}", status.HTTP_303_SEE_OTHER)


def _tags_in(text: str, tags: list[str]) -> list[str]:
    words = {w.rstrip(".,;:!?…").casefold() for w in text.split() if w.startswith("#")}
    return [t for t in tags if "#" + t.casefold() in words]


def _save(
    request: Request,
    caller: Caller,
    post_id: int,
    texts: dict[int, str],
    tags: list[str] | None,
    resubmit: bool,
) -> None:
    """Edit each delivery whose text or the tags changed, then resubmit, in one transaction."""
    runtime = runtime_of(request)
    now = utcnow()
    with runtime.sessions.begin() as session:
        post = actions.post_or_404(session, post_id)
        tags_changed = tags is not None and [t.lstrip("#") for t in tags] != list(post.hashtags)
        for delivery in list(post.deliveries):
            text = texts.get(delivery.id)
            if text is None:
                continue
            if text.strip() == post.summary.strip() and not tags_changed:
                continue
            actions.edit_delivery(
                session,
                delivery.id,
                actor=caller.as_actor(),
                account_for=runtime.account,
                limits_for=runtime.limits_for,
                text=text,
                # unchanged tags: keep the ones this account's post carries now, not every
                # candidate the engine ranked for the post
                hashtags=tags if tags_changed else _tags_in(delivery.text, post.hashtags),
                now=now,
            )
        if resubmit:
            approvals.resubmit(session, post_id, actor=caller.as_actor(), now=now)
