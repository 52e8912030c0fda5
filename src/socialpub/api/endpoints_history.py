"""REST for history and the audit log: filters, pages, exports.

``since`` and ``until`` take a date (``2026-11-30``, midnight UTC) or an ISO 8601 time, as the
CLI does. History shows and filters on the publish time.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from socialpub.api.auth import runtime_of
from socialpub.api.params import (
    MAX_ID,
    AdminActor,
    Limit,
    NameQ,
    Offset,
    StaffActor,
    TextQ,
    TimeQ,
    instant,
)
from socialpub.api.schemas import DeliveryOut
from socialpub.api.schemas_actions import AuditEventOut, AuditPage, DeliveryPage
from socialpub.delivery import exports, queries
from socialpub.delivery.permissions import check_operate

router = APIRouter()
OptId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


P = TypeVar("P", bound=BaseModel)


def _page_out(page_cls: type[P], item_cls: type[BaseModel], page: queries.Page[Any]) -> P:
    """One page of rows as the API answers it: the items, the total and where the next starts."""
    return page_cls(
        items=[item_cls.model_validate(row) for row in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
        next_offset=page.next_offset,
    )


# The filter parameters are declared once, as dependencies, and shared by the list, page and
# export endpoints; the exports take no ids, so the ids come from a second dependency.
def _shared_filter(
    account: NameQ = None,
    platform: NameQ = None,
    since: TimeQ = None,
    until: TimeQ = None,
    text: TextQ = None,
) -> dict[str, Any]:
    """The filters history and the audit log have in common."""
    return {
        "account": account,
        "platform": platform,
        "since": instant(since, "since"),
        "until": instant(until, "until"),
        "text": text,
    }


Shared = Annotated[dict[str, Any], Depends(_shared_filter)]


def _history_filter(
    shared: Shared, state: NameQ = None, author: NameQ = None
) -> queries.HistoryFilter:
    return queries.HistoryFilter(state=state, author=author, **shared)


HistoryQ = Annotated[queries.HistoryFilter, Depends(_history_filter)]


def _history_filter_by_post(f: HistoryQ, post_id: OptId = None) -> queries.HistoryFilter:
    return replace(f, post_id=post_id)


HistoryByPostQ = Annotated[queries.HistoryFilter, Depends(_history_filter_by_post)]


@router.get("/history")
def history(
    request: Request, _: StaffActor, f: HistoryByPostQ, limit: Limit = 100, offset: Offset = 0
) -> list[DeliveryOut]:
    """Published, failed, cancelled, unknown and retrying deliveries, newest publish first.

    The same rows as ``/history/page`` without the page information (kept for old clients)."""
    with runtime_of(request).sessions() as session:
        page = queries.history_page(session, f, limit=limit, offset=offset)
        return [DeliveryOut.model_validate(d) for d in page.items]


@router.get("/history/page")
def history_page(
    request: Request, _: StaffActor, f: HistoryByPostQ, limit: Limit = 50, offset: Offset = 0
) -> DeliveryPage:
    """One page of history with the total and the next page's offset."""
    with runtime_of(request).sessions() as session:
        page = queries.history_page(session, f, limit=limit, offset=offset)
        return _page_out(DeliveryPage, DeliveryOut, page)


@router.get("/history/export")
def history_export(
    request: Request,
    actor: AdminActor,
    f: HistoryQ,
    format: Literal["csv", "json"] = "csv",
) -> Response:
    """History as CSV or JSON; the first columns are the ones the CSV import reads."""
    check_operate(actor, "exporting history")
    with runtime_of(request).sessions() as session:
        rows = queries.history_all(session, f)
        if format == "json":
            return Response(exports.history_json(rows), media_type="application/json")
        return Response(
            exports.history_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="socialpub-history.csv"'},
        )


def _audit_filter(shared: Shared, actor: NameQ = None, kind: NameQ = None) -> queries.AuditFilter:
    return queries.AuditFilter(actor=actor, kind=kind, **shared)


AuditQ = Annotated[queries.AuditFilter, Depends(_audit_filter)]


def _audit_filter_by_id(
    f: AuditQ, delivery: OptId = None, post_id: OptId = None
) -> queries.AuditFilter:
    return replace(f, delivery_id=delivery, post_id=post_id)


AuditByIdQ = Annotated[queries.AuditFilter, Depends(_audit_filter_by_id)]


@router.get("/audit")
def audit_log(
    request: Request, admin: AdminActor, f: AuditByIdQ, limit: Limit = 200, offset: Offset = 0
) -> list[AuditEventOut]:
    """Audit events, newest first; one delivery's (``delivery=ID``) oldest first."""
    check_operate(admin, "the audit log")
    with runtime_of(request).sessions() as session:
        page = queries.audit_page(
            session, f, limit=limit, offset=offset, oldest_first=f.delivery_id is not None
        )
        return [AuditEventOut.model_validate(e) for e in page.items]


@router.get("/audit/page")
def audit_page(
    request: Request, admin: AdminActor, f: AuditByIdQ, limit: Limit = 50, offset: Offset = 0
) -> AuditPage:
    check_operate(admin, "the audit log")
    with runtime_of(request).sessions() as session:
        page = queries.audit_page(session, f, limit=limit, offset=offset)
        return _page_out(AuditPage, AuditEventOut, page)


@router.get("/audit/export")
def audit_export(request: Request, admin: AdminActor, f: AuditQ) -> Response:
    """The audit log as JSON Lines, oldest first."""
    check_operate(admin, "exporting the audit log")
    with runtime_of(request).sessions() as session:
        return Response(
            exports.audit_jsonl(queries.audit_all(session, f)),
            media_type="application/x-ndjson",
            headers={"Content-Disposition": 'attachment; filename="socialpub-audit.jsonl"'},
        )
