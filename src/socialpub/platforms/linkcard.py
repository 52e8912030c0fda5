"""Link cards: the title, description and thumbnail a platform shows under a post's link.

``fetch_card(url, policy)`` reads the page's Open Graph data (``og:title``, ``og:description``,
``og:image``; the ``<title>`` and description meta as fallbacks) with compose's safe fetcher
(public addresses only, redirects checked, size and time bounded), then fetches the image the
same way and fits it to ``thumb_limits`` (metadata stripped, scaled below the byte limit).
A card that cannot be made is None, and a thumbnail that cannot be fetched is left out: a post
never fails for want of a preview.

Adapters that build the card themselves (Bluesky's ``app.bsky.embed.external``, LinkedIn's
article) receive it as ``PublishRequest.card``; the others put the link where the platform
builds its own preview. ``describe_card`` is what ``preview`` prints.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import httpx

from socialpub.compose.sources import FetchError, FetchPolicy, Resolver, fetch, system_resolver
from socialpub.platforms.base import LinkCard, MediaItem
from socialpub.platforms.errors import PermanentError
from socialpub.platforms.images import ImageLimits, prepare

log = logging.getLogger(__name__)

PAGE_TYPES = ("text/html", "application/xhtml+xml")
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
PAGE_BYTES = 2_000_000  # Open Graph tags sit in <head>; no need to read a huge page
TITLE_CHARS, DESCRIPTION_CHARS = 300, 1000
# Bluesky's external-embed thumb blob: at most 1,000,000 bytes (app.bsky.embed.external lexicon)
DEFAULT_THUMB_LIMITS = ImageLimits(max_bytes=1_000_000, max_side=2000)


class _OpenGraph(HTMLParser):
    """Collects <meta property/name=... content=...> and <title> from the head; stops at <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.done = True
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = {k.lower(): v or "" for k, v in attrs}
            key = (values.get("property") or values.get("name") or "").lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"].strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.done:
            self.title += data


def parse_card(html: str, url: str) -> LinkCard | None:
    """The card the page at ``url`` describes, or None when it names no title at all.

    The card links to ``url`` (the link we post), never to an ``og:url`` the page claims."""
    parser = _OpenGraph()
    head_end = html.lower().find("<body")
    parser.feed(html if head_end < 0 else html[:head_end])
    meta = parser.meta
    title = " ".join((meta.get("og:title") or meta.get("twitter:title") or parser.title).split())
    if not title:
        return None
    description = meta.get("og:description") or meta.get("description") or ""
    image = meta.get("og:image") or meta.get("og:image:url") or meta.get("twitter:image")
    return LinkCard(
        url=url,
        title=title[:TITLE_CHARS],
        description=" ".join(description.split())[:DESCRIPTION_CHARS],
        image_url=urljoin(url, image) if image else None,
    )


def fetch_card(url: str, policy: FetchPolicy | None = None, **options: Any) -> LinkCard | None:
    """The link card for ``url``; None when the page cannot be read or has no title
    (``read_card`` says why; ``options`` are its keywords)."""
    return read_card(url, policy, **options).card


@dataclass(frozen=True)
class CardResult:
    """A card, or why there is none (what ``preview`` says instead of a card)."""

    card: LinkCard | None
    reason: str | None = None  # None when there is a card
    thumbnail_problem: str | None = None  # the card has an image that could not be fetched


def read_card(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    client: httpx.Client | None = None,
    resolver: Resolver = system_resolver,
    thumb_limits: ImageLimits = DEFAULT_THUMB_LIMITS,
) -> CardResult:
    """``fetch_card`` that also says why there is no card (or no thumbnail)."""
    policy = policy or FetchPolicy()
    page_policy = FetchPolicy(
        policy.allow_hosts, min(policy.max_bytes, PAGE_BYTES), policy.timeout, policy.max_redirects
    )
    try:
        page = fetch(url, page_policy, client=client, resolver=resolver, accept=PAGE_TYPES)
    except FetchError as exc:
        log.info("no link card for %s: %s", url, exc)
        return CardResult(None, str(exc) or type(exc).__name__)
    card = parse_card(page.text(), page.url)
    if card is None:
        return CardResult(None, "the page names no title (no og:title or <title>)")
    card = replace(card, url=url)
    if card.image_url is None:
        return CardResult(card)
    try:
        image = fetch(card.image_url, policy, client=client, resolver=resolver, accept=IMAGE_TYPES)
        item = MediaItem(image.body, image.content_type, alt_text="", filename="thumbnail")
        thumbnail = prepare(item, thumb_limits)
    except (FetchError, PermanentError) as exc:
        log.info("link card for %s without a thumbnail: %s", url, exc)
        return CardResult(card, thumbnail_problem=str(exc))
    return CardResult(replace(card, thumbnail=thumbnail))


def describe_card(card: LinkCard | None) -> str:
    """How ``preview`` shows the card, in a few plain lines."""
    if card is None:
        return "no link card (the page could not be read or has no title)"
    lines = [f"┌ {card.title}"]
    if card.description:
        lines.append(f"│ {card.description[:200]}")
    if card.thumbnail is not None:
        lines.append(f"│ thumbnail: {len(card.thumbnail.data)} bytes, {card.thumbnail.mime_type}")
    elif card.image_url:
        lines.append("│ thumbnail: could not be fetched")
    lines.append(f"└ {card.url}")
    return "\n".join(lines)
