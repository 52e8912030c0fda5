"""Pixelfed (any instance): photo posts through its Mastodon-compatible REST API.

``POST /api/v1/media`` uploads each image synchronously (alt text as ``description``), then
``POST /api/v1/statuses`` posts the caption with ``media_ids[]``. A Pixelfed post needs at least
one image ("Empty statuses are not allowed", a 403 that is not an auth problem), so a post
without one is refused before anything is sent. Defaults from Pixelfed's ``config/pixelfed.php``:
captions of 500 characters, albums of 4 photos, 15,000 KB per photo; an instance may change them
(``max_caption_length``). Idempotency: none; ``lookup`` matches the account's recent posts.
Throttling: 429 with ``X-RateLimit-Reset`` (ISO 8601), as on Mastodon. What the two APIs share
(lookup, delete, metrics, credentials) lives in ``mastodon_api.py``.

Account table: platform = "pixelfed", base_url = "https://pixelfed.social", token_env =
   "PIXELFED_TOKEN" (optional: max_caption_length, visibility).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

import httpx

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import PublishRequest, PublishResult, Quota
from socialpub.platforms.errors import PermanentError, PlatformError
from socialpub.platforms.mastodon_api import MastodonApiAdapter, MastodonApiOptions

PHOTO_BYTES = 15_000 * 1024


class PixelfedOptions(MastodonApiOptions):
    max_caption_length: int = 500
    visibility: Literal["public", "unlisted", "private"] = "public"


class PixelfedAdapter(MastodonApiAdapter):
    kind = "pixelfed"
    Options = PixelfedOptions
    secret_names = required_secrets = frozenset({"token"})
    options: PixelfedOptions
    # Pixelfed keeps Mastodon's status limit: 300 per 3 h per account
    quota = Quota(300, 3 * 3600)
    default_limits = PlatformLimits(
        platform="pixelfed",
        max_length=500,
        counting=Counting.CODEPOINTS,
        default_hashtags=5,  # hashtags are how photos are found on Pixelfed
        max_images=4,
        max_image_bytes=PHOTO_BYTES,
    )

    @property
    def limits(self) -> PlatformLimits:
        return replace(self.default_limits, max_length=self.options.max_caption_length)

    def classify(self, response: httpx.Response) -> PlatformError | None:
        if response.status_code == 403 and "Empty statuses" in response.text:
            return PermanentError("Pixelfed posts need at least one image", status=403)
        return None

    def publish(self, request: PublishRequest) -> PublishResult:
        if not request.media and not request.reply_to:
            raise PermanentError("Pixelfed posts need at least one image")
        if len(request.media) > self.limits.max_images:
            raise PermanentError(f"Pixelfed albums hold at most {self.limits.max_images} photos")
        media_ids = []
        for item in request.media:
            if len(item.data) > PHOTO_BYTES:
                raise PermanentError(f"photo {item.filename} is over {PHOTO_BYTES} bytes")
            uploaded = self.call(
                "POST",
                "/api/v1/media",
                mutating=True,  # an unattached upload is never shown, but it counts
                files={"file": (item.filename, item.data, item.mime_type)},
                data={"description": item.alt_text} if item.alt_text else {},
            )
            media_ids.append(str(uploaded["id"]))
        body: dict[str, Any] = {"status": request.text, "visibility": self.options.visibility}
        body |= {"media_ids": media_ids} if media_ids else {}
        body |= {"in_reply_to_id": request.reply_to} if request.reply_to else {}
        if request.sensitive or request.content_warning:
            body |= {"sensitive": True, "spoiler_text": request.content_warning or ""}
        status = self.call("POST", "/api/v1/statuses", mutating=True, json=body)
        return PublishResult(str(status["id"]), status.get("url") or status.get("uri"))
