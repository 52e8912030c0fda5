"""Feeds (admins): the feeds whose new entries become posts; add one, remove one. The rules
(admin only, http(s) URLs without credentials, a configured account) are ``feeds_admin``'s."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import RedirectResponse, Response

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.pages_common import form_needs, needs, render
from socialpub.delivery import feeds_admin
from socialpub.delivery.errors import ActionError
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]
AdminForm = Annotated[Caller, Depends(form_needs(Role.ADMIN))]


def _page(
    request: Request, caller: Caller, problem: str | None = None, code: int = 200
) -> Response:
    runtime = runtime_of(request)
    with runtime.sessions() as session:
        return render(
            request,
            "people/feeds.html",
            {
                "feeds": feeds_admin.feeds(session, actor=caller.as_actor()),
                "accounts": sorted(runtime.settings.accounts),
                "problem": problem,
                "done": request.query_params.get("done"),
            },
            caller=caller,
            status_code=code,
        )


@router.get("/feeds")
def feeds_page(request: Request, caller: Admin) -> Response:
    return _page(request, caller)


@router.post("/feeds")
def add_feed(
    request: Request,
    caller: AdminForm,
    url: Annotated[str, Form(max_length=2000)],
    account: Annotated[str, Form(max_length=120)],
    drafts: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    runtime = runtime_of(request)
    try:
        with runtime.sessions.begin() as session:
            feeds_admin.add(
                session,
                url,
                account,
                actor=caller.as_actor(),
                configured=account in runtime.settings.accounts,
                state="draft" if drafts else "scheduled",
            )
    except ActionError as exc:
        return _page(request, caller, str(exc), 422)
    return RedirectResponse("/feeds?done=added", status.HTTP_303_SEE_OTHER)


@router.post("/feeds/{feed_id}/remove")
def remove_feed(request: Request, feed_id: int, caller: AdminForm) -> Response:
    with runtime_of(request).sessions.begin() as session:
        feeds_admin.remove(session, feed_id, actor=caller.as_actor())
    return RedirectResponse("/feeds?done=removed", status.HTTP_303_SEE_OTHER)
