"""Threads (Meta): a media container is created, polled until ``FINISHED``, then published.

A timeout while creating a container is harmless (an unpublished container just expires), so it
is retried as a transient error; only ``threads_publish`` can leave an unknown outcome. Tokens
are long-lived (60 days) and refreshed with ``th_refresh_token`` a week before they expire (set
``token_expires_at`` for the configured one; refreshed tokens carry their own expiry) and once on
error 190; a refused refresh blocks the account. Idempotency: none; ``lookup`` matches our recent
posts by text. Images are not supported: Threads fetches media from a public URL and socialpub
has no image host. Counting: 500 characters, but Threads counts an emoji as its UTF-8 bytes,
which the compose counting does not model yet, so ``publish`` checks before sending.

Account table: platform = "threads", access_token_env = "THREADS_TOKEN" (optional:
   token_expires_at = 2027-01-20T00:00:00Z, user_id).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from socialpub.compose.counting import emoji_bytes
from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import PostMetrics, PublishRequest, PublishResult, Quota
from socialpub.platforms.errors import (
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.graph import GraphAdapter, GraphOptions, insight_values
from socialpub.platforms.http import HttpUrl
from socialpub.platforms.oauth import TokenKeeper, TokenSet


def threads_length(text: str) -> int:
    """Length as Threads counts it: characters, except that an emoji counts its UTF-8 bytes."""
    return emoji_bytes(text)


class ThreadsOptions(GraphOptions):
    user_id: str = "me"
    graph_url: HttpUrl = "https://graph.threads.net"
    api_version: str = "v1.0"
    token_expires_at: datetime | None = None
    poll_seconds: float = 2.0
    publish_wait_seconds: float = 120.0


class ThreadsAdapter(GraphAdapter):
    kind = "threads"
    needs_stored_tokens = True
    Options = ThreadsOptions
    secret_names = frozenset({"access_token"})
    required_secrets = frozenset({"access_token"})
    options: ThreadsOptions
    # 250 API-published posts per 24 h per profile (developers.facebook.com/docs/threads)
    quota = Quota(250, 24 * 3600)
    text_field = "text"
    permalink_field = "permalink"
    default_limits = PlatformLimits(
        platform="threads",
        max_length=500,
        counting=Counting.EMOJI_BYTES,
        threads=True,
        max_thread_parts=10,
        default_hashtags=1,
    )

    def feed_path(self) -> str:
        return f"{self.options.user_id}/threads"

    def token_keeper(self) -> TokenKeeper:
        return self.keeper

    @property
    def keeper(self) -> TokenKeeper:
        expires = self.options.token_expires_at
        seed = TokenSet(self.secret("access_token"), None, expires.timestamp() if expires else None)
        return TokenKeeper(
            self.account.name, self.credentials, seed, self._refresh, margin=7 * 86400
        )

    def _refresh(self, current: TokenSet) -> TokenSet:
        data = self.call(
            "GET",
            f"{self.options.graph_url.rstrip('/')}/refresh_access_token",
            mutating=False,
            authorized=False,
            params={"grant_type": "th_refresh_token"},
            headers={"Authorization": f"Bearer {current.access_token}"},
        )
        return TokenSet(data["access_token"], None, time.time() + float(data["expires_in"]))

    def _wait_until_finished(self, container: str) -> None:
        deadline = time.monotonic() + self.options.publish_wait_seconds
        while True:
            state = self.call(
                "GET", container, mutating=False, params={"fields": "status,error_message"}
            )
            status = state.get("status")
            if status == "FINISHED":
                return
            if status == "ERROR":
                raise PermanentError(
                    f"Threads could not process the post: "
                    f"{state.get('error_message', 'no reason given')}"
                )
            if status == "EXPIRED" or time.monotonic() > deadline:
                raise TransientError(f"container {container} is {status}; will try again")
            time.sleep(self.options.poll_seconds)

    def publish(self, request: PublishRequest) -> PublishResult:
        if request.media:
            raise PermanentError(
                "Threads fetches images from a public URL; socialpub has no "
                "image host, so Threads posts are text only"
            )
        if threads_length(request.text) > self.limits.max_length:
            raise PermanentError(
                f"{threads_length(request.text)} characters as Threads counts "
                f"them (emoji count their bytes); the limit is 500"
            )
        self._check_publishing_limit(reply=request.reply_to is not None)
        params = {"media_type": "TEXT", "text": request.text}
        if request.link:  # the preview card Threads shows under a text post
            params["link_attachment"] = request.link
        if request.reply_to:
            params["reply_to_id"] = request.reply_to
        try:
            created = self.call(
                "POST", f"{self.options.user_id}/threads", mutating=True, data=params
            )
        except UnknownOutcome as exc:  # an unpublished container is never shown
            raise TransientError(f"creating the container: {exc.message}") from exc
        self._wait_until_finished(str(created["id"]))
        published = self.call(
            "POST",
            f"{self.options.user_id}/threads_publish",
            mutating=True,
            data={"creation_id": created["id"]},
        )
        media_id = str(published["id"])
        return PublishResult(remote_id=media_id, url=self._permalink(media_id))

    def _check_publishing_limit(self, *, reply: bool) -> None:
        """Wait (``RateLimited``) rather than fail when the profile's moving 24-hour allowance
        (250 posts, 1,000 replies) is used up: ``threads_publish`` would refuse the post."""
        prefix = "reply_" if reply else ""
        found = self.call(
            "GET",
            f"{self.options.user_id}/threads_publishing_limit",
            mutating=False,
            params={"fields": f"{prefix}quota_usage,{prefix}config"},
        ).get("data") or [{}]
        usage = found[0].get(f"{prefix}quota_usage")
        config = found[0].get(f"{prefix}config") or {}
        total, window = config.get("quota_total"), config.get("quota_duration") or 86400
        if isinstance(usage, int) and isinstance(total, int) and usage >= total:
            # the window moves: a slot frees when the oldest post leaves it, which the API does
            # not say; look again in an hour (or sooner for a short window)
            raise RateLimited(
                f"Threads publishing limit reached ({usage} of {total} "
                f"{'replies' if reply else 'posts'} in {window // 3600} h); waiting",
                retry_after=min(float(window), 3600.0),
            )

    def _permalink(self, media_id: str) -> str | None:
        """Best effort: the post exists already, so failing to learn its URL is not a failure."""
        try:
            return str(
                self.call("GET", media_id, mutating=False, params={"fields": "permalink"})[
                    "permalink"
                ]
            )
        except (PlatformError, KeyError):
            return None

    def metrics(self, remote_id: str) -> PostMetrics | None:
        """Media insights (``GET /{media-id}/insights``, needs ``threads_manage_insights``);
        ``views`` is what Threads counts as the post being shown, our impressions."""
        counts = insight_values(
            self.call(
                "GET",
                f"{remote_id}/insights",
                mutating=False,
                params={"metric": "views,likes,replies,reposts,quotes"},
            )
        )
        return PostMetrics(
            likes=counts.get("likes"),
            reposts=counts.get("reposts"),
            replies=counts.get("replies"),
            quotes=counts.get("quotes"),
            impressions=counts.get("views"),
        )

    def verify_credentials(self) -> str:
        me = self.call("GET", "me", mutating=False, params={"fields": "id,username"})
        expires = self.keeper.tokens().expires_at
        if expires is None:
            return (
                f"@{me['username']} (id {me['id']}); the token's expiry is unknown, so it "
                "cannot be renewed in time: set token_expires_at"
            )
        return f"@{me['username']} (id {me['id']}), token renewed before {_day(expires)}"


def _day(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).date().isoformat()
