"""Feed polling against a real database: each new entry becomes a post exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from socialpub.compose.feedparse import parse_feed
from socialpub.feeds import _post_entry, poll_all, poll_feed
from socialpub.runtime import Runtime
from socialpub.store.feeds import Feed, FeedEntrySeen, add_feed, list_feeds, remove_feed
from socialpub.store.migrate import upgrade
from socialpub.store.models import Delivery, Post
from tests.conftest import make_settings

ITEM = """<item><title>{title}</title><link>https://news.example.org/{slug}?utm_source=rss</link>
<guid isPermaLink="false">urn:example:{slug}</guid><pubDate>{date}</pubDate>
<description>&lt;p&gt;{body}&lt;/p&gt;</description></item>"""

STORIES = {
    "harbour": (
        "Bergen closes old harbour to cruise ships",
        "The city council of Bergen voted to close the old harbour to cruise ships from "
        "2027, ending a decade of debate over pollution in the historic port.",
    ),
    "trial": (
        "Oslo trial slows multiple myeloma",
        "Researchers at the University of Oslo said a CAR-T therapy slowed multiple "
        "myeloma in 40 of 52 patients in a two-year trial.",
    ),
    "library": (
        "Tromsø opens an Arctic library",
        "The new public library in Tromsø opened on Saturday with 80,000 books and a "
        "reading room that looks out over the fjord.",
    ),
}


def rss(*slugs: str, date: str = "Tue, 24 Nov 2026 08:00:00 GMT") -> bytes:
    items = "".join(
        ITEM.format(slug=s, title=STORIES[s][0], body=STORIES[s][1], date=date) for s in slugs
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        f"<link>https://news.example.org/</link><description>d</description>{items}"
        "</channel></rss>"
    ).encode()


@pytest.fixture
def runtime(database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    settings = make_settings(
        database_url,
        accounts={"news": {"platform": "outbox", "path": str(tmp_path / "out.jsonl")}},
    )
    rt = Runtime(settings)
    upgrade(rt.engine)
    yield rt
    rt.close()


def _feed(runtime: Runtime, **kwargs: Any) -> int:
    with runtime.sessions.begin() as session:
        return add_feed(session, "https://news.example.org/rss", "news", **kwargs).id


def _count(runtime: Runtime, model: Any) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_first_poll_primes_then_each_new_entry_is_posted_once(runtime: Runtime) -> None:
    feed_id = _feed(runtime)
    document = rss("harbour")
    first = poll_feed(runtime, feed_id, lambda url: document)
    assert first.posted == [] and first.skipped == 1 and first.error is None

    document = rss("trial", "harbour")
    second = poll_feed(runtime, feed_id, lambda url: document)
    assert len(second.posted) == 1
    with runtime.sessions() as session:
        post = session.get(Post, second.posted[0])
        assert post is not None
        assert post.link == "https://news.example.org/trial?utm_source=rss"
        assert "multiple myeloma" in post.summary
        (delivery,) = post.deliveries
        assert delivery.state == "scheduled" and delivery.account == "news"

    # re-ordered, re-dated, and the tracking parameter dropped: nothing is new
    document = rss("harbour", "trial", date="Wed, 25 Nov 2026 09:00:00 GMT").replace(
        b"?utm_source=rss", b""
    )
    third = poll_feed(runtime, feed_id, lambda url: document)
    assert third.posted == [] and third.skipped == 0
    assert _count(runtime, Post) == 1


def test_backfill_and_draft_state(runtime: Runtime) -> None:
    feed_id = _feed(runtime, state="draft", backfill=1)
    report = poll_feed(runtime, feed_id, lambda url: rss("library", "trial", "harbour"))
    assert len(report.posted) == 1 and report.skipped == 2
    with runtime.sessions() as session:
        delivery = session.scalars(select(Delivery)).one()
        assert delivery.state == "draft"
        assert "Tromsø" in delivery.text


def test_two_pollers_racing_on_one_entry_make_one_post(runtime: Runtime) -> None:
    feed_id = _feed(runtime)
    with runtime.sessions.begin() as session:
        feed = session.get(Feed, feed_id)
        assert feed is not None
        feed.primed = True
        session.expunge(feed)
    (entry,) = parse_feed(rss("trial"))
    account = runtime.account("news")
    from socialpub.store.models import utcnow

    now = utcnow()
    assert _post_entry(runtime, feed, entry, account, now) is not None
    assert _post_entry(runtime, feed, entry, account, now) is None  # the loser rolls back
    assert _count(runtime, Post) == 1


def test_a_failing_feed_records_its_error_and_others_still_poll(runtime: Runtime) -> None:
    with runtime.sessions.begin() as session:
        broken = add_feed(session, "https://broken.example.org/rss", "news").id
        add_feed(session, "https://news.example.org/rss", "news", backfill=5)

    def fetcher(url: str) -> bytes:
        if "broken" in url:
            return b"<html>not a feed"
        return rss("trial")

    reports = poll_all(runtime, fetcher)
    assert reports[0].error and "feed" in reports[0].error
    assert len(reports[1].posted) == 1
    with runtime.sessions() as session:
        feed = session.get(Feed, broken)
        assert feed is not None and feed.last_error and feed.last_polled_at is not None


def test_remove_feed_forgets_its_entries(runtime: Runtime) -> None:
    feed_id = _feed(runtime)
    poll_feed(runtime, feed_id, lambda url: rss("trial", "harbour"))
    assert _count(runtime, FeedEntrySeen) == 4  # guid and link of each
    with runtime.sessions.begin() as session:
        assert remove_feed(session, feed_id)
    with runtime.sessions.begin() as session:
        assert not remove_feed(session, feed_id)
    with runtime.sessions() as session:
        assert list_feeds(session) == []
    assert _count(runtime, FeedEntrySeen) == 0


def test_same_feed_twice_for_one_account_is_refused(runtime: Runtime) -> None:
    _feed(runtime)
    with pytest.raises(ValueError, match="already posts"):
        _feed(runtime)
