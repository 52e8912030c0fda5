"""The audit log (admins): filters, pages, and a JSON Lines export of what the filters match."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.page_filters import (
    PER_PAGE,
    Page,
    day_param,
    int_param,
    page_number,
    query_without,
    text_param,
)
from socialpub.api.pages_common import needs, render, viewer_zone
from socialpub.delivery import exports, queries
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]


def audit_filter(request: Request, caller: Caller) -> queries.AuditFilter:
    tz = viewer_zone(request, caller)
    return queries.AuditFilter(
        actor=text_param(request, "actor"),
        kind=text_param(request, "kind"),
        account=text_param(request, "account"),
        platform=text_param(request, "platform"),
        delivery_id=int_param(request, "delivery"),
        post_id=int_param(request, "post"),
        since=day_param(request, "from", tz),
        until=day_param(request, "to", tz, end=True),
        text=text_param(request, "text"),
    )


@router.get("/audit")
def audit_page(request: Request, caller: Admin) -> Response:
    runtime = runtime_of(request)
    f = audit_filter(request, caller)
    number = page_number(request)
    one_story = f.delivery_id is not None or f.post_id is not None
    with runtime.sessions() as session:
        found = queries.audit_page(
            session, f, limit=PER_PAGE, offset=(number - 1) * PER_PAGE, oldest_first=one_story
        )
        return render(
            request,
            "audit/audit.html",
            {
                "events": found.items,
                "page": Page(number, found.total),
                "f": request.query_params,
                "accounts": sorted(runtime.settings.accounts),
                "pager": query_without(request, "page"),
                "export": query_without(request, "page"),
            },
            caller=caller,
        )


@router.get("/audit/export.jsonl")
def export_jsonl(request: Request, caller: Admin) -> Response:
    f = audit_filter(request, caller)
    with runtime_of(request).sessions() as session:
        body = exports.audit_jsonl(queries.audit_all(session, f))
    return Response(
        body,
        media_type="application/jsonl; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="socialpub-audit.jsonl"'},
    )
