"""Composing, listing, cancelling and rescheduling posts: ``compose``, ``queue``, ``history``…"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from socialpub.cli.compose_cmds import abstractive_summary, load_source, tag_policy_for
from socialpub.cli.context import (
    action_session,
    cli_actor,
    current_user,
    runtime_for_command,
    settings_or_exit,
    when_or_exit,
)
from socialpub.cli.output import emit_json, fail, table
from socialpub.compose import Article as CleanArticle
from socialpub.compose.post import BASE_SUMMARY_CHARS
from socialpub.delivery import actions, queries, service
from socialpub.delivery.errors import ActionError
from socialpub.delivery.first_comment import DelayError, parse_delay
from socialpub.delivery.media import MediaError, image
from socialpub.delivery.metrics import short as metrics_short
from socialpub.delivery.service import SummaryHook
from socialpub.delivery.slots import SlotError, next_slot
from socialpub.delivery.states import State
from socialpub.delivery.when import WhenError, parse_when
from socialpub.platforms.base import MediaItem
from socialpub.settings import Account, ConfigError, Settings
from socialpub.store.models import Delivery, utcnow


def _images(paths: list[Path], alts: list[str]) -> tuple[MediaItem, ...]:
    if len(alts) != len(paths):
        fail(f"give one --alt per --image ({len(paths)} images, {len(alts)} alt texts)")
    items = []
    for path, alt in zip(paths, alts, strict=True):
        try:
            items.append(image(path.name, path.read_bytes(), alt))
        except OSError as exc:
            fail(f"{path}: cannot read: {exc.strerror or exc}")
        except MediaError as exc:
            fail(str(exc))
    return tuple(items)


def _abstractive_hook(settings: Settings) -> SummaryHook | None:
    """The configured abstractive backend as a summary hook; the extractive engine otherwise."""
    if not settings.abstractive_url:
        return None

    def summarize(article: CleanArticle) -> str | None:
        text, _backend = abstractive_summary(article, settings, BASE_SUMMARY_CHARS)
        return text

    return summarize


def delivery_json(d: Delivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "post_id": d.post_id,
        "account": d.account,
        "platform": d.platform,
        "state": d.state,
        "text": d.text,
        "parts": d.parts,
        "priority": d.priority,
        "scheduled_at": d.scheduled_at,
        "scheduled_tz": d.scheduled_tz,
        "due_at": d.due_at,
        "attempts": d.attempts,
        "remote_id": d.remote_id,
        "remote_url": d.remote_url,
        "published_at": d.published_at,
        "last_error": d.last_error,
        "error_class": d.error_class,
        "language": d.post.language,
        "summary_backend": d.post.summary_backend,
        "link": d.sent_link,
        "metrics": d.latest_metrics,
    }


def _local(when: datetime | None, tz: str) -> str:
    if when is None:
        return ""
    from socialpub.delivery.when import zone_or_utc

    return when.astimezone(zone_or_utc(tz)).strftime("%Y-%m-%d %H:%M %Z")


def slots_for(
    accounts: list[Account], default_tz: str, now: datetime
) -> dict[str, tuple[datetime, str]]:
    """Each account's next posting slot after ``now`` and the zone it is read in."""
    found = {}
    for account in accounts:
        tz = account.settings.timezone or default_tz
        try:
            found[account.name] = (next_slot(account.settings.slots, tz, now), tz)
        except SlotError as exc:
            raise SlotError(f"account {account.name}: {exc}") from exc
    return found


def _to_slots(
    session: Any, deliveries: list[Delivery], slot_times: dict[str, tuple[datetime, str]]
) -> None:
    for d in deliveries:
        when, tz = slot_times[d.account]
        if (when, tz) != (d.due_at, d.scheduled_tz):  # each account goes at its own slot
            service.reschedule(session, d.id, when, tz, actor=current_user())
            session.refresh(d)


def compose(
    article: Annotated[
        str, typer.Argument(help="Article: a text, Markdown or HTML file, - for stdin, or a URL.")
    ],
    account: Annotated[list[str], typer.Option("--account", "-a", help="Account to post to.")],
    at: Annotated[str, typer.Option("--at", help="'now' or ISO 8601 time.")] = "now",
    tz: Annotated[str | None, typer.Option("--tz", help="IANA zone for --at.")] = None,
    next_slot: Annotated[
        bool, typer.Option("--next-slot", help="Each account's next posting slot, not --at.")
    ] = False,
    link: Annotated[str | None, typer.Option(help="Link to the full article.")] = None,
    images: Annotated[
        list[Path] | None, typer.Option("--image", help="An image to attach (repeatable).")
    ] = None,
    alts: Annotated[
        list[str] | None, typer.Option("--alt", help="Alt text, one per --image, in order.")
    ] = None,
    draft: Annotated[bool, typer.Option(help="Store as a draft; nothing is scheduled.")] = False,
    urgent: Annotated[bool, typer.Option(help="Publish ahead of routine posts.")] = False,
    allow_duplicate: Annotated[bool, typer.Option(help="Post an article sent before.")] = False,
    allow_past: Annotated[
        bool, typer.Option("--allow-past", help="A past --at publishes at once.")
    ] = False,
    not_before: Annotated[
        str | None, typer.Option("--not-before", help="Embargo: never earlier than this time.")
    ] = None,
    fmt_option: Annotated[
        str | None,
        typer.Option("--format", help="text, markdown or html (guessed when not given)."),
    ] = None,
    first_comment: Annotated[
        str | None,
        typer.Option(
            "--first-comment",
            help="Posted as a reply/comment to each published delivery (where the platform "
            "takes one): the link, credits, hashtags.",
        ),
    ] = None,
    first_comment_delay: Annotated[
        str,
        typer.Option(
            "--first-comment-delay", help="How long after the post: 90s, 10m, 2h (default 0)."
        ),
    ] = "0",
    campaign: Annotated[
        str, typer.Option(help="Campaign name for the accounts' utm templates ({campaign}).")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Make a post from ARTICLE and schedule one delivery per account.

    With ``require_approval`` set the post waits as a draft until ``socialpub approve POST``."""
    settings = settings_or_exit()
    if fmt_option is not None and fmt_option not in ("text", "markdown", "html"):
        fail(f"--format must be text, markdown or html, not {fmt_option!r}")
    media = _images(images or [], alts or [])
    try:
        delay = parse_delay(first_comment_delay)
    except DelayError as exc:
        fail(f"--first-comment-delay: {exc}")
    raw, fmt, fetched_from = load_source(article, fmt_option, settings)  # type: ignore[arg-type]
    source_kind = "url" if fetched_from else ("stdin" if article == "-" else "file")
    zone = tz or settings.timezone
    slot_times: dict[str, tuple[datetime, str]] = {}
    try:
        accounts = [settings.account(name) for name in account]
        when = parse_when(at, zone, now=utcnow())
        embargo = parse_when(not_before, zone, now=utcnow()) if not_before else None
        if next_slot:
            slot_times = slots_for(accounts, settings.timezone, embargo or utcnow())
            when = min(t for t, _ in slot_times.values())
    except (ConfigError, WhenError, SlotError) as exc:
        fail(str(exc))
    request = service.ComposeRequest(
        raw=raw,
        accounts=accounts,
        when=when,
        tz=zone,
        author=current_user(),
        fmt=fmt,
        source_kind=source_kind,
        source_ref=fetched_from or article,
        link=link or fetched_from,
        summary=_abstractive_hook(settings),
        media=media,
        draft=draft or settings.require_approval,  # the API's rule: a post waits for approval
        priority=10 if urgent else 0,
        allow_duplicate=allow_duplicate,
        tag_policy=tag_policy_for(account, settings),
        allow_past=allow_past,
        not_before=embargo,
        first_comment=first_comment,
        first_comment_delay_seconds=delay,
        campaign=campaign,
    )
    with runtime_for_command() as runtime:
        try:
            with runtime.sessions.begin() as session:
                post = service.create_post(
                    session,
                    request,
                    runtime.limits_for,
                    actor=current_user(),
                    max_accounts=settings.max_accounts_per_post,
                )
                if next_slot:
                    _to_slots(session, post.deliveries, slot_times)
                rows = [delivery_json(d) for d in post.deliveries]
                post_id = post.id
                comment = post.first_comment
        except service.ComposeError as exc:
            fail(str(exc))
    if as_json:
        emit_json(
            {
                "post_id": post_id,
                "deliveries": rows,
                "first_comment": comment,
                "first_comment_delay_seconds": delay if comment else 0,
            }
        )
        return
    typer.echo(
        f"post {post_id}: {len(rows)} deliveries, {rows[0]['state']} for {_local(when, zone)}"
    )
    if comment:
        typer.echo(f"first comment, {delay}s after each post is published: {comment}")
    if rows[0]["state"] == State.DRAFT:
        typer.echo(f"waiting for approval: `socialpub approve {post_id}` (a post id)")
    for row in rows:
        typer.echo(f"\ndelivery {row['id']}: {row['account']} ({row['platform']}):")
        for i, part in enumerate(row["parts"] or [row["text"]], 1):
            prefix = f"  part {i}: " if len(row["parts"]) > 1 else "  "
            typer.echo(prefix + part.replace("\n", "\n  "))


def queue(
    account: Annotated[str | None, typer.Option(help="Only this account.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List deliveries that are waiting: drafts, scheduled, queued, retrying, held, unknown."""
    with runtime_for_command() as runtime, runtime.sessions() as session:
        rows = service.waiting(session, account)
        if as_json:
            emit_json([delivery_json(d) for d in rows])
            return
        if not rows:
            typer.echo("nothing is waiting")
            return
        table(
            [
                (
                    d.id,
                    d.post_id,
                    d.account,
                    d.state,
                    _local(d.due_at, d.scheduled_tz),
                    d.attempts,
                    d.text.replace("\n", " "),
                )
                for d in rows
            ],
            ["delivery", "post", "account", "state", "due", "tries", "text"],
        )


def _since(value: str | None, what: str) -> datetime | None:
    """``since``/``until``: ``now``, an ISO 8601 time or a date (midnight UTC)."""
    return when_or_exit(value, "UTC", utcnow(), what) if value else None


def history(
    account: Annotated[str | None, typer.Option(help="Only this account.")] = None,
    since: Annotated[
        str | None, typer.Option(help="A date or ISO 8601 time; UTC unless zoned.")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Before this date or time.")] = None,
    platform: Annotated[str | None, typer.Option(help="Only this platform.")] = None,
    state: Annotated[str | None, typer.Option(help="Only this state.")] = None,
    author: Annotated[str | None, typer.Option(help="Only this author's posts.")] = None,
    text: Annotated[str | None, typer.Option(help="Only deliveries whose text has this.")] = None,
    limit: Annotated[int, typer.Option(help="How many rows.")] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """What was published, when (its publish time) and where; what failed and why."""
    f = queries.HistoryFilter(
        account=account,
        platform=platform,
        state=state,
        author=author,
        since=_since(since, "since"),
        until=_since(until, "until"),
        text=text,
    )
    with runtime_for_command() as runtime, runtime.sessions() as session:
        try:
            rows = queries.history_page(session, f, limit=limit).items
        except ActionError as exc:
            fail(str(exc))
        if as_json:
            emit_json([delivery_json(d) for d in rows])
            return
        if not rows:
            typer.echo("nothing has been published or has failed yet")
            return
        table(
            [
                (
                    d.id,
                    d.post_id,
                    d.account,
                    d.state,
                    _local(d.published_at or d.updated_at, d.scheduled_tz),
                    d.attempts,
                    d.remote_url or d.remote_id or "",
                    metrics_short(d.latest_metrics),
                    d.last_error or "",
                )
                for d in rows
            ],
            [
                "delivery",
                "post",
                "account",
                "state",
                "published",
                "tries",
                "where",
                "counts",
                "error",
            ],
        )


def cancel(
    delivery_id: Annotated[int, typer.Argument(help="Delivery id (see `socialpub queue`).")],
    reason: Annotated[str, typer.Option(help="Why, for the audit log.")] = "",
) -> None:
    """Cancel one delivery (a delivery id, not a post id) that has not been published."""
    with action_session() as session:
        actions.cancel_delivery(session, delivery_id, actor=cli_actor(), reason=reason)
    typer.echo(f"delivery {delivery_id} cancelled")


def reschedule(
    delivery_id: Annotated[int, typer.Argument(help="Delivery id (see `socialpub queue`).")],
    at: Annotated[str, typer.Option("--at", help="'now' or ISO 8601 time.")],
    tz: Annotated[str | None, typer.Option("--tz")] = None,
    allow_past: Annotated[
        bool, typer.Option("--allow-past", help="A past --at publishes at once.")
    ] = False,
) -> None:
    """Move one delivery that has not been published to a new time; a draft stays a draft."""
    zone = tz or settings_or_exit().timezone
    now = utcnow()
    when = when_or_exit(at, zone, now)
    with action_session() as session:
        d = actions.reschedule_delivery(
            session, delivery_id, when, zone, actor=cli_actor(), now=now, allow_past=allow_past
        )
        state = d.state
    typer.echo(f"delivery {delivery_id} {state} for {_local(when, zone)}")


def audit_log(
    delivery_id: Annotated[int | None, typer.Option("--delivery", help="One delivery.")] = None,
    post_id: Annotated[int | None, typer.Option("--post", help="One post.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only what this person did.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind of event.")] = None,
    since: Annotated[str | None, typer.Option(help="A date or ISO 8601 time.")] = None,
    limit: Annotated[int, typer.Option(help="How many events.")] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show audit events, newest first (one delivery's, oldest first)."""
    f = queries.AuditFilter(
        actor=actor,
        kind=kind,
        delivery_id=delivery_id,
        post_id=post_id,
        since=_since(since, "since"),
    )
    with runtime_for_command() as runtime, runtime.sessions() as session:
        try:
            events = queries.audit_page(
                session, f, limit=limit, oldest_first=delivery_id is not None
            ).items
        except ActionError as exc:
            fail(str(exc))
        rows: list[dict[str, Any]] = [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor,
                "subject": f"{e.subject_type}:{e.subject_id}",
                "kind": e.kind,
                "details": e.details,
            }
            for e in events
        ]
    if as_json:
        emit_json(rows)
        return
    table(
        [
            (
                r["at"].strftime("%Y-%m-%d %H:%M:%S"),
                r["actor"],
                r["subject"],
                r["kind"],
                ", ".join(f"{k}={v}" for k, v in r["details"].items() if v is not None),
            )
            for r in rows
        ],
        ["at (utc)", "actor", "subject", "kind", "details"],
    )


def register(app: typer.Typer) -> None:
    app.command()(compose)
    app.command()(queue)
    app.command()(history)
    app.command()(cancel)
    app.command()(reschedule)
    # `socialpub audit` is a group in admin_cmds (listing by default, `verify`); it calls audit_log.


__all__ = ["State", "register"]
