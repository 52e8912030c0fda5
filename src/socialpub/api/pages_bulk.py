"""Many posts at once: upload a CSV that becomes drafts (with a readable report of the rows it
refused), and recurring posts (the same post every day, week, two weeks or month until a date,
in local wall time across DST). Both are the delivery service's ``bulk`` and ``recurring``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, get_args

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.endpoints_bulk import fetchers
from socialpub.api.pages_common import form_needs, needs, render, viewer_zone
from socialpub.delivery import bulk, recurring, service
from socialpub.delivery.errors import ActionError, Invalid
from socialpub.delivery.permissions import waits_for_approval
from socialpub.delivery.when import parse_when
from socialpub.runtime import Runtime
from socialpub.settings import ConfigError
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

router = APIRouter()
Staff = Annotated[Caller, Depends(needs(Role.STAFF))]
StaffForm = Annotated[Caller, Depends(form_needs(Role.STAFF))]
MAX_CSV = 2_000_000
EVERY = get_args(recurring.Every)


def _page(
    request: Request,
    caller: Caller,
    *,
    report: bulk.ImportReport | None = None,
    problem: str | None = None,
    code: int = 200,
) -> Response:
    return render(
        request,
        "compose/many.html",
        {
            "report": report,
            "problem": problem,
            "accounts": sorted(runtime_of(request).settings.accounts),
            "every": EVERY,
            "columns": bulk.COLUMNS,
        },
        caller=caller,
        status_code=code,
    )


@router.get("/import")
def many_page(request: Request, caller: Staff) -> Response:
    return _page(request, caller)


def _import(runtime: Runtime, caller: Caller, data: bytes, tz: str) -> bulk.ImportReport:
    article, picture = fetchers(runtime)
    return bulk.import_csv(
        runtime.sessions,
        data,
        actor=caller.as_actor(),
        tz=tz,
        now=utcnow(),
        known_accounts=runtime.settings.accounts,
        account_for=runtime.account,
        limits_for=runtime.limits_for,
        fetch_article=article,
        fetch_image=picture,
        max_accounts=runtime.settings.max_accounts_per_post,
    )


@router.post("/import")
async def upload_csv(request: Request, caller: StaffForm) -> Response:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, caller, problem="choose a CSV file", code=422)
    data = await upload.read(MAX_CSV + 1)
    if len(data) > MAX_CSV:
        return _page(request, caller, problem="the file is larger than 2 MB", code=413)
    tz = viewer_zone(request, caller)
    try:
        report = await run_in_threadpool(_import, runtime_of(request), caller, data, tz)
    except ActionError as exc:
        return _page(request, caller, problem=str(exc), code=422)
    return _page(request, caller, report=report)


@router.post("/recurring")
async def create_recurring(request: Request, caller: StaffForm) -> Response:
    form = await request.form()

    def field(name: str, limit: int = 200) -> str:
        value = form.get(name)
        return value[:limit] if isinstance(value, str) else ""

    accounts = [v for v in form.getlist("accounts") if isinstance(v, str)][:20]
    chosen = field("every")
    try:
        if chosen not in EVERY:
            raise Invalid("choose how often")
        every: recurring.Every = chosen  # type: ignore[assignment]
        post_ids = await run_in_threadpool(
            _series,
            runtime_of(request),
            caller,
            viewer_zone(request, caller),
            field("text", 100_000),
            accounts,
            field("first", 40),
            every,
            field("until", 20),
        )
    except (ActionError, ConfigError, ValueError) as exc:
        return _page(request, caller, problem=str(exc), code=422)
    return RedirectResponse(f"/mine?made={post_ids[0]}", status.HTTP_303_SEE_OTHER)


def _series(
    runtime: Runtime,
    caller: Caller,
    tz: str,
    text: str,
    accounts: list[str],
    first_text: str,
    every: recurring.Every,
    until_text: str,
) -> list[int]:
    now = utcnow()
    if not text.strip():
        raise Invalid("write the post's text")
    if not accounts:
        raise Invalid("pick at least one account")
    first = parse_when(first_text, tz, now=now)
    until = date.fromisoformat(until_text)
    times = recurring.occurrences(first, tz, every, until)
    template = service.ComposeRequest(
        raw=text,
        accounts=[runtime.account(n) for n in dict.fromkeys(accounts)],
        when=first,
        tz=tz,
        author=caller.actor,
        source_kind="web",
        draft=waits_for_approval(
            caller.as_actor(), require_approval=runtime.settings.require_approval
        ),
    )
    with runtime.sessions.begin() as session:
        made = recurring.create_series(
            session,
            template,
            times,
            runtime.limits_for,
            actor=caller.as_actor(),
            every=every,
            now=now,
            max_accounts=runtime.settings.max_accounts_per_post,
        )
        return made.post_ids
