"""Meta Graph API errors (Facebook Pages and Threads share them), mapped to our error types.

The Graph API reports most failures, throttling included, as HTTP 400 with
``{"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}``: the
code decides, not the status. Codes from the Graph API "Handling Errors" and "Rate Limits"
guides (developers.facebook.com/docs/graph-api).
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from socialpub.platforms.errors import (
    AuthError,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
)
from socialpub.platforms.http import json_or_none, parse_retry_after, raise_for_status, send

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


class DuplicatePost(PermanentError):
    """Meta refused the post as a duplicate of one the page already has (code 506)."""


def call(
    client: httpx.Client,
    base_url: str,
    token: str,
    method: str,
    path: str,
    *,
    mutating: bool,
    timeout: float,
    **kwargs: Any,
) -> Any:
    """One Graph API request (Facebook and Threads share the protocol); the JSON answer, or the
    typed error its status and error code stand for."""
    request = client.build_request(
        method,
        f"{base_url.rstrip('/')}/{path}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout,
        **kwargs,
    )
    response = send(client, request, mutating=mutating)
    raise_for_status(
        response, describe=describe, retry_after=retry_after, classify=classify, mutating=mutating
    )
    return response.json()
