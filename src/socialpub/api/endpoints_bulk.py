"""REST for many posts at once: a CSV import that makes drafts, and recurring posts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query, Request, status

from socialpub.api.auth import runtime_of
from socialpub.api.offload import Budget, BudgetExceeded, within_budget
from socialpub.api.params import StaffActor
from socialpub.api.schemas_actions import (
    ImportReportOut,
    ImportRowOut,
    RecurringIn,
    RecurringOut,
)
from socialpub.compose.extract import Format
from socialpub.compose.sources import fetch, fetch_article
from socialpub.delivery import bulk, recurring, service
from socialpub.delivery.errors import Invalid
from socialpub.delivery.permissions import Actor, waits_for_approval
from socialpub.delivery.when import parse_when
from socialpub.feeds import fetch_policy
from socialpub.runtime import Runtime
from socialpub.store.models import utcnow

router = APIRouter()
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
CsvBody = Annotated[bytes, Body(media_type="text/csv", description="The CSV file, UTF-8.")]


def fetchers(runtime: Runtime) -> tuple[bulk.FetchArticle, bulk.FetchImage]:
    """Article and image fetching through the safe fetcher (private addresses refused)."""
    policy = fetch_policy(runtime.settings)

    def article(url: str) -> tuple[str, Format, str]:
        return fetch_article(url, policy)

    def picture(url: str) -> bytes:
        return fetch(url, policy, accept=IMAGE_TYPES).body

    return article, picture


@router.post("/posts/import")
def import_csv(
    data: CsvBody,
    request: Request,
    actor: StaffActor,
    tz: Annotated[str | None, Query(max_length=64)] = None,
    allow_past: bool = False,
) -> ImportReportOut:
    """Each good row becomes a draft post; the report names every rejected row and why.

    Columns: text or link, accounts, time, image_url, alt_text (a history export's first ones)."""
    runtime = runtime_of(request)
    article, picture = fetchers(runtime)
    report = bulk.import_csv(
        runtime.sessions,
        data,
        actor=actor,
        tz=tz or runtime.settings.timezone,
        now=utcnow(),
        known_accounts=runtime.settings.accounts,
        account_for=runtime.account,
        limits_for=runtime.limits_for,
        fetch_article=article,
        fetch_image=picture,
        allow_past=allow_past,
        max_accounts=runtime.settings.max_accounts_per_post,
    )
    rows = [
        ImportRowOut(row=r.row, ok=r.ok, post_id=r.post_id, problem=r.problem) for r in report.rows
    ]
    return ImportReportOut(
        created=report.created, rejected=[r for r in rows if not r.ok], rows=rows
    )


@router.post("/posts/recurring", status_code=status.HTTP_201_CREATED)
async def create_recurring(body: RecurringIn, request: Request, actor: StaffActor) -> RecurringOut:
    """The same post every day, week, two weeks or month until ``until`` (local wall time,
    across DST); each occurrence is an ordinary post. Composed in the compose pool within
    ``compose_budget_seconds``, all or nothing."""
    runtime = runtime_of(request)
    budget = runtime.settings.compose_budget_seconds
    try:
        return await within_budget(budget, lambda b: _create_recurring(body, runtime, actor, b))
    except BudgetExceeded as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"composing this series {exc}; nothing was saved (fewer occurrences or shorter text)",
        ) from exc


def _create_recurring(
    body: RecurringIn, runtime: Runtime, actor: Actor, budget: Budget
) -> RecurringOut:
    settings = runtime.settings
    zone = body.tz or settings.timezone
    now = utcnow()
    try:
        first = parse_when(body.first, zone, now=now)
        until = date.fromisoformat(body.until[:10])
        accounts = [runtime.account(name) for name in dict.fromkeys(body.accounts)]
    except ValueError as exc:  # WhenError, ConfigError and a bad date are all ValueErrors
        raise Invalid(str(exc)) from exc
    times = recurring.occurrences(first, zone, body.every, until)
    request_template = service.ComposeRequest(
        raw=body.text,
        accounts=accounts,
        when=first,
        tz=zone,
        author=actor.name,
        fmt=body.format,
        source_kind="api",
        link=body.link,
        draft=body.draft or waits_for_approval(actor, require_approval=settings.require_approval),
    )
    with runtime.sessions.begin() as session:
        made = recurring.create_series(
            session,
            request_template,
            times,
            runtime.limits_for,
            actor=actor,
            every=body.every,
            now=now,
            max_accounts=settings.max_accounts_per_post,
        )
        budget.may_commit()
    return RecurringOut(series=made.series, post_ids=made.post_ids, times=made.times)
