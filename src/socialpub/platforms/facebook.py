"""Facebook Pages via the Graph API: ``POST /{page-id}/feed``, photos via ``/{page-id}/photos``.

The Page access token travels in an ``Authorization: Bearer`` header, never in the URL, so it
cannot end up in access logs. Page tokens made from a long-lived user token do not expire;
error 190 means it was invalidated (password change, app removed) and is an ``AuthError``.
Idempotency: none offered. ``lookup`` matches the page's recent posts by message; a retry
refused as a duplicate (506) is resolved the same way. Errors follow ``graph.classify``:
codes 1, 2 transient; 4, 17, 32, 341, 368, 613 throttled with the Business Use Case wait.

Account table: platform = "facebook", page_id = "1029384756", page_token_env = "FB_PAGE_TOKEN"
   (optional: api_version).
"""

from __future__ import annotations

import json
from typing import Any

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms import graph
from socialpub.platforms.base import (
    Adapter,
    AdapterOptions,
    MediaItem,
    PublishRequest,
    PublishResult,
)
from socialpub.platforms.errors import AuthError, PermanentError
from socialpub.platforms.http import HttpUrl
from socialpub.platforms.matching import same_post

PHOTO_BYTES = 4 * 1024 * 1024


class FacebookOptions(AdapterOptions):
    page_id: str
    graph_url: HttpUrl = "https://graph.facebook.com"
    api_version: str = "v25.0"
    web_url: HttpUrl = "https://www.facebook.com"
    timeout_seconds: float = 15.0
    lookup_depth: int = 25


class FacebookAdapter(Adapter):
    kind = "facebook"
    Options = FacebookOptions
    secret_names = frozenset({"page_token"})
    required_secrets = frozenset({"page_token"})
    options: FacebookOptions
    default_limits = PlatformLimits(
        platform="facebook",
        max_length=63206,
        counting=Counting.UTF16,
        default_hashtags=3,
        max_images=10,
        max_image_bytes=PHOTO_BYTES,
    )

    def _call(self, method: str, path: str, *, mutating: bool, **kwargs: Any) -> Any:
        base = f"{self.options.graph_url.rstrip('/')}/{self.options.api_version}"
        token = self.secret("page_token")
        timeout = self.options.timeout_seconds
        return graph.call(
            self.client, base, token, method, path, mutating=mutating, timeout=timeout, **kwargs
        )

    def _photo(self, item: MediaItem) -> str:
        if len(item.data) > PHOTO_BYTES:
            raise PermanentError(f"photo {item.filename} is over Facebook's {PHOTO_BYTES} bytes")
        data = {"published": "false"}
        if item.alt_text:
            data["alt_text_custom"] = item.alt_text
        uploaded = self._call(
            "POST",
            f"{self.options.page_id}/photos",
            mutating=True,
            data=data,
            files={"source": (item.filename, item.data, item.mime_type)},
        )
        return str(uploaded["id"])

    def publish(self, request: PublishRequest) -> PublishResult:
        if request.reply_to:
            raise PermanentError("Facebook Page posts cannot be threaded")
        form: dict[str, str] = {"message": request.text}
        if request.link and not request.media:
            form["link"] = request.link
        for i, item in enumerate(request.media):
            form[f"attached_media[{i}]"] = json.dumps({"media_fbid": self._photo(item)})
        try:
            created = self._call("POST", f"{self.options.page_id}/feed", mutating=True, data=form)
        except graph.DuplicatePost:
            found = self.lookup(request)
            if found is None:
                raise
            return found
        post_id = str(created["id"])
        return PublishResult(remote_id=post_id, url=f"{self.options.web_url}/{post_id}")

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        recent = self._call(
            "GET",
            f"{self.options.page_id}/posts",
            mutating=False,
            params={"fields": "id,message,permalink_url", "limit": self.options.lookup_depth},
        )
        for post in recent.get("data", []):
            if same_post(request.text, post.get("message", "")):
                return PublishResult(remote_id=str(post["id"]), url=post.get("permalink_url"))
        return None

    def delete(self, remote_id: str) -> None:
        try:
            self._call("DELETE", remote_id, mutating=True)
        except PermanentError as exc:
            if "does not exist" not in exc.message:
                raise

    def verify_credentials(self) -> str:
        me = self._call("GET", "me", mutating=False, params={"fields": "id,name"})
        if str(me.get("id")) != self.options.page_id:
            raise AuthError(
                f"the token belongs to {me.get('name')!r} ({me.get('id')}), "
                f"not to page {self.options.page_id}"
            )
        return f"page {me.get('name')} ({me['id']})"
