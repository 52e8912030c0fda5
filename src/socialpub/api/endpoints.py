"""REST under /api: thin handlers over the delivery service; the service owns the rules."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status

from socialpub import audit
from socialpub.api.auth import Caller, require, runtime_of
from socialpub.api.offload import Budget, BudgetExceeded, within_budget
from socialpub.api.schemas import AuditOut, ComposeIn, DeliveryOut, PostOut
from socialpub.delivery import service
from socialpub.delivery.media import MediaError, image
from socialpub.delivery.when import WhenError, parse_when
from socialpub.runtime import Runtime
from socialpub.settings import ConfigError
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

router = APIRouter(prefix="/api")
Staff = Annotated[Caller, Depends(require(Role.STAFF))]
Approver = Annotated[Caller, Depends(require(Role.APPROVER))]
Admin = Annotated[Caller, Depends(require(Role.ADMIN))]


@router.post("/posts", status_code=status.HTTP_201_CREATED)
async def create_post(body: ComposeIn, request: Request, caller: Staff) -> PostOut:
    """Composes in the compose pool within ``compose_budget_seconds`` (see ``offload``)."""
    runtime = runtime_of(request)
    budget = runtime.settings.compose_budget_seconds
    try:
        return await within_budget(budget, lambda b: _create_post(body, runtime, caller, b))
    except BudgetExceeded as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"composing this post {exc}; nothing was saved (try a shorter text)",
        ) from exc


def _create_post(body: ComposeIn, runtime: Runtime, caller: Caller, budget: Budget) -> PostOut:
    zone = body.tz or runtime.settings.timezone
    try:
        accounts = [runtime.account(name) for name in body.accounts]
        when = parse_when(body.at, zone, now=utcnow())
        media = tuple(
            image(i.filename, base64.b64decode(i.data_base64, validate=True), i.alt_text)
            for i in body.images
        )
    except (ConfigError, WhenError, MediaError, binascii.Error) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    # With require_approval, what staff compose waits as a draft until an approver approves it.
    draft = body.draft or (
        runtime.settings.require_approval and not caller.role.allows(Role.APPROVER)
    )
    compose_request = service.ComposeRequest(
        raw=body.text,
        accounts=accounts,
        when=when,
        tz=zone,
        author=caller.actor,
        fmt=body.format,
        source_kind="api",
        link=body.link,
        draft=draft,
        priority=10 if body.urgent else 0,
        allow_duplicate=body.allow_duplicate,
        media=media,
    )
    try:
        with runtime.sessions.begin() as session:
            post = service.create_post(
                session, compose_request, runtime.limits_for, actor=caller.actor
            )
            budget.may_commit()
            return PostOut(
                post_id=post.id, deliveries=[DeliveryOut.model_validate(d) for d in post.deliveries]
            )
    except service.DuplicateArticle as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except service.ComposeError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc


@router.post("/posts/{post_id}/approve")
def approve(post_id: int, request: Request, caller: Approver) -> dict[str, list[int]]:
    try:
        with runtime_of(request).sessions.begin() as session:
            return {"scheduled": service.approve(session, post_id, actor=caller.actor)}
    except service.ComposeError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc


@router.post("/posts/{post_id}/retract")
def retract(post_id: int, request: Request, caller: Approver) -> dict[str, object]:
    """Delete a published post from every platform it reached (idempotent, audited)."""
    from dataclasses import asdict

    from socialpub.delivery.retract import NoSuchPost, retract_post

    try:
        report = retract_post(runtime_of(request), post_id, actor=caller.actor)
    except NoSuchPost as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    return asdict(report) | {"ok": report.ok}


@router.get("/deliveries/{delivery_id}/metrics")
def delivery_metrics(delivery_id: int, request: Request, _: Staff) -> list[dict[str, object]]:
    """The public counts read for a published delivery (1 h, 1 d, 7 d), oldest first."""
    from socialpub.delivery.metrics import history

    return list(history(runtime_of(request), [delivery_id])[delivery_id])


@router.get("/deliveries")
def queue(request: Request, _: Staff, account: str | None = None) -> list[DeliveryOut]:
    with runtime_of(request).sessions() as session:
        return [DeliveryOut.model_validate(d) for d in service.waiting(session, account)]


@router.get("/history")
def history(
    request: Request, _: Staff, account: str | None = None, since: datetime | None = None
) -> list[DeliveryOut]:
    with runtime_of(request).sessions() as session:
        rows = service.history(session, account=account, since=since)
        return [DeliveryOut.model_validate(d) for d in rows]


@router.post("/deliveries/{delivery_id}/cancel")
def cancel(delivery_id: int, request: Request, caller: Staff) -> dict[str, str]:
    with runtime_of(request).sessions.begin() as session:
        delivery = service.get_delivery(session, delivery_id)
        if delivery is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no delivery {delivery_id}")
        state = delivery.state
        if not service.cancel(session, delivery_id, actor=caller.actor):
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"delivery {delivery_id} is {state} and cannot be cancelled",
            )
    return {"state": "cancelled"}


@router.get("/audit")
def audit_log(
    request: Request, _: Admin, delivery: int | None = None, limit: int = 200
) -> list[AuditOut]:
    with runtime_of(request).sessions() as session:
        events = (
            audit.events_for(session, "delivery", delivery)
            if delivery is not None
            else audit.recent(session, limit=min(limit, 1000))
        )
        return [AuditOut.model_validate(e) for e in events]
