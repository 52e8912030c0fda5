from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpub.compose.feedparse import FeedError, new_entries, normalise_link, parse_feed

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://e.org</link>
<description>d</description>
<item><title>First story</title><link>https://e.org/first?utm_source=rss&amp;id=4#top</link>
<guid>urn:e:1</guid><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The first story body.&lt;/p&gt;</description></item>
<item><title>No guid</title><link>https://e.org/second/</link><description>Plain.</description></item>
<item><title>Neither</title><description>Only text.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:feed</id>
<updated>2026-11-24T08:00:00Z</updated>
<entry><title>Atom story</title><id>tag:e.org,2026:1</id><link href="https://e.org/atom-1"/>
<updated>2026-11-24T08:00:00Z</updated>
<content type="html">&lt;p&gt;Atom body text.&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries_have_stable_keys_from_guid_and_link() -> None:
    first, second, third = parse_feed(RSS)
    assert first.keys == ("id:urn:e:1", "link:https://e.org/first?id=4")
    assert first.fmt == "html" and "first story body" in first.content
    assert second.keys == ("link:https://e.org/second",)
    assert third.key.startswith("hash:") and third.link is None


def test_dates_and_order_do_not_change_identity() -> None:
    redated = RSS.replace(b"Tue, 24 Nov 2026", b"Wed, 25 Nov 2026")
    assert [e.keys for e in parse_feed(redated)] == [e.keys for e in parse_feed(RSS)]


def test_atom_content() -> None:
    (entry,) = parse_feed(ATOM)
    assert entry.key == "id:tag:e.org,2026:1"
    assert entry.link == "https://e.org/atom-1"
    assert "Atom body text." in entry.raw_article()


def test_new_entries_skip_any_seen_key_and_duplicates() -> None:
    entries = parse_feed(RSS)
    seen = {"link:https://e.org/first?id=4"}  # its guid is new, but its link was handled
    fresh = new_entries([*entries, entries[1]], seen)
    assert [e.title for e in fresh] == ["No guid", "Neither"]


def test_normalise_link_drops_tracking_and_fragment() -> None:
    assert normalise_link("HTTPS://E.org/a/?utm_medium=x&b=2&fbclid=9#s") == "https://e.org/a?b=2"


def test_not_a_feed() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"<html><body>nope")
    with pytest.raises(TypeError):
        parse_feed("https://e.org/feed")  # type: ignore[arg-type]


def _rss(items: list[tuple[int, int]]) -> bytes:
    body = "".join(
        f"<item><title>Story {n}</title><link>https://e.org/s/{n}?utm_source=x{day}</link>"
        f"<guid>urn:e:{n}</guid><pubDate>{day:02d} Nov 2026 08:00:00 GMT</pubDate>"
        f"<description>Body of story {n}.</description></item>"
        for n, day in items
    )
    return f'<rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 28)), max_size=8), max_size=6),
    st.randoms(),
)
def test_polls_in_any_order_and_dating_post_each_entry_exactly_once(
    snapshots: list[list[tuple[int, int]]], rnd: random.Random
) -> None:
    seen: set[str] = set()
    posted: list[str] = []
    for snapshot in snapshots:
        rnd.shuffle(snapshot)
        for entry in new_entries(parse_feed(_rss(snapshot)), seen):
            posted.append(entry.title)
            seen.update(entry.keys)
    appeared = {f"Story {n}" for snapshot in snapshots for n, _ in snapshot}
    assert sorted(posted) == sorted(appeared)
