"""Mastodon (any instance): ``POST /api/v1/statuses`` with ``Idempotency-Key``, ``/api/v2/media``.

Idempotency: the delivery's key goes in the ``Idempotency-Key`` header, so a retried POST returns
the status the first one made instead of a second one; Mastodon keeps keys for an hour only, so
``lookup`` does not rely on them: it lists the account's recent statuses and matches the text.
Tokens do not expire; a 401 is an ``AuthError``.
Throttling: 429 with ``X-RateLimit-Reset`` as an ISO 8601 timestamp.

Account table: platform = "mastodon", base_url = "https://mastodon.social", token_env =
   "MASTODON_TOKEN" (optional: max_characters, visibility, language).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, Literal

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import MediaItem, PublishRequest, PublishResult, Quota
from socialpub.platforms.errors import PermanentError, TransientError
from socialpub.platforms.mastodon_api import MastodonApiAdapter, MastodonApiOptions

IMAGE_BYTES = 16 * 1024 * 1024


class MastodonOptions(MastodonApiOptions):
    max_characters: int | None = None  # the instance's own limit when it is not 500
    visibility: Literal["public", "unlisted", "private", "direct"] = "public"
    language: str | None = None
    media_wait_seconds: float = 30.0
    lookup_depth: int = 40  # the most one page of statuses holds


class MastodonAdapter(MastodonApiAdapter):
    kind = "mastodon"
    Options = MastodonOptions
    secret_names = frozenset({"token"})
    required_secrets = frozenset({"token"})
    options: MastodonOptions
    lookup_params = (("exclude_reblogs", "true"),)
    # POST /api/v1/statuses: 300 per 3 h per account (docs.joinmastodon.org/api/rate-limits)
    quota = Quota(300, 3 * 3600)
    max_image_pixels = 33_177_600  # /api/v2/instance image_matrix_limit (7680×4320)
    default_limits = PlatformLimits(
        platform="mastodon",
        max_length=500,
        counting=Counting.CODEPOINTS,
        url_length=23,
        threads=True,
        max_thread_parts=10,
        default_hashtags=4,  # Mastodon has no algorithmic feed: hashtags are how posts are found
        max_images=4,
        max_image_bytes=IMAGE_BYTES,
    )

    @property
    def limits(self) -> PlatformLimits:
        if self.options.max_characters is None:
            return self.default_limits
        return replace(self.default_limits, max_length=self.options.max_characters)

    def _upload(self, item: MediaItem) -> str:
        response = self.request(
            "POST",
            "/api/v2/media",
            mutating=True,
            files={"file": (item.filename, item.data, item.mime_type)},
            data={"description": item.alt_text} if item.alt_text else {},
        )
        media: dict[str, Any] = response.json()
        deadline = time.monotonic() + self.options.media_wait_seconds
        delay = 0.2
        while response.status_code == 202 or media.get("url") is None:
            if time.monotonic() > deadline:
                raise TransientError(f"media {media['id']} still processing; try again later")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
            response = self.request("GET", f"/api/v1/media/{media['id']}", mutating=False)
            media = response.json()
            if response.status_code == 200:
                break
        return str(media["id"])

    def publish(self, request: PublishRequest) -> PublishResult:
        if len(request.media) > self.limits.max_images:
            raise PermanentError(f"Mastodon takes at most {self.limits.max_images} images")
        media_ids = [self._upload(item) for item in request.media]
        body: dict[str, Any] = {"status": request.text, "visibility": self.options.visibility}
        if media_ids:
            body["media_ids"] = media_ids
        if request.reply_to:
            body["in_reply_to_id"] = request.reply_to
        language = request.language or self.options.language
        if language:
            body["language"] = language
        if request.content_warning:
            body["spoiler_text"] = request.content_warning
        if request.sensitive and media_ids:
            body["sensitive"] = True
        response = self.request(
            "POST",
            "/api/v1/statuses",
            mutating=True,
            json=body,
            headers={"Idempotency-Key": request.idempotency_key},
        )
        status = response.json()
        return PublishResult(
            remote_id=str(status["id"]),
            url=status.get("url") or status["uri"],
            status=response.status_code,
        )
