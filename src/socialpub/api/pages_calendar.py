"""The calendar: a week or a month of deliveries per account in the viewer's zone. A post is
moved by dragging it to another day (month) or another day and hour (week, one row an hour;
``/static/app.js``) or, without a mouse, with the small form under each post; both go through
the delivery service's reschedule and are audited with the person's name."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import RedirectResponse, Response

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.page_filters import text_param
from socialpub.api.pages_common import form_needs, needs, render, viewer_zone
from socialpub.delivery import actions, calendar
from socialpub.delivery.errors import ActionError
from socialpub.delivery.permissions import PermissionDenied
from socialpub.delivery.when import WhenError, localize, parse_when, zone
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

router = APIRouter()
# the week's hour rows: these at least, and more when a post sits earlier or later
FIRST_HOUR, LAST_HOUR = 6, 22
Staff = Annotated[Caller, Depends(needs(Role.STAFF))]
StaffForm = Annotated[Caller, Depends(form_needs(Role.STAFF))]


def _start_of(view: str, day: date) -> tuple[date, date]:
    """The first day shown and the day after the last: a Monday-to-Sunday week, or the whole
    weeks that cover a month."""
    if view == "month":
        first = day.replace(day=1)
        next_month = (first + timedelta(days=32)).replace(day=1)
        start = first - timedelta(days=first.weekday())
        end = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
        return start, end
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=7)


@router.get("/calendar")
def calendar_page(request: Request, caller: Staff) -> Response:
    runtime = runtime_of(request)
    tz_name = viewer_zone(request, caller)
    tz = zone(tz_name)
    view = "month" if request.query_params.get("view") == "month" else "week"
    raw_day = request.query_params.get("day", "")
    try:
        day = date.fromisoformat(raw_day) if raw_day else utcnow().astimezone(tz).date()
    except ValueError:
        day = utcnow().astimezone(tz).date()
    account = text_param(request, "account")
    start, end = _start_of(view, day)
    start_at = localize(datetime.combine(start, time()), tz)
    end_at = localize(datetime.combine(end, time()), tz)
    by_day: dict[date, list[object]] = defaultdict(list)
    by_hour: dict[tuple[date, int], list[object]] = defaultdict(list)
    with runtime.sessions() as session:
        for d in calendar.between(session, start_at, end_at, account=account):
            local = calendar.at(d).astimezone(tz)
            by_day[local.date()].append(d)
            by_hour[(local.date(), local.hour)].append(d)
        used = [hour for _, hour in by_hour]
        hours = range(min([FIRST_HOUR, *used]), max([LAST_HOUR, *used]) + 1)
        days = [start + timedelta(days=i) for i in range((end - start).days)]
        weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
        step = timedelta(days=7) if view == "week" else timedelta(days=31)
        return render(
            request,
            "calendar/calendar.html",
            {
                "view": view,
                "day": day,
                "weeks": weeks,
                "by_day": by_day,
                "by_hour": by_hour,
                "hours": hours,
                "account": account or "",
                "accounts": sorted(runtime.settings.accounts),
                "prev": (day - step).isoformat()
                if view == "week"
                else (day.replace(day=1) - timedelta(days=1)).isoformat(),
                "next": (day + step).isoformat()
                if view == "week"
                else (day.replace(day=28) + timedelta(days=5)).isoformat(),
                "today": utcnow().astimezone(tz).date(),
                "movable": calendar.movable,
                "at": calendar.at,
                "tz_obj": tz,
                "problem": request.query_params.get("problem"),
                "moved": request.query_params.get("moved"),
            },
            caller=caller,
        )


@router.post("/calendar/move/{delivery_id}")
def move(
    request: Request,
    delivery_id: int,
    caller: StaffForm,
    at: Annotated[str, Form(max_length=40)],
    back: Annotated[str, Form(max_length=300)] = "/calendar",
) -> Response:
    runtime = runtime_of(request)
    tz = viewer_zone(request, caller)
    now = utcnow()
    target = back if back.startswith("/calendar") else "/calendar"
    joiner = "&" if "?" in target else "?"
    try:
        when = parse_when(at, tz, now=now)
        with runtime.sessions.begin() as session:
            actions.reschedule_delivery(
                session, delivery_id, when, tz, actor=caller.as_actor(), now=now
            )
    except (ActionError, PermissionDenied, WhenError) as exc:
        from urllib.parse import quote

        return RedirectResponse(
            f"{target}{joiner}problem={quote(str(exc)[:300])}", status.HTTP_303_SEE_OTHER
        )
    return RedirectResponse(f"{target}{joiner}moved={delivery_id}", status.HTTP_303_SEE_OTHER)
