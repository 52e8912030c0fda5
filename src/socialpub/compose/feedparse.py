"""Feed entries with a stable identity, so each becomes a post exactly once.

An entry is known by its keys: its guid/id and its normalised link (and, with neither, a hash of
its title and content). Dates and order play no part, so a feed that re-orders or re-dates its
entries produces no new ones; an entry is new only when none of its keys has been seen before,
so a feed that later adds or drops guids does not repeat itself either.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from socialpub.compose.extract import Format

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid")


@dataclass(frozen=True)
class FeedEntry:
    keys: tuple[str, ...]  # the first is the primary one, stored with the post
    title: str
    link: str | None
    content: str
    fmt: Format

    @property
    def key(self) -> str:
        return self.keys[0]

    def raw_article(self) -> str:
        """The entry as an article: its title on the first line, then its content."""
        if self.fmt == "html":
            title = html.escape(self.title)
            return f"<html><head><title>{title}</title></head><body>{self.content}</body></html>"
        return f"{self.title}\n{self.content}"


class FeedError(ValueError):
    pass


def normalise_link(link: str) -> str:
    """The same article whatever tracking parameters or fragment a feed adds to its link."""
    parts = urlsplit(link.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def _content(entry: Any) -> tuple[str, Format]:
    for item in entry.get("content") or ():
        value = str(item.get("value") or "")
        if value:
            return value, "html" if "html" in str(item.get("type", "")) else "text"
    summary = str(entry.get("summary") or "")
    kind = str((entry.get("summary_detail") or {}).get("type", "text/html"))
    return summary, "html" if "html" in kind else "text"


def _keys(entry: Any, title: str, link: str | None, content: str) -> tuple[str, ...]:
    keys = []
    guid = str(entry.get("id") or "").strip()
    if guid:
        keys.append("id:" + guid)
    if link:
        keys.append("link:" + normalise_link(link))
    if not keys:
        digest = hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:32]
        keys.append("hash:" + digest)
    return tuple(keys)


def parse_feed(data: bytes) -> list[FeedEntry]:
    """The entries of an RSS or Atom document, in document order; raise FeedError if it is none.

    Only bytes are accepted: given a string, feedparser would treat a URL as something to fetch.
    """
    if not isinstance(data, bytes):
        raise TypeError("parse_feed takes the feed document as bytes")
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        raise FeedError(f"not a readable feed: {parsed.get('bozo_exception')}")
    entries = []
    for entry in parsed.entries:
        title = " ".join(str(entry.get("title") or "").split())
        link = str(entry.get("link") or "").strip() or None
        content, fmt = _content(entry)
        if not (title or content):
            continue
        entries.append(FeedEntry(_keys(entry, title, link, content), title, link, content, fmt))
    return entries


def new_entries(entries: Iterable[FeedEntry], seen: set[str]) -> list[FeedEntry]:
    """Entries none of whose keys is in ``seen``, each once even if the feed lists it twice."""
    fresh = []
    known = set(seen)
    for entry in entries:
        if any(key in known for key in entry.keys):
            continue
        known.update(entry.keys)
        fresh.append(entry)
    return fresh
