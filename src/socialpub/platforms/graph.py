"""Meta Graph API errors (Facebook Pages and Threads share them), mapped to our error types.

The Graph API reports most failures, throttling included, as HTTP 400 with
``{"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}``: the
code decides, not the status. Codes from the Graph API "Handling Errors" and "Rate Limits"
guides (developers.facebook.com/docs/graph-api).
"""

from __future__ import annotations

import json
from abc import abstractmethod
from datetime import date
from typing import Any, ClassVar

import httpx

from socialpub.platforms.base import AdapterOptions, PublishRequest, PublishResult
from socialpub.platforms.errors import (
    AuthError,
    DuplicatePost,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
)
from socialpub.platforms.http import HttpAdapter, HttpUrl, json_or_none, parse_retry_after
from socialpub.platforms.matching import same_post

TRANSIENT = {1, 2}  # API Unknown, API Service: retry later
THROTTLED = {4, 17, 32, 341, 368, 613, 80001}  # app, user, page, application limits; blocked
EXPIRED = {102, 190, 463, 467}  # session or token invalid / expired
FORBIDDEN = {3, 10, *range(200, 300)}  # capability and permission errors: a human must act
DUPLICATE = 506


def error_of(response: httpx.Response) -> dict[str, Any]:
    data = json_or_none(response)
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else {}


def describe(response: httpx.Response) -> str:
    error = error_of(response)
    if not error:
        return response.text[:300]
    sub = f"/{error['error_subcode']}" if error.get("error_subcode") else ""
    return f"({error.get('code')}{sub}) {error.get('message', '')}"[:300]


def retry_after(response: httpx.Response) -> float | None:
    """Seconds until access returns: Business Use Case headers give minutes, else Retry-After."""
    waits: list[float] = []
    for header in ("X-Business-Use-Case-Usage", "X-Ad-Account-Usage"):
        try:
            usage = json.loads(response.headers.get(header, "{}"))
        except ValueError:
            continue
        entries = usage.values() if isinstance(usage, dict) else []
        for entry in entries:
            for item in entry if isinstance(entry, list) else [entry]:
                minutes = (
                    item.get("estimated_time_to_regain_access") if isinstance(item, dict) else None
                )
                if isinstance(minutes, int | float) and minutes > 0:
                    waits.append(minutes * 60.0)
    return max(waits) if waits else parse_retry_after(response.headers.get("Retry-After"))


def insight_values(answer: dict[str, Any]) -> dict[str, int]:
    """Each metric's lifetime value from an insights answer (Pages and Threads share the shape:
    ``{"data": [{"name": "likes", "period": "lifetime", "values": [{"value": 3}]}]}``); a metric
    the platform left out is simply absent."""
    found: dict[str, int] = {}
    for metric in answer.get("data") or []:
        values = metric.get("values") if isinstance(metric, dict) else None
        value = values[-1].get("value") if isinstance(values, list) and values else None
        if isinstance(value, int) and not isinstance(value, bool):
            found[str(metric.get("name"))] = value
    return found


def classify(response: httpx.Response) -> PlatformError | None:
    error = error_of(response)
    if not error:
        return None
    code = int(error.get("code") or 0)
    message = f"HTTP {response.status_code}: {describe(response)}"
    status = response.status_code
    if code in THROTTLED:
        return RateLimited(message, retry_after=retry_after(response), status=status)
    if code in TRANSIENT or error.get("is_transient"):
        return TransientError(message, retry_after=retry_after(response), status=status)
    if code in EXPIRED or int(error.get("error_subcode") or 0) in EXPIRED:
        return AuthError(message, status=401)
    if code in FORBIDDEN:
        return AuthError(message, status=403)
    if code == DUPLICATE:
        return DuplicatePost(message, status=status)
    if status >= 500:
        return TransientError(message, status=status)
    return PermanentError(message, status=status)


class GraphOptions(AdapterOptions):
    graph_url: HttpUrl
    api_version: str
    # the retirement date Meta publishes for api_version (developers.facebook.com/docs/
    # graph-api/changelog/versions); accounts check warns 60 days ahead
    api_version_retires: date | None = None


class GraphAdapter(HttpAdapter):
    """What Facebook Pages and Threads share: the Graph protocol, its errors, lookup and delete.

    A subclass names where its posts are listed (``feed_path``) and the field holding their text.
    """

    options: GraphOptions
    text_field: ClassVar[str]
    permalink_field: ClassVar[str]

    @abstractmethod
    def feed_path(self) -> str: ...

    def api_version_retires(self) -> tuple[str, date] | None:
        retires = self.options.api_version_retires
        return None if retires is None else (self.options.api_version, retires)

    def base_url(self) -> str:
        return f"{self.options.graph_url.rstrip('/')}/{self.options.api_version}"

    def url(self, path: str) -> str:  # Graph paths are node ids and edges: "123/feed"
        return super().url(path if path.startswith(("http", "/")) else "/" + path)

    def describe(self, response: httpx.Response) -> str:
        return describe(response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return retry_after(response)

    def classify(self, response: httpx.Response) -> PlatformError | None:
        return classify(response)

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        fields = f"id,{self.text_field},{self.permalink_field}"
        recent = self.call(
            "GET",
            self.feed_path(),
            mutating=False,
            params={"fields": fields, "limit": self.options.lookup_depth},
        )
        for post in recent.get("data", []):
            if same_post(request.text, post.get(self.text_field) or ""):
                return PublishResult(remote_id=str(post["id"]), url=post.get(self.permalink_field))
        return None

    def delete(self, remote_id: str) -> None:
        try:
            self.call("DELETE", remote_id, mutating=True)
        except PermanentError as exc:
            if "does not exist" not in exc.message:  # already gone is what we wanted
                raise
