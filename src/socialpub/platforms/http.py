"""Shared HTTP helpers for adapters: turn transport failures and status codes into typed errors."""

from __future__ import annotations

import email.utils
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from pydantic import AfterValidator

from socialpub.platforms.errors import (
    AuthError,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)

# Some platforms put the secret in the URL (Telegram's bot token, Discord's and Slack's webhook
# tokens) and httpx logs every request URL at INFO, which a Celery worker prints. Redact them.
_SECRET_IN_URL = re.compile(
    r"(/bot)\d+:[\w-]+"
    r"|(/api/webhooks/\d+/)[\w.-]+"
    r"|(/services/)[\w/]+"
    r"|([?&](?:access_token|client_secret|refresh_token)=)[^&\s\"]+"
)


def redact_url(text: str) -> str:
    """``text`` with URL-borne secrets replaced by ``<redacted>``."""
    return _SECRET_IN_URL.sub(
        lambda m: next(g for g in m.groups() if g is not None) + "<redacted>", text
    )


class RedactSecrets(logging.Filter):
    """A log filter that rewrites a record's message with ``redact_url``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_url(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


for _name in ("httpx", "httpcore"):
    if not any(isinstance(f, RedactSecrets) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(RedactSecrets())


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
