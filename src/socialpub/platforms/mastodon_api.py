"""The Mastodon-compatible REST API that Mastodon and Pixelfed share: bearer token, rate-limit
reset as ISO 8601 in ``X-RateLimit-Reset``, and the same status calls to find a post again
(``lookup`` reads the account's recent statuses and matches text and reply target), delete it,
read its public counts and check the credentials. Each platform's module keeps what differs:
limits, uploads and the body of a new status.
"""

from __future__ import annotations

from typing import ClassVar

import httpx

from socialpub.platforms.base import AdapterOptions, PostMetrics, PublishRequest, PublishResult
from socialpub.platforms.errors import PermanentError
from socialpub.platforms.http import HttpAdapter, HttpUrl, parse_retry_after, seconds_until
from socialpub.platforms.matching import html_to_text, same_post


class MastodonApiOptions(AdapterOptions):
    base_url: HttpUrl


class MastodonApiAdapter(HttpAdapter):
    options: MastodonApiOptions
    # extra query of the recent-statuses call ``lookup`` reads (Mastodon can leave boosts out)
    lookup_params: ClassVar[tuple[tuple[str, str], ...]] = ()

    def base_url(self) -> str:
        return self.options.base_url

    def access_token(self) -> str:
        return self.secret("token")

    def retry_after(self, response: httpx.Response) -> float | None:
        reset = seconds_until(response.headers.get("X-RateLimit-Reset"))
        return reset or parse_retry_after(response.headers.get("Retry-After"))

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        me = self.call("GET", "/api/v1/accounts/verify_credentials", mutating=False)
        recent = self.call(
            "GET",
            f"/api/v1/accounts/{me['id']}/statuses",
            mutating=False,
            params={"limit": self.options.lookup_depth, **dict(self.lookup_params)},
        )
        for status in recent:
            if status.get("in_reply_to_id") != request.reply_to:
                continue  # a reply (thread part, first comment) is found under its own parent
            if same_post(request.text, html_to_text(status.get("content") or "")):
                return PublishResult(str(status["id"]), status.get("url") or status.get("uri"))
        return None

    def delete(self, remote_id: str) -> None:
        try:
            self.call("DELETE", f"/api/v1/statuses/{remote_id}", mutating=True)
        except PermanentError as exc:
            if exc.status != 404:  # already gone is what we wanted
                raise

    def metrics(self, remote_id: str) -> PostMetrics | None:
        status = self.call("GET", f"/api/v1/statuses/{remote_id}", mutating=False)
        return PostMetrics(
            likes=status.get("favourites_count"),
            reposts=status.get("reblogs_count"),
            replies=status.get("replies_count"),
        )

    def verify_credentials(self) -> str:
        me = self.call("GET", "/api/v1/accounts/verify_credentials", mutating=False)
        return f"@{me['username']}@{httpx.URL(self.options.base_url).host}"
