"""The compose page: paste text, give a URL or upload a file; pick accounts; see each account's
post as it will go out (the server's own compose engine, refreshed as the person edits); change an
account's text or the hashtags; choose when; submit. "My posts" lists the person's own posts.

Without JavaScript the page still works: its buttons post the whole form and the page comes back
with the preview. With it, ``/static/app.js`` asks ``/compose/preview`` for the preview fragment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.pages_common import form_needs, needs, render, viewer_zone
from socialpub.compose.extract import Format
from socialpub.delivery import approvals, service
from socialpub.delivery import preview as previewing
from socialpub.delivery.media import MediaError, image, missing_alt_text
from socialpub.delivery.permissions import waits_for_approval
from socialpub.delivery.slots import SlotError, next_slot
from socialpub.delivery.when import WhenError, parse_when
from socialpub.platforms.base import MediaItem
from socialpub.runtime import Runtime
from socialpub.settings import Account, ConfigError
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

router = APIRouter()
MAX_UPLOAD = 10_000_000  # an article file or an image; bigger is refused, not read
MAX_ARTICLE = 200_000  # characters of pasted or uploaded article text
MAX_IMAGES = 4  # image slots on the form: the most any supported platform takes per post
FORMATS: tuple[Format, ...] = ("text", "markdown", "html")


@dataclass
class ComposeForm:
    """What the compose form says, read leniently: problems are collected for the person."""

    text: str = ""
    url: str = ""
    fmt: Format = "text"
    link: str = ""
    accounts: list[str] = field(default_factory=list)
    hashtags: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    when_mode: str = "now"
    at: str = ""
    alts: list[str] = field(default_factory=lambda: [""] * MAX_IMAGES)  # per image slot
    first_comment: str = ""
    first_comment_delay: str = "0"  # minutes, as typed
    media: tuple[MediaItem, ...] = ()
    problems: list[str] = field(default_factory=list)

    @property
    def tag_list(self) -> list[str] | None:
        return self.hashtags.replace(",", " ").split() if self.hashtags.strip() else None


def _format_for(name: str) -> Format:
    suffix = Path(name).suffix.lower()
    return (
        "markdown"
        if suffix in (".md", ".markdown")
        else "html"
        if suffix in (".html", ".htm")
        else "text"
    )


async def _read_upload(upload: UploadFile) -> bytes | None:
    data = await upload.read(MAX_UPLOAD + 1)
    return None if len(data) > MAX_UPLOAD else data


async def read_form(form: FormData) -> ComposeForm:
    def text(name: str, limit: int = 2000) -> str:
        value = form.get(name)
        return value[:limit] if isinstance(value, str) else ""

    f = ComposeForm(
        text=text("text", MAX_ARTICLE),
        url=text("url").strip(),
        link=text("link").strip(),
        hashtags=text("hashtags", 1000),
        when_mode=text("when_mode") or "now",
        at=text("at", 40),
        alts=[text(f"image_alt_{n}", 1600).strip() for n in range(1, MAX_IMAGES + 1)],
        first_comment=text("first_comment", 5000).strip(),
        first_comment_delay=text("first_comment_delay", 8).strip() or "0",
    )
    fmt = text("format")
    f.fmt = fmt if fmt in FORMATS else "text"
    f.accounts = [v for v in form.getlist("accounts") if isinstance(v, str)][:20]
    f.accounts = list(dict.fromkeys(f.accounts))
    for key, value in form.multi_items():
        if (
            key.startswith("text_")
            and isinstance(value, str)
            and form.get("dirty_" + key[5:]) == "1"
        ):
            f.texts[key[5:]] = value[: previewing.MAX_TEXT]
    article = form.get("article_file")
    if isinstance(article, UploadFile) and article.filename:
        data = await _read_upload(article)
        if data is None:
            f.problems.append(f"{article.filename}: larger than {MAX_UPLOAD // 1_000_000} MB")
        else:
            try:
                f.text = data.decode("utf-8")[:MAX_ARTICLE]
                f.fmt = _format_for(article.filename)
            except UnicodeDecodeError:
                f.problems.append(f"{article.filename}: not UTF-8 text")
    media: list[MediaItem] = []
    for n, alt in enumerate(f.alts, start=1):
        picture = form.get(f"image_{n}")
        if not isinstance(picture, UploadFile) or not picture.filename:
            continue
        data = await _read_upload(picture)
        if data is None:
            f.problems.append(f"{picture.filename}: larger than {MAX_UPLOAD // 1_000_000} MB")
            continue
        try:
            # without alt text yet: the preview warns about this image, submitting refuses it
            media.append(image(picture.filename[:200], data, alt, alt_later=True))
        except MediaError as exc:
            f.problems.append(str(exc))
    f.media = tuple(media)
    return f


def _delay_seconds(f: ComposeForm) -> int:
    """The first comment's delay in seconds (the form asks for minutes)."""
    if not f.first_comment_delay.isdigit():
        raise service.ComposeError("the first comment's delay is a whole number of minutes")
    return int(f.first_comment_delay) * 60


def _accounts(runtime: Runtime) -> dict[str, Account]:
    return {n: a for n, a in runtime.settings.parsed_accounts().items() if a.settings.enabled}


def _fetch(runtime: Runtime, f: ComposeForm) -> None:
    from socialpub.compose.sources import FetchError, fetch_article
    from socialpub.feeds import fetch_policy

    if not f.url.lower().startswith(("http://", "https://")):
        f.problems.append("give an http(s) address to fetch")
        return
    try:
        raw, fmt, final_url = fetch_article(f.url, fetch_policy(runtime.settings))
    except FetchError as exc:
        f.problems.append(str(exc))
        return
    f.text, f.fmt = raw[:MAX_ARTICLE], fmt
    f.link = f.link or final_url


def _preview(runtime: Runtime, f: ComposeForm) -> previewing.Preview | None:
    from socialpub.feeds import fetch_policy

    if not f.text.strip() or not f.accounts:
        return None
    known = _accounts(runtime)
    chosen = [known[n] for n in f.accounts if n in known]
    try:
        return previewing.preview(
            f.text,
            f.fmt,
            chosen,
            runtime.limits_for,
            link=f.link or None,
            hashtags=f.tag_list,
            texts=f.texts,
            media=f.media,
            first_comment=f.first_comment or None,
            first_comment_delay_seconds=_delay_seconds(f),
            card_policy=fetch_policy(runtime.settings),
        )
    except service.ComposeError as exc:
        f.problems.append(str(exc))
        return None


def _when(
    runtime: Runtime, f: ComposeForm, zone: str
) -> tuple[datetime, dict[str, tuple[datetime, str]]]:
    """The post's time, and with "next slot" each account's own slot."""
    now = utcnow()
    if f.when_mode == "slot":
        due: dict[str, tuple[datetime, str]] = {}
        for name in f.accounts:
            account = runtime.account(name)
            tz = account.settings.timezone or runtime.settings.timezone
            due[name] = (next_slot(account.settings.slots, tz, now), tz)
        return min(t for t, _ in due.values()), due
    if f.when_mode == "at":
        if not f.at:
            raise WhenError("choose a date and time, or pick 'now'")
        when = parse_when(f.at, zone, now=now)
        if when < now - timedelta(minutes=1):
            raise WhenError("that time has passed; choose a later one or pick 'now'")
        return when, {}
    return now, {}


def _page(
    request: Request,
    caller: Caller,
    f: ComposeForm,
    shown: previewing.Preview | None,
    code: int = 200,
) -> Response:
    runtime = runtime_of(request)
    return render(
        request,
        "compose/compose.html",
        {
            "form": f,
            "accounts": _accounts(runtime),
            "preview": shown,
            "require_approval": waits_for_approval(
                caller.as_actor(), require_approval=runtime.settings.require_approval
            ),
        },
        caller=caller,
        status_code=code,
    )


@router.get("/compose")
def compose_page(
    request: Request, caller: Annotated[Caller, Depends(needs(Role.STAFF))]
) -> Response:
    return _page(request, caller, ComposeForm(), None)


@router.post("/compose/preview")
async def preview_fragment(
    request: Request, caller: Annotated[Caller, Depends(form_needs(Role.STAFF))]
) -> Response:
    """The preview alone, for the page's script to put in place."""
    f = await read_form(await request.form())
    runtime = runtime_of(request)
    shown = await run_in_threadpool(_preview, runtime, f)
    return render(request, "compose/_preview.html", {"preview": shown, "form": f}, caller=caller)


@router.post("/compose")
async def compose_submit(
    request: Request, caller: Annotated[Caller, Depends(form_needs(Role.STAFF))]
) -> Response:
    form = await request.form()
    f = await read_form(form)
    runtime = runtime_of(request)
    action = form.get("action")
    if action == "fetch":
        await run_in_threadpool(_fetch, runtime, f)
    shown = await run_in_threadpool(_preview, runtime, f)
    if action != "submit" or f.problems:
        return _page(request, caller, f, shown, 422 if f.problems else 200)
    if not f.accounts:
        f.problems.append("pick at least one account")
    if not f.text.strip():
        f.problems.append("paste an article, give a URL or upload a file")
    f.problems.extend(missing_alt_text(f.media))
    if f.problems:
        return _page(request, caller, f, shown, 422)
    try:
        post_id = await run_in_threadpool(_submit, runtime, caller, f, viewer_zone(request, caller))
    except (service.ComposeError, WhenError, SlotError, ConfigError, MediaError) as exc:
        f.problems.append(str(exc))
        return _page(request, caller, f, shown, 422)
    return RedirectResponse(f"/mine?made={post_id}", status_code=status.HTTP_303_SEE_OTHER)


def _submit(runtime: Runtime, caller: Caller, f: ComposeForm, zone: str) -> int:
    when, due = _when(runtime, f, zone)
    draft = waits_for_approval(
        caller.as_actor(), require_approval=runtime.settings.require_approval
    )
    request = service.ComposeRequest(
        raw=f.text,
        accounts=[runtime.account(n) for n in f.accounts],
        when=when,
        tz=zone,
        author=caller.actor,
        fmt=f.fmt,
        source_kind="url" if f.url else "web",
        source_ref=f.url[:2000],
        link=f.link or None,
        draft=draft,
        media=f.media,
        first_comment=f.first_comment or None,
        first_comment_delay_seconds=_delay_seconds(f),
    )
    with runtime.sessions.begin() as session:
        post = previewing.submit(
            session,
            request,
            runtime.limits_for,
            actor=caller.actor,
            hashtags=f.tag_list,
            texts=f.texts,
            due=due,
        )
        return post.id


@router.get("/mine")
def my_posts(
    request: Request, caller: Annotated[Caller, Depends(needs(Role.STAFF))], made: int | None = None
) -> Response:
    with runtime_of(request).sessions() as session:
        posts = approvals.posts_by(session, caller.actor)
        return render(request, "compose/mine.html", {"posts": posts, "made": made}, caller=caller)
