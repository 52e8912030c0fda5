"""Feed polling, at the edge: fetch each feed, and turn each new entry into a post exactly once.

``poll_all(runtime)`` is what the scheduler's feed job calls every ``feed_poll_seconds``. Each
entry is handled in its own transaction that records the entry's keys and creates its post
together (``store.feeds`` explains why that is race-free). The first poll of a new feed only
records what is already there, apart from its ``backfill`` first entries, so adding a feed does
not flood an account with its archive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from socialpub.compose.feedparse import FeedEntry, FeedError, new_entries, parse_feed
from socialpub.compose.hashtags import policy_for
from socialpub.compose.sources import FEED_TYPES, Fetched, FetchError, FetchPolicy, fetch
from socialpub.delivery import service
from socialpub.delivery.slots import SlotError, next_slot
from socialpub.runtime import Runtime
from socialpub.settings import Account, Settings
from socialpub.store.feeds import Feed, list_feeds, mark_seen, seen_keys
from socialpub.store.models import utcnow
from socialpub.weburl import redact_in, redact_url

log = logging.getLogger("socialpub.feeds")
ACTOR = "feed-poller"

Fetcher = Callable[[str], bytes]


@dataclass
class PollReport:
    feed_id: int
    posted: list[int] = field(default_factory=list)  # post ids
    skipped: int = 0  # new but not posted: priming, duplicates, empty articles
    error: str | None = None
    not_modified: bool = False  # the server answered 304 to our conditional GET


def fetch_policy(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        allow_hosts=settings.allow_hosts,
        max_bytes=settings.fetch_max_bytes,
        timeout=settings.fetch_timeout_seconds,
    )


def conditional_fetch(settings: Settings, feed: Feed) -> Fetched:
    """GET the feed, sending back the validators of its last answer: an unchanged feed answers
    304 with no body, which saves both sides the transfer and us the parsing."""
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    accepted = (*FEED_TYPES, "text/html", "text/plain")  # servers often mislabel feeds
    return fetch(feed.url, fetch_policy(settings), accept=accepted, headers=headers)


def _when(account: Account, settings: Settings, now: datetime) -> tuple[datetime, str]:
    tz = account.settings.timezone or settings.timezone
    if account.settings.slots:
        try:
            return next_slot(account.settings.slots, tz, now), tz
        except SlotError:
            log.warning("account %s: bad slots; feed posts go now", account.name)
    return now, tz


def _post_entry(
    runtime: Runtime, feed: Feed, entry: FeedEntry, account: Account, now: datetime
) -> int | None:
    """Post one entry; None when it turned out to be handled already (or not postable)."""
    when, tz = _when(account, runtime.settings, now)
    request = service.ComposeRequest(
        raw=entry.raw_article(),
        accounts=[account],
        when=when,
        tz=tz,
        author=f"feed:{feed.id}",
        fmt=entry.fmt,
        source_kind="feed",
        source_ref=entry.link or entry.key,
        link=entry.link,
        draft=feed.state == "draft",
        draft_when_no_article=True,
        tag_policy=policy_for(account.settings, runtime.settings),
    )
    try:
        with runtime.sessions.begin() as session:
            post_id: int | None = None
            try:
                with session.begin_nested():
                    post = service.create_post(session, request, runtime.limits_for, actor=ACTOR)
                    post_id = post.id
            except service.ComposeError as exc:  # a duplicate or an empty entry: never retried
                log.info("feed %s entry %s not posted: %s", feed.id, entry.key, exc)
            mark_seen(session, feed.id, entry.keys, post_id)
            return post_id
    except IntegrityError:
        log.info("feed %s entry %s was handled by another poller", feed.id, entry.key)
        return None


def poll_feed(
    runtime: Runtime, feed_id: int, fetcher: Fetcher | None = None, *, now: datetime | None = None
) -> PollReport:
    now = now or utcnow()
    report = PollReport(feed_id)
    with runtime.sessions() as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            report.error = "no such feed"
            return report
        session.expunge(feed)
        seen = seen_keys(session, feed_id)
    validators: tuple[str | None, str | None] | None = None
    try:
        account = runtime.account(feed.account)
        if fetcher is None:
            fetched = conditional_fetch(runtime.settings, feed)
            validators = (fetched.etag, fetched.last_modified)
            if fetched.not_modified:
                report.not_modified = True
                _record_poll(runtime, feed_id, now, None, primed=feed.primed, validators=validators)
                return report
            body = fetched.body
        else:
            body = fetcher(feed.url)
        entries = new_entries(parse_feed(body), seen)
    except (FetchError, FeedError, ValueError) as exc:
        report.error = redact_in(str(exc), feed.url)  # a private feed's URL holds credentials
        _record_poll(runtime, feed_id, now, report.error, primed=feed.primed)
        return report
    for index, entry in enumerate(entries):
        if not feed.primed and index >= feed.backfill:
            _mark_only(runtime, feed_id, entry)
            report.skipped += 1
            continue
        post_id = _post_entry(runtime, feed, entry, account, now)
        if post_id is None:
            report.skipped += 1
        else:
            report.posted.append(post_id)
    # The validators are kept only now that every entry was handled: a poll cut short fetches
    # the whole feed again next time.
    _record_poll(runtime, feed_id, now, None, primed=True, validators=validators)
    return report


def _mark_only(runtime: Runtime, feed_id: int, entry: FeedEntry) -> None:
    try:
        with runtime.sessions.begin() as session:
            mark_seen(session, feed_id, entry.keys, None)
    except IntegrityError:
        pass


def _record_poll(
    runtime: Runtime,
    feed_id: int,
    now: datetime,
    error: str | None,
    *,
    primed: bool,
    validators: tuple[str | None, str | None] | None = None,
) -> None:
    with runtime.sessions.begin() as session:
        feed = session.get(Feed, feed_id)
        if feed is not None:
            feed.last_polled_at = now
            feed.last_error = error
            feed.primed = feed.primed or primed
            if validators is not None:
                etag, last_modified = validators
                feed.etag = etag or feed.etag
                feed.last_modified = last_modified or feed.last_modified
            if error:
                log.warning("feed %s (%s): %s", feed_id, redact_url(feed.url), error)


def poll_all(runtime: Runtime, fetcher: Fetcher | None = None) -> list[PollReport]:
    """Poll every feed once; one feed's failure never stops the others."""
    with runtime.sessions() as session:
        ids = [feed.id for feed in list_feeds(session)]
    return [poll_feed(runtime, feed_id, fetcher) for feed_id in ids]
