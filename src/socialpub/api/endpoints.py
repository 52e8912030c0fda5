"""REST under /api: thin handlers over the delivery service; the service owns the rules.

Composing and the waiting list live here; the actions on posts and deliveries, the admin
operations and history/audit/export each have their own module, included below. Service errors
(``delivery.errors``, ``PermissionDenied``) become one-line answers in ``api/errors.py``.
"""

from __future__ import annotations

import base64
import binascii

from fastapi import APIRouter, HTTPException, Request, status

from socialpub.api import endpoints_actions, endpoints_admin, endpoints_bulk, endpoints_history
from socialpub.api.auth import runtime_of
from socialpub.api.offload import Budget, BudgetExceeded, within_budget
from socialpub.api.params import ApproverActor, Id, NameQ, StaffActor
from socialpub.api.schemas import ComposeIn, DeliveryOut, PostOut, PreviewIn
from socialpub.delivery import service
from socialpub.delivery.media import MediaError, image
from socialpub.delivery.permissions import Actor, waits_for_approval
from socialpub.delivery.when import parse_when
from socialpub.runtime import Runtime
from socialpub.settings import ConfigError
from socialpub.store.models import utcnow

router = APIRouter(prefix="/api")


@router.post("/posts", status_code=status.HTTP_201_CREATED)
async def create_post(body: ComposeIn, request: Request, actor: StaffActor) -> PostOut:
    """Compose a post: one delivery per account (each account once), scheduled for ``at``.

    With ``require_approval`` what staff compose waits as a draft for an approver. Composes in
    the compose pool within ``compose_budget_seconds`` (see ``offload``)."""
    runtime = runtime_of(request)
    budget = runtime.settings.compose_budget_seconds
    try:
        return await within_budget(budget, lambda b: _create_post(body, runtime, actor, b))
    except BudgetExceeded as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"composing this post {exc}; nothing was saved (try a shorter text)",
        ) from exc


def _create_post(body: ComposeIn, runtime: Runtime, actor: Actor, budget: Budget) -> PostOut:
    settings = runtime.settings
    zone = body.tz or settings.timezone
    now = utcnow()
    try:
        accounts = [runtime.account(name) for name in dict.fromkeys(body.accounts)]
        media = tuple(
            image(i.filename, base64.b64decode(i.data_base64, validate=True), i.alt_text)
            for i in body.images
        )
    except (ConfigError, MediaError, binascii.Error) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    compose_request = service.ComposeRequest(
        raw=body.text,
        accounts=accounts,
        when=parse_when(body.at, zone, now=now),
        tz=zone,
        author=actor.name,
        fmt=body.format,
        source_kind="api",
        link=body.link,
        draft=body.draft or waits_for_approval(actor, require_approval=settings.require_approval),
        priority=10 if body.urgent else 0,
        allow_duplicate=body.allow_duplicate,
        allow_past=body.allow_past,
        not_before=parse_when(body.not_before, zone, now=now) if body.not_before else None,
        now=now,
        media=media,
        first_comment=body.first_comment,
        first_comment_delay_seconds=body.first_comment_delay_seconds,
        campaign=body.campaign,
    )
    with runtime.sessions.begin() as session:
        post = service.create_post(
            session,
            compose_request,
            runtime.limits_for,
            actor=actor.name,
            max_accounts=settings.max_accounts_per_post,
        )
        budget.may_commit()
        return PostOut(
            post_id=post.id,
            deliveries=[DeliveryOut.model_validate(d) for d in post.deliveries],
            first_comment=post.first_comment,
            first_comment_delay_seconds=post.first_comment_delay_seconds,
        )


@router.post("/posts/preview")
def preview_post(body: PreviewIn, request: Request, _: StaffActor) -> dict[str, object]:
    """What each account's post would be, the link card its platform shows (``no card`` with
    the reason when the page cannot be read) and the first comment; nothing is stored."""
    from dataclasses import asdict

    from socialpub.delivery import preview as previewing
    from socialpub.feeds import fetch_policy

    runtime = runtime_of(request)
    try:
        accounts = [runtime.account(name) for name in dict.fromkeys(body.accounts)]
    except ConfigError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    shown = previewing.preview(
        body.text,
        body.format,
        accounts,
        runtime.limits_for,
        link=body.link,
        hashtags=body.hashtags,
        first_comment=body.first_comment,
        first_comment_delay_seconds=body.first_comment_delay_seconds,
        campaign=body.campaign,
        card_policy=fetch_policy(runtime.settings) if body.card else None,
    )
    out = asdict(shown) | {"ok": shown.ok}
    for account, seen in zip(out["accounts"], shown.accounts, strict=True):
        account["card"] = seen.card.as_dict() if seen.card else None
    return out


@router.post("/posts/{post_id}/retract")
def retract(post_id: Id, request: Request, caller: ApproverActor) -> dict[str, object]:
    """Delete a published post from every platform it reached (idempotent, audited)."""
    from dataclasses import asdict

    from socialpub.delivery.retract import NoSuchPost, retract_post

    try:
        report = retract_post(runtime_of(request), post_id, actor=caller.name)
    except NoSuchPost as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    return asdict(report) | {"ok": report.ok}


@router.get("/deliveries/{delivery_id}/metrics")
def delivery_metrics(delivery_id: Id, request: Request, _: StaffActor) -> list[dict[str, object]]:
    """The public counts read for a published delivery (1 h, 1 d, 7 d), oldest first."""
    from socialpub.delivery.metrics import history

    return list(history(runtime_of(request), [delivery_id])[delivery_id])


@router.get("/deliveries")
def queue(request: Request, _: StaffActor, account: NameQ = None) -> list[DeliveryOut]:
    """Deliveries waiting: drafts, scheduled, queued, retrying, held, unknown (each with its
    ``id`` and its ``post_id``)."""
    with runtime_of(request).sessions() as session:
        return [DeliveryOut.model_validate(d) for d in service.waiting(session, account)]


router.include_router(endpoints_bulk.router)  # before /posts/{post_id}
router.include_router(endpoints_actions.router)
router.include_router(endpoints_admin.router)
router.include_router(endpoints_history.router)
