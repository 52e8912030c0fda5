"""History (admins): every finished delivery with filters and pages, when it went out and its
link; CSV and JSON exports of exactly what the filters match (``delivery.exports``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.page_filters import PER_PAGE, list_context, page_number, read_filter
from socialpub.api.pages_common import download, needs, render, viewer_zone
from socialpub.delivery import exports, queries
from socialpub.people import service as people
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]


def history_filter(request: Request, caller: Caller) -> queries.HistoryFilter:
    return read_filter(
        request,
        viewer_zone(request, caller),
        queries.HistoryFilter,
        texts=("account", "platform", "state", "author", "text"),
        ids={"post_id": "post"},
    )


@router.get("/history")
def history_page(request: Request, caller: Admin) -> Response:
    runtime = runtime_of(request)
    f = history_filter(request, caller)
    number = page_number(request)
    with runtime.sessions() as session:
        found = queries.history_page(session, f, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
        authors = [u.actor for u in people.everyone(session)]
        return render(
            request,
            "history/history.html",
            {
                "rows": found.items,
                **list_context(request, runtime.settings.accounts, number, found.total),
                "platforms": sorted({a["platform"] for a in runtime.settings.accounts.values()}),
                "states": [s.value for s in queries.DONE],
                "authors": authors,
            },
            caller=caller,
        )


@router.get("/history/export.csv")
def export_csv(request: Request, caller: Admin) -> Response:
    f = history_filter(request, caller)
    with runtime_of(request).sessions() as session:
        body = exports.history_csv(queries.history_all(session, f))
    return download(body, "text/csv; charset=utf-8", "socialpub-history.csv")


@router.get("/history/export.json")
def export_json(request: Request, caller: Admin) -> Response:
    f = history_filter(request, caller)
    with runtime_of(request).sessions() as session:
        body = exports.history_json(queries.history_all(session, f))
    return download(body, "application/json", "socialpub-history.json")
