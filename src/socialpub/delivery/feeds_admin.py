"""Managing feeds as an admin action: permission, URL check and an audit event for each change.

The rows and the "each entry once" machinery stay in ``store/feeds.py``; this is the service
the REST API and pages call.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.errors import Conflict, Invalid, NotFound
from socialpub.delivery.permissions import Actor, check_operate
from socialpub.store.feeds import Feed, add_feed, list_feeds, remove_feed


def check_feed_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("a feed URL starts with http:// or https:// and names a host")
    if parts.username or parts.password:
        raise Invalid("a feed URL must not carry a user name or password")
    return url.strip()


def feeds(session: Session, *, actor: Actor) -> Sequence[Feed]:
    check_operate(actor, "managing feeds")
    return list_feeds(session)


def add(
    session: Session,
    url: str,
    account: str,
    *,
    actor: Actor,
    configured: bool,
    state: str = "scheduled",
    backfill: int = 0,
) -> Feed:
    """Poll ``url``; each new entry becomes a post on ``account`` (``configured``: it exists)."""
    check_operate(actor, "managing feeds")
    url = check_feed_url(url)
    if not configured:
        raise NotFound(f"no account named {account!r} is configured")
    try:
        feed = add_feed(session, url, account, state=state, backfill=backfill)
    except ValueError as exc:
        raise Conflict(str(exc)) from exc
    audit.record(
        session,
        actor=actor.name,
        subject_type="feed",
        subject_id=feed.id,
        kind="feed_added",
        details={"url": url, "account": account, "state": state, "backfill": backfill},
    )
    return feed


def remove(session: Session, feed_id: int, *, actor: Actor) -> None:
    check_operate(actor, "managing feeds")
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise NotFound(f"no feed {feed_id}")
    details = {"url": feed.url, "account": feed.account}
    remove_feed(session, feed_id)
    audit.record(
        session,
        actor=actor.name,
        subject_type="feed",
        subject_id=feed_id,
        kind="feed_removed",
        details=details,
    )
