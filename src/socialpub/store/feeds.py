"""Feeds and the entries already seen in them: what makes "each new entry once" hold.

Each key of each handled entry is a row, unique per feed. The poller inserts an entry's keys and
creates its post in one transaction, so two pollers racing on the same entry cannot both win:
the loser's insert violates the unique constraint and its transaction (post included) rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from socialpub.store.models import Base, utcnow

FEED_STATES = ("draft", "scheduled")


class Feed(Base):
    __tablename__ = "feeds"
    __table_args__ = (UniqueConstraint("url", "account", name="uq_feeds_url_account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    account: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(16), default="scheduled")  # of the posts it makes
    backfill: Mapped[int] = mapped_column(default=0)  # entries posted from the first poll
    primed: Mapped[bool] = mapped_column(Boolean, default=False)  # first poll done
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_polled_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    # The validators of the last answer, sent back so an unchanged feed answers 304, no body.
    etag: Mapped[str | None] = mapped_column(Text, default=None)
    last_modified: Mapped[str | None] = mapped_column(Text, default=None)


class FeedEntrySeen(Base):
    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "key", name="uq_feed_entries_feed_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(2048))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), default=None)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


def add_feed(
    session: Session, url: str, account: str, *, state: str = "scheduled", backfill: int = 0
) -> Feed:
    if state not in FEED_STATES:
        raise ValueError(f"feed posts are {' or '.join(FEED_STATES)}, not {state!r}")
    existing = session.scalar(select(Feed).where(Feed.url == url, Feed.account == account))
    if existing is not None:
        raise ValueError(f"feed {url} already posts to {account} (feed {existing.id})")
    feed = Feed(url=url, account=account, state=state, backfill=max(backfill, 0))
    session.add(feed)
    session.flush()
    return feed


def list_feeds(session: Session) -> list[Feed]:
    return list(session.scalars(select(Feed).order_by(Feed.id)))


def remove_feed(session: Session, feed_id: int) -> bool:
    feed = session.get(Feed, feed_id)
    if feed is None:
        return False
    session.execute(delete(FeedEntrySeen).where(FeedEntrySeen.feed_id == feed_id))
    session.delete(feed)
    return True


def seen_keys(session: Session, feed_id: int) -> set[str]:
    return set(session.scalars(select(FeedEntrySeen.key).where(FeedEntrySeen.feed_id == feed_id)))


def mark_seen(session: Session, feed_id: int, keys: Iterable[str], post_id: int | None) -> None:
    """Insert one row per key; flushes, so a concurrent poller's win raises IntegrityError here."""
    for key in keys:
        session.add(FeedEntrySeen(feed_id=feed_id, key=key, post_id=post_id))
    session.flush()
