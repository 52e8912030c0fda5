"""History (admins): every delivery with filters and pages, when it went out and its link;
CSV and JSON exports of exactly what the filters show."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.page_filters import Page, day_param, page_number, query_without, text_param
from socialpub.api.pages_common import needs, render, safe_url, viewer_zone
from socialpub.delivery import listing
from socialpub.delivery.states import State
from socialpub.store.models import Delivery
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]
COLUMNS = (
    "delivery_id",
    "post_id",
    "account",
    "platform",
    "state",
    "author",
    "scheduled_at",
    "scheduled_tz",
    "published_at",
    "remote_id",
    "remote_url",
    "attempts",
    "text",
    "last_error",
)


def history_filter(request: Request, caller: Caller) -> listing.HistoryFilter:
    tz = viewer_zone(request, caller)
    state = text_param(request, "state")
    return listing.HistoryFilter(
        account=text_param(request, "account"),
        platform=text_param(request, "platform"),
        state=state if state in {s.value for s in State} else None,
        author=text_param(request, "author"),
        since=day_param(request, "from", tz),
        until=day_param(request, "to", tz, end=True),
        text=text_param(request, "text"),
    )


def row(d: Delivery) -> dict[str, Any]:
    return {
        "delivery_id": d.id,
        "post_id": d.post_id,
        "account": d.account,
        "platform": d.platform,
        "state": d.state,
        "author": d.post.author,
        "scheduled_at": d.scheduled_at.isoformat(),
        "scheduled_tz": d.scheduled_tz,
        "published_at": d.published_at.isoformat() if d.published_at else None,
        "remote_id": d.remote_id,
        "remote_url": safe_url(d.remote_url),
        "attempts": d.attempts,
        "text": d.text,
        "last_error": d.last_error,
    }


@router.get("/history")
def history_page(request: Request, caller: Admin) -> Response:
    runtime = runtime_of(request)
    f = history_filter(request, caller)
    number = page_number(request)
    with runtime.sessions() as session:
        rows, total = listing.history(session, f, offset=(number - 1) * Page(1, 0).per_page)
        return render(
            request,
            "history/history.html",
            {
                "rows": rows,
                "page": Page(number, total),
                "f": request.query_params,
                "accounts": sorted(runtime.settings.accounts),
                "platforms": sorted({a["platform"] for a in runtime.settings.accounts.values()}),
                "states": [s.value for s in State],
                "pager": query_without(request, "page"),
                "export": query_without(request, "page"),
            },
            caller=caller,
        )


def _csv(rows: list[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for item in rows:
        # a cell starting with = + - @ is a formula to a spreadsheet: quote it as text
        writer.writerow(
            {k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in item.items()}
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@router.get("/history/export.csv")
def export_csv(request: Request, caller: Admin) -> Response:
    f = history_filter(request, caller)
    with runtime_of(request).sessions() as session:
        rows = [row(d) for d in listing.history_all(session, f)]
    return StreamingResponse(
        _csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="socialpub-history.csv"'},
    )


@router.get("/history/export.json")
def export_json(request: Request, caller: Admin) -> Response:
    f = history_filter(request, caller)
    with runtime_of(request).sessions() as session:
        rows = [row(d) for d in listing.history_all(session, f)]
    return Response(
        json.dumps(rows, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="socialpub-history.json"'},
    )
