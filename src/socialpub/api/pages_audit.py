"""The audit log (admins): filters, pages, and a JSON Lines export of what the filters match."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.page_filters import PER_PAGE, list_context, page_number, read_filter
from socialpub.api.pages_common import download, needs, render, viewer_zone
from socialpub.delivery import exports, queries
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]


def audit_filter(request: Request, caller: Caller) -> queries.AuditFilter:
    return read_filter(
        request,
        viewer_zone(request, caller),
        queries.AuditFilter,
        texts=("actor", "kind", "account", "platform", "text"),
        ids={"delivery_id": "delivery", "post_id": "post"},
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
                **list_context(request, runtime.settings.accounts, number, found.total),
            },
            caller=caller,
        )


@router.get("/audit/export.jsonl")
def export_jsonl(request: Request, caller: Admin) -> Response:
    f = audit_filter(request, caller)
    with runtime_of(request).sessions() as session:
        body = exports.audit_jsonl(queries.audit_all(session, f))
    return download(body, "application/jsonl; charset=utf-8", "socialpub-audit.jsonl")
