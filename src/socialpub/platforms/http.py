"""HTTP adapters: the base class with its hooks, and the helpers that turn transport failures
and status codes into typed errors."""

from __future__ import annotations

import email.utils
from abc import abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from pydantic import AfterValidator

from socialpub.platforms import redact
from socialpub.platforms.base import Adapter, PublishRequest, PublishResult
from socialpub.platforms.errors import (
    AuthError,
    DuplicatePost,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.oauth import TokenKeeper

redact.install_log_redaction()


def redact_url(text: str) -> str:
    """``text`` with remembered secrets and credential-looking parts replaced by ``<redacted>``."""
    return redact.redact(text)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def send(
    client: httpx.Client,
    request: httpx.Request,
    *,
    mutating: bool,
    label: str | None = None,
) -> httpx.Response:
    """Send ``request``; map transport failures to the right error class.

    A mutating request that fails after its body may have reached the server raises
    ``UnknownOutcome``: the platform may have applied it even though we never saw an answer.
    ``label`` replaces "METHOD /path" in messages, for platforms whose URL holds a secret
    (Telegram's bot token, Discord's and Slack's webhook tokens).
    """
    what = label or f"{request.method} {request.url.path}"
    try:
        return client.send(request)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise TransientError(f"{what}: cannot connect: {type(exc).__name__}") from exc
    except httpx.PoolTimeout as exc:
        raise TransientError(f"{what}: no free connection") from exc
    except (
        httpx.ReadTimeout,
        httpx.WriteTimeout,
        httpx.RemoteProtocolError,
        httpx.ReadError,
    ) as exc:
        if mutating:
            raise UnknownOutcome(f"{what}: no answer after sending ({type(exc).__name__})") from exc
        raise TransientError(f"{what}: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise TransientError(f"{what}: {type(exc).__name__}") from exc


def raise_for_status(
    response: httpx.Response,
    *,
    describe: Callable[[httpx.Response], str] | None = None,
    retry_after: Callable[[httpx.Response], float | None] | None = None,
    classify: Callable[[httpx.Response], PlatformError | None] | None = None,
    mutating: bool = False,
) -> None:
    """Raise the typed error a non-2xx answer stands for; return None on success.

    ``classify`` lets a platform decide first (e.g. a 403 that means "duplicate", or an error
    code in a 200 body); when it returns None the status code decides. With ``mutating``, a 502
    or 504 is an ``UnknownOutcome``: a gateway lost the platform's answer, not the request.
    """
    status = response.status_code
    if mutating and status in (502, 504):
        raise UnknownOutcome(
            f"HTTP {status} from a gateway: the request may have been applied", status=status
        )
    special = classify(response) if classify else None
    if special is not None:
        raise special
    if status < 400:
        return
    reason = describe(response) if describe else response.text[:300]
    wait = (
        retry_after(response)
        if retry_after
        else parse_retry_after(response.headers.get("Retry-After"))
    )
    message = f"HTTP {status}: {reason}"
    error: PlatformError
    if status == 429:
        error = RateLimited(message, retry_after=wait, status=status)
    elif status in (401, 403):
        error = AuthError(message, status=status)
    elif status in (408, 425) or status >= 500:
        error = TransientError(message, retry_after=wait, status=status)
    else:
        error = PermanentError(message, status=status)
    raise error


def seconds_until(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from now until a reset time given as epoch seconds or an ISO 8601 timestamp.

    X and Bluesky send epoch seconds; Mastodon sends ISO 8601 (``2026-11-26T08:00:00.000Z``).
    """
    if not value:
        return None
    current = now or datetime.now(UTC)
    value = value.strip()
    try:
        return max(float(value) - current.timestamp(), 0.0)
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - current).total_seconds(), 0.0)


def json_or_none(response: httpx.Response) -> Any:
    """The decoded JSON body, or None when the body is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def secret_url(value: str, what: str) -> httpx.URL:
    """Parse a URL that is itself a secret (a webhook URL); a bad one is a PermanentError that
    never repeats the URL."""
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, ValueError, TypeError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise PermanentError(f"{what} is not a valid http(s) URL")
    return url


def _http_url(value: str) -> str:
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, ValueError) as exc:
        raise ValueError(f"not a URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("must be an http(s) URL with a host, e.g. https://example.org")
    return value.rstrip("/")


HttpUrl = Annotated[str, AfterValidator(_http_url)]
"""An option holding an http(s) base URL, checked when the config is loaded (no trailing /)."""


def describe_json_error(response: httpx.Response) -> str:
    """The platform's own words for an error: the usual ``error``/``message`` JSON fields."""
    data = json_or_none(response)
    if isinstance(data, dict):
        said = [
            str(data[key])
            for key in ("error", "message", "error_description", "detail")
            if isinstance(data.get(key), str | int) and str(data[key])
        ]
        if said:
            return ": ".join(dict.fromkeys(said))[:300]
    return response.text[:300]


class HttpAdapter(Adapter):
    """An adapter that talks HTTP to one platform: a platform module fills in the hooks.

    Hooks (override what differs from the default):
    - ``base_url()``: where relative paths go (required);
    - ``access_token()``: a fixed token from the account's secrets, or ``token_keeper()``: one
      that expires and is refreshed (``oauth.TokenKeeper``); ``auth_headers(token)`` puts it in
      the request (``Authorization: Bearer`` by default);
    - ``request_label(method, path)``: what messages call a request whose URL holds a secret;
    - ``describe(response)``, ``retry_after(response)``, ``classify(response)``: what an error
      answer says, how long the platform wants us to wait, and any platform-specific mapping to
      an error class before the status code decides (see ``raise_for_status``);
    - ``after_duplicate(request, error)``: find the post a ``DuplicatePost`` refers to.
    """

    @abstractmethod
    def base_url(self) -> str: ...

    def access_token(self) -> str | None:
        return None

    def token_keeper(self) -> TokenKeeper | None:
        return None

    def auth_headers(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"} if token else {}

    def request_label(self, method: str, path: str) -> str | None:
        return None

    def describe(self, response: httpx.Response) -> str:
        return describe_json_error(response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return parse_retry_after(response.headers.get("Retry-After"))

    def classify(self, response: httpx.Response) -> PlatformError | None:
        return None

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url().rstrip("/") + path

    def request(
        self,
        method: str,
        path: str,
        *,
        mutating: bool,
        authorized: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One request; the answer on success, else the typed error it stands for.

        With a token keeper, an expired token is refreshed and the request sent once more.
        """
        keeper = self.token_keeper() if authorized else None
        if keeper is not None:
            return keeper.call(
                lambda token: self._send(method, path, token, mutating, headers, dict(kwargs))
            )
        token = self.access_token() if authorized else None
        return self._send(method, path, token, mutating, headers, kwargs)

    def call(self, method: str, path: str, *, mutating: bool, **kwargs: Any) -> Any:
        """``request`` and the decoded JSON answer."""
        return self.request(method, path, mutating=mutating, **kwargs).json()

    def _send(
        self,
        method: str,
        path: str,
        token: str | None,
        mutating: bool,
        headers: dict[str, str] | None,
        kwargs: dict[str, Any],
    ) -> httpx.Response:
        request = self.client.build_request(
            method,
            self.url(path),
            headers={**self.auth_headers(token), **(headers or {})},
            timeout=self.options.timeout_seconds,
            **kwargs,
        )
        label = self.request_label(method, path)
        response = send(self.client, request, mutating=mutating, label=label)
        raise_for_status(
            response,
            describe=self.describe,
            retry_after=self.retry_after,
            classify=self.classify,
            mutating=mutating,
        )
        return response

    def publish_once(
        self, request: PublishRequest, create: Callable[[], PublishResult]
    ) -> PublishResult:
        """Run ``create``; when the platform calls it a duplicate, return the post it means."""
        try:
            return create()
        except DuplicatePost as duplicate:
            found = self.after_duplicate(request, duplicate)
            if found is None:
                raise
            return found

    def after_duplicate(
        self, request: PublishRequest, duplicate: DuplicatePost
    ) -> PublishResult | None:
        """The post a duplicate refers to: by default our earlier attempt, found by ``lookup``."""
        return self.lookup(request)
