"""REST for operating the pipeline (admin): status, resume an account, retry, pause all
publishing, feeds. ``GET /publishing`` (anyone signed in) tells pages whether to show the banner.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, status

from socialpub.api.auth import runtime_of
from socialpub.api.params import AdminActor, CleanStr, Id, StaffActor
from socialpub.api.schemas_actions import FeedIn, FeedOut, ReasonIn, ReleasedOut, RetryIn
from socialpub.delivery import feeds_admin, ops, pause
from socialpub.delivery.permissions import check_operate
from socialpub.store.models import utcnow

router = APIRouter()
AccountName = Annotated[CleanStr, Path(max_length=120)]


@router.get("/status")
def status_report(request: Request, actor: AdminActor) -> dict[str, Any]:
    """Counts by state, the oldest overdue delivery, failures in the last hour, what is paused."""
    runtime = runtime_of(request)
    check_operate(actor, "the status report")
    with runtime.sessions() as session:
        report = ops.gather_status(
            session, now=utcnow(), overdue_threshold_s=runtime.settings.overdue_alert_seconds
        )
    return report.as_json()


@router.post("/accounts/{name}/resume")
def resume_account(name: AccountName, request: Request, actor: AdminActor) -> dict[str, Any]:
    """Un-pause an account and release its held deliveries."""
    runtime = runtime_of(request)
    with runtime.sessions.begin() as session:
        was_paused, released = ops.resume_account(
            session,
            name,
            actor=actor,
            now=utcnow(),
            configured=name in runtime.settings.accounts,
        )
    return {"account": name, "was_paused": was_paused, "released": released}


@router.post("/deliveries/{delivery_id}/retry")
def retry(
    delivery_id: Id,
    request: Request,
    actor: AdminActor,
    body: Annotated[RetryIn | None, Body()] = None,
) -> dict[str, Any]:
    """Send a failed or unknown delivery again; an unknown one only after asking the platform
    (found there: recorded as published, not sent twice)."""
    reached = ops.retry_with_lookup(
        runtime_of(request),
        delivery_id,
        actor=actor,
        now=utcnow(),
        checked_by_hand=body.checked_by_hand if body else False,
    )
    return {"delivery_id": delivery_id, "state": reached.value}


@router.get("/publishing")
def publishing(request: Request, _: StaffActor) -> dict[str, Any]:
    """Whether all publishing is paused, why, by whom and since when (for the banner)."""
    with runtime_of(request).sessions() as session:
        row = pause.publishing_paused(session)
        if row is None:
            return {"paused": False}
        return {"paused": True, "reason": row.reason, "by": row.actor, "since": row.since}


@router.post("/publishing/pause")
def pause_all(body: ReasonIn, request: Request, actor: AdminActor) -> dict[str, Any]:
    """Stop all publishing: workers hold due deliveries until resumed."""
    with runtime_of(request).sessions.begin() as session:
        row = pause.pause_all(session, body.reason, actor=actor, now=utcnow())
        return {"paused": True, "reason": row.reason, "by": row.actor, "since": row.since}


@router.post("/publishing/resume")
def unpause_all(request: Request, actor: AdminActor) -> ReleasedOut:
    """Resume publishing; the deliveries the pause held are released once each."""
    with runtime_of(request).sessions.begin() as session:
        return ReleasedOut(released=pause.unpause_all(session, actor=actor, now=utcnow()))


@router.get("/feeds")
def list_feeds(request: Request, actor: AdminActor) -> list[FeedOut]:
    with runtime_of(request).sessions() as session:
        return [FeedOut.model_validate(f) for f in feeds_admin.feeds(session, actor=actor)]


@router.post("/feeds", status_code=status.HTTP_201_CREATED)
def add_feed(body: FeedIn, request: Request, actor: AdminActor) -> FeedOut:
    runtime = runtime_of(request)
    with runtime.sessions.begin() as session:
        feed = feeds_admin.add(
            session,
            body.url,
            body.account,
            actor=actor,
            configured=body.account in runtime.settings.accounts,
            state=body.state,
            backfill=body.backfill,
        )
        return FeedOut.model_validate(feed)


@router.delete("/feeds/{feed_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_feed(feed_id: Id, request: Request, actor: AdminActor) -> None:
    with runtime_of(request).sessions.begin() as session:
        feeds_admin.remove(session, feed_id, actor=actor)
