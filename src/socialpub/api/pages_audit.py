"""The audit log (admins): filters, pages, and a JSON Lines export of what the filters match."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse

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
from socialpub.delivery import listing
from socialpub.runtime import Runtime
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]


def audit_filter(request: Request, caller: Caller) -> listing.AuditFilter:
    tz = viewer_zone(request, caller)
    subject_id = int_param(request, "subject_id")
    # the old link form /audit?delivery=N still works
    delivery = int_param(request, "delivery")
    return listing.AuditFilter(
        actor=text_param(request, "actor"),
        kind=text_param(request, "kind"),
        subject_type=text_param(request, "subject_type") or ("delivery" if delivery else None),
        subject_id=subject_id if subject_id is not None else delivery,
        since=day_param(request, "from", tz),
        until=day_param(request, "to", tz, end=True),
        text=text_param(request, "text"),
    )


@router.get("/audit")
def audit_page(request: Request, caller: Admin) -> Response:
    f = audit_filter(request, caller)
    number = page_number(request)
    with runtime_of(request).sessions() as session:
        events, total = listing.audit_events(session, f, offset=(number - 1) * PER_PAGE)
        return render(
            request,
            "audit/audit.html",
            {
                "events": events,
                "page": Page(number, total),
                "f": request.query_params,
                "pager": query_without(request, "page"),
                "export": query_without(request, "page"),
            },
            caller=caller,
        )


def _lines(runtime: Runtime, f: listing.AuditFilter) -> Iterator[str]:
    with runtime.sessions() as session:
        for e in listing.audit_all(session, f):
            yield (
                json.dumps(
                    {
                        "id": e.id,
                        "at": e.at.isoformat(),
                        "actor": e.actor,
                        "subject_type": e.subject_type,
                        "subject_id": e.subject_id,
                        "kind": e.kind,
                        "details": e.details,
                    },
                    ensure_ascii=False,
                    default=str,
                )
                + "\n"
            )


@router.get("/audit/export.jsonl")
def export_jsonl(request: Request, caller: Admin) -> Response:
    f = audit_filter(request, caller)
    return StreamingResponse(
        _lines(runtime_of(request), f),
        media_type="application/jsonl; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="socialpub-audit.jsonl"'},
    )
