"""What every page shares: templates, the signed-in person, role and CSRF checks, local times.

Pages only parse input, call a service and render; the rules live in the services. A page that
needs a role raises ``SignInNeeded`` (redirect to sign-in) or a 403 that ``errors`` renders as a
styled page. Every form carries ``csrf_token``; ``form_caller`` refuses a post without it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from socialpub.api import sessions
from socialpub.api.auth import Caller, caller_for, runtime_of
from socialpub.delivery.when import WhenError, zone
from socialpub.store.tokens import Role
from socialpub.weburl import http_url

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


class SignInNeeded(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def viewer_zone(request: Request, caller: Caller | None) -> str:
    """The person's own zone, else the installation's."""
    if caller is not None and caller.timezone:
        return caller.timezone
    return runtime_of(request).settings.timezone


def local_time(value: datetime | None, tz_name: str, fmt: str = "%Y-%m-%d %H:%M") -> Markup:
    """A ``<time>`` element: the instant in the viewer's zone, machine-readable in UTC."""
    if value is None:
        return Markup("")
    try:
        tz: ZoneInfo = zone(tz_name)
    except WhenError:
        tz = ZoneInfo("UTC")
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    shown = aware.astimezone(tz).strftime(fmt)
    return Markup('<time datetime="{}">{}</time>').format(aware.astimezone(UTC).isoformat(), shown)


def local_detail(value: object, tz_name: str) -> object:
    """An audit detail as a person reads it: a stored UTC instant ("due_at=2026-12-01T02:47:00
    +00:00") in the viewer's zone like every other time on the page; anything else unchanged."""
    if isinstance(value, str) and 19 <= len(value) <= 40 and value[10:11] == "T":
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            return value
        if instant.tzinfo is not None:
            return local_time(instant, tz_name)
    return value


def safe_url(value: str | None) -> str | None:
    """Only http(s) links become links; anything else (javascript:, data:) is shown as text."""
    return http_url(value)


templates.env.filters["safe_url"] = safe_url


def pause_notice(request: Request) -> str | None:
    """The reason publishing is paused for everyone, or None. Read once per request, before the
    page opens its own session: SQLite lets one connection at a time hold a transaction, so a
    second read from inside the page's session would wait for the first to end."""
    if not hasattr(request.state, "paused"):
        from socialpub.api import pause_state

        request.state.paused = pause_state.current(runtime_of(request))
    paused: str | None = request.state.paused
    return paused


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    caller: Caller | None = None,
    status_code: int = 200,
) -> Response:
    caller = caller if caller is not None else caller_for(request)
    tz_name = viewer_zone(request, caller)
    full: dict[str, Any] = {
        "caller": caller,
        "tz": tz_name,
        "csrf": caller.csrf if caller is not None else None,
        "paused": pause_notice(request) if caller is not None else None,
        "path": request.url.path,
        "local": lambda value, fmt="%Y-%m-%d %H:%M": local_time(value, tz_name, fmt),
        "local_detail": lambda value: local_detail(value, tz_name),
        "Role": Role,
    }
    full.update(context or {})
    return templates.TemplateResponse(request, template, full, status_code=status_code)


def page_caller(request: Request, role: Role = Role.STAFF) -> Caller:
    """The signed-in person for a page, or a redirect to sign-in, or a styled 403."""
    caller = caller_for(request)
    if caller is None:
        raise SignInNeeded(
            request.url.path + (f"?{request.url.query}" if request.url.query else "")
        )
    pause_notice(request)  # now, before the page opens a session of its own
    if not caller.role.allows(role):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"This page is for people with the {role} role."
        )
    return caller


def needs(role: Role) -> Callable[[Request], Caller]:
    def dependency(request: Request) -> Caller:
        return page_caller(request, role)

    return dependency


def form_needs(role: Role) -> Callable[[Request], Coroutine[Any, Any, Caller]]:
    """For form posts: the role check, then the CSRF token the form must carry."""

    async def dependency(request: Request) -> Caller:
        caller = page_caller(request, role)
        form = await request.form()
        sent = form.get("csrf_token")
        if (
            caller.csrf is None
            or not isinstance(sent, str)
            or not sessions.same_token(sent, caller.csrf)
        ):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "This form has expired or did not come from this site. "
                "Go back, reload the page and try again.",
            )
        return caller

    return dependency


def sign_in_redirect(next_path: str) -> Response:
    from fastapi.responses import RedirectResponse

    target = "/login"
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        target += "?next=" + quote(next_path, safe="/")
    return RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)


def html(text: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status_code)


def download(body: str, media_type: str, filename: str) -> Response:
    """An export the browser saves as ``filename`` rather than shows."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
