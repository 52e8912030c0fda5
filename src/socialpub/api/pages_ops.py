"""The status page (admins): counts by state, the oldest overdue delivery, failures in the last
hour, paused accounts and why, and the pause-all switch; resume, retry and cancel buttons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.pages_common import form_needs, needs, render
from socialpub.delivery import actions, ops, pause, queries
from socialpub.delivery.states import State
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]
AdminForm = Annotated[Caller, Depends(form_needs(Role.ADMIN))]
NEEDS_AN_ADMIN = (State.FAILED, State.UNKNOWN, State.HELD)


def _done(what: str) -> Response:
    return RedirectResponse(f"/status?done={what}", status_code=status.HTTP_303_SEE_OTHER)


@router.get("/status")
def status_page(request: Request, caller: Admin) -> Response:
    runtime = runtime_of(request)
    with runtime.sessions() as session:
        found = ops.gather_status(
            session, now=utcnow(), overdue_threshold_s=runtime.settings.overdue_alert_seconds
        )
        attention = queries.history_page(
            session, queries.HistoryFilter(states=NEEDS_AN_ADMIN), limit=50
        )
        return render(
            request,
            "ops/status.html",
            {
                "s": found,
                "attention": attention.items,
                "done": request.query_params.get("done"),
            },
            caller=caller,
        )


@router.post("/status/pause")
def pause_everything(
    request: Request, caller: AdminForm, reason: Annotated[str, Form(max_length=1000)] = ""
) -> Response:
    with runtime_of(request).sessions.begin() as session:
        pause.pause_all(session, reason, actor=caller.as_actor(), now=utcnow())
    return _done("paused")


@router.post("/status/unpause")
def unpause_everything(request: Request, caller: AdminForm) -> Response:
    with runtime_of(request).sessions.begin() as session:
        pause.unpause_all(session, actor=caller.as_actor(), now=utcnow())
    return _done("resumed")


@router.post("/status/accounts/{account}/resume")
def resume_account(request: Request, account: str, caller: AdminForm) -> Response:
    runtime = runtime_of(request)
    with runtime.sessions.begin() as session:
        ops.resume_account(
            session,
            account,
            actor=caller.as_actor(),
            now=utcnow(),
            configured=account in runtime.settings.accounts,
        )
    return _done("account-resumed")


@router.post("/status/deliveries/{delivery_id}/retry")
async def retry(
    request: Request,
    delivery_id: int,
    caller: AdminForm,
) -> Response:
    form = await request.form()
    by_hand = form.get("checked_by_hand") == "1"
    await run_in_threadpool(
        ops.retry_with_lookup,
        runtime_of(request),
        delivery_id,
        actor=caller.as_actor(),
        now=utcnow(),
        checked_by_hand=by_hand,
    )
    return _done("retried")


@router.post("/deliveries/{delivery_id}/cancel")
def cancel(
    request: Request,
    delivery_id: int,
    caller: Annotated[Caller, Depends(form_needs(Role.STAFF))],
    back: Annotated[str, Form(max_length=200)] = "/mine",
) -> Response:
    """Anyone may ask; the service decides (owners, approvers, admins; ``unknown`` admin only)."""
    with runtime_of(request).sessions.begin() as session:
        actions.cancel_delivery(session, delivery_id, actor=caller.as_actor(), reason="web")
    target = back if back.startswith("/") and not back.startswith("//") else "/mine"
    return RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)
