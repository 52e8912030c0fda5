"""Link previews: read from the page's Open Graph data with the safe fetcher, sent as a card by
Bluesky (external embed with a thumbnail blob) and LinkedIn (article), and left to the platform,
pointed at the right link, by Telegram and Threads."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialpub.compose.sources import FetchPolicy
from socialpub.delivery.publish import Attempt, link_card
from socialpub.platforms.base import LinkCard, MemoryCredentialStore, PublishRequest
from socialpub.platforms.bluesky import BlueskyAdapter
from socialpub.platforms.linkcard import describe_card, fetch_card, parse_card
from socialpub.platforms.linkedin import LinkedInAdapter
from socialpub.platforms.telegram import TelegramAdapter
from socialpub.platforms.threads import ThreadsAdapter
from tests.integration.platforms.conftest import build
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.linkedin import LinkedInServer
from tests.platform_servers.runner import run_server
from tests.platform_servers.telegram import TelegramServer
from tests.platform_servers.threads import ThreadsServer

LOOPBACK = FetchPolicy(allow_hosts=("127.0.0.1",))
PAGE = """<!doctype html><html><head>
<title>Fallback title</title>
<meta property="og:title" content="Night clinic opens for shift workers">
<meta property="og:description" content="Nurses and two doctors, 8pm to 2am, no appointment.">
<meta property="og:image" content="/thumb.png">
<meta property="og:url" content="https://elsewhere.example/not-our-link">
</head><body><p>Article text</p></body></html>"""


def big_photo() -> bytes:
    """Noise compresses badly: a PNG well over Bluesky's 1,000,000-byte thumbnail limit."""
    noise = Image.frombytes("RGB", (1000, 800), random.Random(7).randbytes(1000 * 800 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    return out.getvalue()


class Site:
    def __init__(self) -> None:
        self.thumb = big_photo()
        self.page = PAGE

    def app(self) -> Starlette:
        async def article(request: Request) -> Response:
            return HTMLResponse(self.page)

        async def thumb(request: Request) -> Response:
            return Response(self.thumb, media_type="image/png")

        return Starlette(routes=[Route("/article", article), Route("/thumb.png", thumb)])


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    s = Site()
    with run_server(s.app()) as base:
        yield s, f"{base}/article"


def test_open_graph_is_read_and_the_thumbnail_fitted(site: tuple[Site, str]) -> None:
    s, url = site
    card = fetch_card(url, LOOPBACK)
    assert card is not None and card.url == url  # our link, not the page's og:url
    assert card.title == "Night clinic opens for shift workers"
    assert card.description.startswith("Nurses and two doctors")
    assert card.thumbnail is not None and len(s.thumb) > 1_000_000
    assert len(card.thumbnail.data) <= 1_000_000
    assert "Night clinic" in describe_card(card) and "thumbnail:" in describe_card(card)


def test_the_safe_fetcher_guards_card_fetching(site: tuple[Site, str]) -> None:
    _, url = site
    assert fetch_card(url) is None  # loopback is refused unless allowed
    assert parse_card("<html><head></head><body>no title</body></html>", url) is None
    card = parse_card("<title> Only   a title </title>", "https://news.example/a")
    assert card is not None and card.title == "Only a title" and card.image_url is None


def test_bluesky_embeds_an_external_card_with_a_thumbnail_blob(
    site: tuple[Site, str], client: httpx.Client
) -> None:
    _, url = site
    card = fetch_card(url, LOOPBACK)
    with BlueskyServer() as server:
        server.add_account("newsroom.example", "abcd-efgh-ijkl-mnop")
        adapter = build(
            BlueskyAdapter,
            client,
            options={"identifier": "newsroom.example", "service": server.base_url},
            secrets={"app_password": "abcd-efgh-ijkl-mnop"},
        )
        adapter.publish(PublishRequest(f"Night clinic {url}", "k-1", link=url, card=card))
        [post] = server.posts()
        embed = post["embed"]
        assert embed["$type"] == "app.bsky.embed.external"
        external = embed["external"]
        assert (external["uri"], external["title"]) == (url, "Night clinic opens for shift workers")
        blob = external["thumb"]["ref"]["$link"]
        assert 0 < server.blobs[blob] <= 1_000_000


def test_linkedin_shares_an_article_with_its_thumbnail(
    site: tuple[Site, str], client: httpx.Client
) -> None:
    _, url = site
    card = fetch_card(url, LOOPBACK)
    with LinkedInServer() as server:
        member, org = "urn:li:person:1", "urn:li:organization:2"
        server.admins[org] = {member}
        access, _ = server.grant(member)
        adapter = build(
            LinkedInAdapter,
            client,
            store=MemoryCredentialStore(),
            secrets={"access_token": access},
            options={"author": org, "api_base_url": server.base_url},
        )
        made = adapter.publish(PublishRequest("Night clinic", "k-1", link=url, card=card))
        article = server.posts[made.remote_id]["content"]["article"]
        assert article["source"] == url and article["title"].startswith("Night clinic")
        assert server.images[article["thumbnail"]]  # uploaded through the Images API
        plain = adapter.publish(PublishRequest("No card", "k-2", link="https://ex.org/a"))
        assert server.posts[plain.remote_id]["content"]["article"]["title"] == "https://ex.org/a"


def test_telegram_and_threads_preview_the_posts_own_link(client: httpx.Client) -> None:
    link = "https://news.example/clinic"
    with TelegramServer() as server:
        adapter = build(
            TelegramAdapter,
            client,
            options={"chat_id": "@citynews", "api_url": server.base_url},
            secrets={"bot_token": server.issue_token()},
        )
        adapter.publish(PublishRequest(f"See https://other.example and {link}", "k-1", link=link))
        [sent] = server.control.seen("sendMessage", "POST")
        options = json.loads(parse_qs(sent.body.decode())["link_preview_options"][0])
        assert options == {"url": link}  # not the first link in the text
    with ThreadsServer() as threads:
        adapter2 = build(
            ThreadsAdapter,
            client,
            store=MemoryCredentialStore(),
            options={"graph_url": threads.base_url, "poll_seconds": 0.05},
            secrets={"access_token": threads.issue_token()},
        )
        made = adapter2.publish(PublishRequest(f"Clinic {link}", "k-2", link=link))
        assert threads.posts[made.remote_id]["link_attachment_url"] == link


def test_the_worker_fetches_a_card_only_for_adapters_that_send_one(
    site: tuple[Site, str], runtime_factory: Any, client: httpx.Client
) -> None:
    _, url = site
    runtime = runtime_factory(allow_hosts=["127.0.0.1"])
    bluesky = build(
        BlueskyAdapter, client, options={"identifier": "a.example"}, secrets={"app_password": "p"}
    )
    telegram = build(
        TelegramAdapter, client, options={"chat_id": "@x"}, secrets={"bot_token": "1:a"}
    )
    attempt = Attempt(1, "lease", "w", 1, "a", ("text",), (), "key", url, datetime.now(UTC))
    card = link_card(runtime, bluesky, attempt)
    assert isinstance(card, LinkCard) and card.title.startswith("Night clinic")
    assert link_card(runtime, telegram, attempt) is None
