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

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import (
    MediaItem,
    PostMetrics,
    PublishRequest,
    PublishResult,
    Quota,
)
from socialpub.platforms.errors import AuthError, PermanentError
from socialpub.platforms.graph import GraphAdapter, GraphOptions
from socialpub.platforms.http import HttpUrl
from socialpub.platforms.matching import same_post

PHOTO_BYTES = 4 * 1024 * 1024
# summaries only: the counts, not the reactions and comments themselves
METRIC_FIELDS = ",".join(
    ("reactions.limit(0).summary(total_count)", "comments.limit(0).summary(total_count)", "shares")
)


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class FacebookOptions(GraphOptions):
    page_id: str
    graph_url: HttpUrl = "https://graph.facebook.com"
    api_version: str = "v25.0"
    web_url: HttpUrl = "https://www.facebook.com"


class FacebookAdapter(GraphAdapter):
    kind = "facebook"
    Options = FacebookOptions
    secret_names = frozenset({"page_token"})
    required_secrets = frozenset({"page_token"})
    options: FacebookOptions
    # Graph API: 200 calls per user per hour, the conservative platform limit
    quota = Quota(200, 3600)
    text_field = "message"
    takes_comments = True  # a reply is the page's comment on its post (a first comment)
    permalink_field = "permalink_url"
    default_limits = PlatformLimits(
        platform="facebook",
        max_length=63206,
        counting=Counting.UTF16,
        default_hashtags=3,
        max_images=10,
        max_image_bytes=PHOTO_BYTES,
    )

    def access_token(self) -> str:
        return self.secret("page_token")

    def feed_path(self) -> str:
        return f"{self.options.page_id}/posts"

    def _photo(self, item: MediaItem) -> str:
        if len(item.data) > PHOTO_BYTES:
            raise PermanentError(f"photo {item.filename} is over Facebook's {PHOTO_BYTES} bytes")
        data = {"published": "false"}
        if item.alt_text:
            data["alt_text_custom"] = item.alt_text
        uploaded = self.call(
            "POST",
            f"{self.options.page_id}/photos",
            mutating=True,
            data=data,
            files={"source": (item.filename, item.data, item.mime_type)},
        )
        return str(uploaded["id"])

    def _comment(self, request: PublishRequest, post_id: str) -> PublishResult:
        """Page posts cannot be threaded; a reply is the page's comment on the post."""
        created = self.call(
            "POST", f"{post_id}/comments", mutating=True, data={"message": request.text}
        )
        comment_id = str(created["id"])
        return PublishResult(
            comment_id, f"{self.options.web_url}/{post_id}?comment_id={comment_id}"
        )

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        if not request.reply_to:
            return super().lookup(request)
        comments = self.call(
            "GET",
            f"{request.reply_to}/comments",
            mutating=False,
            params={"fields": "id,message", "limit": self.options.lookup_depth},
        )
        for comment in comments.get("data", []):
            if same_post(request.text, comment.get("message") or ""):
                url = f"{self.options.web_url}/{request.reply_to}?comment_id={comment['id']}"
                return PublishResult(str(comment["id"]), url)
        return None

    def publish(self, request: PublishRequest) -> PublishResult:
        if request.reply_to:
            return self._comment(request, request.reply_to)
        form: dict[str, str] = {"message": request.text}
        if request.link and not request.media:
            form["link"] = request.link
        for i, item in enumerate(request.media):
            form[f"attached_media[{i}]"] = json.dumps({"media_fbid": self._photo(item)})

        def create() -> PublishResult:
            created = self.call("POST", f"{self.options.page_id}/feed", mutating=True, data=form)
            post_id = str(created["id"])
            return PublishResult(remote_id=post_id, url=f"{self.options.web_url}/{post_id}")

        return self.publish_once(request, create)

    def metrics(self, remote_id: str) -> PostMetrics | None:
        """The post's public counts: all reactions as likes, comments as replies, shares as
        reposts. No impressions: Meta retired the Page ``impressions`` insights metrics on
        15 November 2025 (their ``views`` replacements need ``read_insights``)."""
        post = self.call("GET", remote_id, mutating=False, params={"fields": METRIC_FIELDS})
        reactions = (post.get("reactions") or {}).get("summary") or {}
        comments = (post.get("comments") or {}).get("summary") or {}
        # Graph leaves ``shares`` out of the answer for a post nobody has shared
        shares = post.get("shares") or {"count": 0}
        return PostMetrics(
            likes=_count(reactions.get("total_count")),
            replies=_count(comments.get("total_count")),
            reposts=_count(shares.get("count")),
        )

    def verify_credentials(self) -> str:
        me = self.call("GET", "me", mutating=False, params={"fields": "id,name"})
        if str(me.get("id")) != self.options.page_id:
            raise AuthError(
                f"the token belongs to {me.get('name')!r} ({me.get('id')}), "
                f"not to page {self.options.page_id}"
            )
        return f"page {me.get('name')} ({me['id']})"
