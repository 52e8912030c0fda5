"""The post's language and its content warning / sensitive-media flag reach each platform in the
platform's own terms (Mastodon ``language``/``spoiler_text``/``sensitive``, Bluesky ``langs`` and
a self-label, Pixelfed ``sensitive``, Telegram ``has_spoiler``, Discord ``SPOILER_`` files)."""

from __future__ import annotations

import httpx
import pytest

from socialpub.platforms.base import MediaItem, PublishRequest
from socialpub.platforms.bluesky import SENSITIVE_LABEL, BlueskyAdapter
from socialpub.platforms.discord import DiscordAdapter
from socialpub.platforms.errors import PermanentError
from socialpub.platforms.mastodon import MastodonAdapter
from socialpub.platforms.pixelfed import PixelfedAdapter
from socialpub.platforms.telegram import TelegramAdapter
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.discord import DiscordServer
from tests.platform_servers.mastodon import MastodonServer
from tests.platform_servers.pixelfed import PixelfedServer
from tests.platform_servers.telegram import TelegramServer

PHOTO = MediaItem(PNG, "image/png", alt_text="An operating theatre", filename="theatre.png")
WARNING = "Surgery photos"


def test_mastodon_language_warning_and_sensitive_media(client: httpx.Client) -> None:
    with MastodonServer() as server:
        adapter = build(
            MastodonAdapter,
            client,
            options={"base_url": server.base_url, "language": "en"},
            secrets={"token": server.issue_token()},
        )
        plain = adapter.publish(PublishRequest("Bonjour", "k-1", language="fr"))
        assert server.statuses[plain.remote_id].language == "fr"  # the post's, not the default
        assert server.statuses[plain.remote_id].spoiler_text == ""
        default = adapter.publish(PublishRequest("Hello", "k-2"))
        assert server.statuses[default.remote_id].language == "en"
        warned = adapter.publish(
            PublishRequest(
                "Inside the theatre", "k-3", media=(PHOTO,), content_warning=WARNING, sensitive=True
            )
        )
        status = server.statuses[warned.remote_id]
        assert (status.spoiler_text, status.sensitive) == (WARNING, True)
        with pytest.raises(PermanentError, match="ISO 639"):
            adapter.publish(PublishRequest("Bad tag", "k-4", language="english"))


def test_bluesky_langs_and_self_label(client: httpx.Client) -> None:
    with BlueskyServer() as server:
        server.add_account("newsroom.example", "abcd-efgh-ijkl-mnop")
        adapter = build(
            BlueskyAdapter,
            client,
            options={"identifier": "newsroom.example", "service": server.base_url},
            secrets={"app_password": "abcd-efgh-ijkl-mnop"},
        )
        adapter.publish(PublishRequest("Hallo Welt", "k-1", language="de"))
        adapter.publish(PublishRequest("Graphic", "k-2", media=(PHOTO,), sensitive=True))
        adapter.publish(PublishRequest("No language known", "k-3"))
        by_text = {p["text"]: p for p in server.posts()}
        assert by_text["Hallo Welt"]["langs"] == ["de"] and "labels" not in by_text["Hallo Welt"]
        labels = by_text["Graphic"]["labels"]
        assert labels["$type"] == "com.atproto.label.defs#selfLabels"
        assert labels["values"] == [{"val": SENSITIVE_LABEL}]
        assert "langs" not in by_text["No language known"]


def test_pixelfed_sensitive_with_warning(client: httpx.Client) -> None:
    with PixelfedServer() as server:
        adapter = build(
            PixelfedAdapter,
            client,
            options={"base_url": server.base_url},
            secrets={"token": server.issue_token()},
        )
        made = adapter.publish(
            PublishRequest("Theatre", "k-1", media=(PHOTO,), content_warning=WARNING)
        )
        assert server._render(server.statuses[made.remote_id])["sensitive"] is True


def test_telegram_and_discord_cover_sensitive_photos(client: httpx.Client) -> None:
    with TelegramServer() as server:
        adapter = build(
            TelegramAdapter,
            client,
            options={"chat_id": "@citynews", "api_url": server.base_url},
            secrets={"bot_token": server.issue_token()},
        )
        one = adapter.publish(PublishRequest("One", "k-1", media=(PHOTO,), sensitive=True))
        two = adapter.publish(PublishRequest("Two", "k-2", media=(PHOTO, PHOTO), sensitive=True))
        plain = adapter.publish(PublishRequest("Plain", "k-3", media=(PHOTO,)))
        for result, covered in ((one, True), (two, True), (plain, False)):
            message_id = int(result.remote_id.rsplit(":", 1)[1])
            assert server.messages[message_id]["has_media_spoiler"] is covered
    with DiscordServer() as discord:
        url = discord.create_webhook()
        hook = build(DiscordAdapter, client, options={}, secrets={"webhook_url": url})
        sent = hook.publish(PublishRequest("Blurred", "k-4", media=(PHOTO,), sensitive=True))
        [attachment] = discord.messages[sent.remote_id]["attachments"]
        assert attachment["filename"] == "SPOILER_theatre.png"
