"""X (Twitter) API v2: ``POST /2/tweets`` with an OAuth 2.0 user token that is refreshed.

Tokens: the configured refresh token (``refresh_token_env``) is exchanged at
``POST /2/oauth2/token``; X rotates refresh tokens on every use, so each new pair is stored
(encrypted) at once. Refreshed before expiry and on a 401; a refused refresh blocks the account.
Idempotency: X has none. ``lookup`` matches our recent tweets by text (links masked, since X
returns t.co links), and a 403 "duplicate content" on a retry is resolved the same way.
Throttling: 429 with ``x-rate-limit-reset`` in epoch seconds, or the 24-hour posting caps' resets.

Account table: platform = "x", client_id = "...", refresh_token_env = "X_REFRESH_TOKEN" (optional:
   access_token_env, client_secret_env for a confidential client).
"""

from __future__ import annotations

import base64
import html
import time
from typing import Any

import httpx

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import (
    AdapterOptions,
    MediaItem,
    PostMetrics,
    PublishRequest,
    PublishResult,
    Quota,
)
from socialpub.platforms.errors import DuplicatePost, PermanentError, PlatformError
from socialpub.platforms.http import (
    HttpAdapter,
    HttpUrl,
    json_or_none,
    parse_retry_after,
    seconds_until,
)
from socialpub.platforms.matching import same_post
from socialpub.platforms.oauth import TokenKeeper, TokenSet

IMAGE_BYTES = 5 * 1024 * 1024


class XOptions(AdapterOptions):
    client_id: str
    api_base_url: HttpUrl = "https://api.x.com"
    web_url: HttpUrl = "https://x.com"


def _describe(response: httpx.Response) -> str:
    data = json_or_none(response)
    if isinstance(data, dict):
        errors = data.get("errors") or []
        detail = "; ".join(str(e.get("message", "")) for e in errors if isinstance(e, dict))
        return detail or str(data.get("detail") or data.get("error_description") or data)
    return response.text[:300]


def _classify(response: httpx.Response) -> PlatformError | None:
    if response.status_code == 403 and "duplicate content" in response.text:
        return DuplicatePost(f"HTTP 403: {_describe(response)}", status=403)
    return None


def _retry_after(response: httpx.Response) -> float | None:
    """The latest reset among the exhausted limits: the 15-minute window, or the 24-hour user
    and app posting caps (``x-user-limit-24hour-*``, ``x-app-limit-24hour-*``) when those ran out.
    """
    waits = []
    for prefix in ("x-user-limit-24hour", "x-app-limit-24hour", "x-rate-limit"):
        if response.headers.get(f"{prefix}-remaining") == "0":
            waits.append(seconds_until(response.headers.get(f"{prefix}-reset")))
    found = [w for w in waits if w is not None]
    if found:
        return max(found)
    return seconds_until(response.headers.get("x-rate-limit-reset")) or parse_retry_after(
        response.headers.get("Retry-After")
    )


class XAdapter(HttpAdapter):
    kind = "x"
    needs_stored_tokens = True
    Options = XOptions
    secret_names = frozenset({"access_token", "refresh_token", "client_secret"})
    required_secrets = frozenset({"refresh_token"})
    options: XOptions
    # POST /2/tweets: 100 per 24 h per user on the Basic tier (developer.x.com rate limits)
    quota = Quota(100, 24 * 3600)
    max_image_side = 8192  # docs.x.com media best practices
    default_limits = PlatformLimits(
        platform="x",
        max_length=280,
        counting=Counting.TWITTER,
        url_length=23,
        threads=True,
        max_thread_parts=10,
        default_hashtags=2,
        max_images=4,
        max_image_bytes=IMAGE_BYTES,
    )

    def base_url(self) -> str:
        return self.options.api_base_url

    def describe(self, response: httpx.Response) -> str:
        return _describe(response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return _retry_after(response)

    def classify(self, response: httpx.Response) -> PlatformError | None:
        return _classify(response)

    def token_keeper(self) -> TokenKeeper:
        return self.keeper

    @property
    def keeper(self) -> TokenKeeper:
        access = self.account.secrets.get("access_token")
        seed = TokenSet(access or "", self.secret("refresh_token"), None if access else 0.0)
        return TokenKeeper(
            self.account.name,
            self.credentials,
            seed,
            self._refresh,
            credential=self.account.secrets.get("client_secret", ""),
        )

    def _refresh(self, current: TokenSet) -> TokenSet:
        form = {"grant_type": "refresh_token", "refresh_token": current.refresh_token or ""}
        headers = {}
        secret = self.account.secrets.get("client_secret")
        if secret:  # confidential client: HTTP Basic with client id and secret
            pair = f"{self.options.client_id}:{secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        else:
            form["client_id"] = self.options.client_id
        data = self.call(
            "POST",
            "/2/oauth2/token",
            mutating=False,
            authorized=False,
            data=form,
            headers=headers,
        )
        return TokenSet(
            data["access_token"],
            data.get("refresh_token") or current.refresh_token,
            time.time() + float(data.get("expires_in", 7200)),
        )

    def _upload(self, item: MediaItem) -> str:
        if len(item.data) > IMAGE_BYTES:
            raise PermanentError(f"image {item.filename} is over X's {IMAGE_BYTES} bytes")
        data = self.call(
            "POST",
            "/2/media/upload",
            mutating=True,
            files={"media": (item.filename, item.data, item.mime_type)},
            data={"media_category": "tweet_image"},
        )
        media_id = str(data["data"]["id"])
        if item.alt_text:
            self.call(
                "POST",
                "/2/media/metadata",
                mutating=True,
                json={"id": media_id, "metadata": {"alt_text": {"text": item.alt_text[:1000]}}},
            )
        return media_id

    def _result(self, tweet_id: str) -> PublishResult:
        return PublishResult(
            remote_id=tweet_id, url=f"{self.options.web_url}/i/web/status/{tweet_id}"
        )

    def publish(self, request: PublishRequest) -> PublishResult:
        body: dict[str, Any] = {"text": request.text}
        if request.media:
            body["media"] = {"media_ids": [self._upload(m) for m in request.media]}
        if request.reply_to:
            body["reply"] = {"in_reply_to_tweet_id": request.reply_to}

        def create() -> PublishResult:
            data = self.call("POST", "/2/tweets", mutating=True, json=body)
            return self._result(str(data["data"]["id"]))

        return self.publish_once(request, create)  # a duplicate: our earlier attempt went through

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        me = self.call("GET", "/2/users/me", mutating=False)["data"]
        recent = (
            self.call(
                "GET",
                f"/2/users/{me['id']}/tweets",
                mutating=False,
                params={
                    "max_results": max(self.options.lookup_depth, 5),
                    "tweet.fields": "created_at,referenced_tweets",
                },
            ).get("data")
            or []
        )
        for tweet in recent:
            replied = [
                r["id"]
                for r in tweet.get("referenced_tweets") or []
                if r.get("type") == "replied_to"
            ]
            if (replied[:1] or [None])[0] != request.reply_to:
                continue
            # X returns text with &, < and > as HTML entities and links as t.co links
            if same_post(request.text, html.unescape(tweet.get("text", "")), mask_urls=True):
                return self._result(str(tweet["id"]))
        return None

    def delete(self, remote_id: str) -> None:
        self.call("DELETE", f"/2/tweets/{remote_id}", mutating=True)

    def metrics(self, remote_id: str) -> PostMetrics | None:
        data = self.call(
            "GET",
            f"/2/tweets/{remote_id}",
            mutating=False,
            params={"tweet.fields": "public_metrics"},
        )
        counts = (data.get("data") or {}).get("public_metrics") or {}
        return PostMetrics(
            likes=counts.get("like_count"),
            reposts=counts.get("retweet_count"),
            replies=counts.get("reply_count"),
            quotes=counts.get("quote_count"),
            impressions=counts.get("impression_count"),
        )

    def verify_credentials(self) -> str:
        me = self.call("GET", "/2/users/me", mutating=False)["data"]
        return f"@{me['username']} (id {me['id']})"
