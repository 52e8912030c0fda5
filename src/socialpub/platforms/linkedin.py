"""LinkedIn: ``POST /rest/posts`` (versioned API) as a member or an organization page.

Every call sends ``LinkedIn-Version`` and ``X-Restli-Protocol-Version: 2.0.0``. The commentary is
"little" text, escaped by ``compose.escaping`` (the same function compose counts with): reserved
characters backslash-escaped, URLs kept, hashtags as ``{hashtag|\\#|tag}`` templates, because
LinkedIn silently cuts a post at the first unescaped reserved character.
Tokens: the access token lasts 60 days; with ``refresh_token_env`` and ``client_secret_env`` it is
refreshed at ``/oauth/v2/accessToken`` before expiry and on a 401, otherwise a 401 is an
``AuthError``. Idempotency: none offered; a retry answered 422 ``DUPLICATE_POST`` names the share
that exists, which we return when it is really there. ``lookup`` matches the author's recent posts.
Throttling: 429; LinkedIn's day limits reset at midnight UTC, used when no ``Retry-After`` comes.

Account table: platform = "linkedin", author = "urn:li:organization:123", access_token_env =
   "LI_TOKEN" (optional, to refresh: client_id, refresh_token_env, client_secret_env; version =
   "YYYYMM").
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from socialpub.compose.escaping import LINKEDIN_LITTLE_TEXT, linkedin_little_text
from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import (
    Adapter,
    AdapterOptions,
    MediaItem,
    PublishRequest,
    PublishResult,
)
from socialpub.platforms.errors import AuthError, PermanentError, PlatformError
from socialpub.platforms.http import (
    HttpUrl,
    json_or_none,
    parse_retry_after,
    raise_for_status,
    send,
)
from socialpub.platforms.matching import same_post
from socialpub.platforms.oauth import TokenKeeper, TokenSet

_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")
_HASHTAG_TEMPLATE = re.compile(r"\{hashtag\|\\#\|([^}]*)\}")
_DUPLICATE = re.compile(r"duplicate of (urn:li:(?:share|ugcPost):\d+)")


def plain_text(little: str) -> str:
    """What a reader sees of little text: templates as ``#tag``, escapes undone."""
    return _ESCAPED.sub(r"\1", _HASHTAG_TEMPLATE.sub(r"#\1", little))


class LinkedInOptions(AdapterOptions):
    author: str  # urn:li:person:... or urn:li:organization:...
    version: str = "202610"
    client_id: str | None = None
    api_base_url: HttpUrl = "https://api.linkedin.com"
    oauth_base_url: HttpUrl = "https://www.linkedin.com"
    timeout_seconds: float = 15.0
    lookup_depth: int = 20


def _describe(response: httpx.Response) -> str:
    data = json_or_none(response)
    if isinstance(data, dict):
        return str(data.get("message") or data.get("error_description") or data)[:300]
    return response.text[:300]


def _retry_after(response: httpx.Response) -> float | None:
    header = parse_retry_after(response.headers.get("Retry-After"))
    if header is not None or response.status_code != 429:
        return header
    now = datetime.now(UTC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds() if "DAY" in response.text else None


class _Duplicate(PermanentError):
    def __init__(self, message: str, urn: str) -> None:
        super().__init__(message, status=422)
        self.urn = urn


def _classify(response: httpx.Response) -> PlatformError | None:
    match = _DUPLICATE.search(response.text) if response.status_code == 422 else None
    if match:
        return _Duplicate(f"HTTP 422: {_describe(response)}", match.group(1))
    return None


class LinkedInAdapter(Adapter):
    kind = "linkedin"
    Options = LinkedInOptions
    secret_names = frozenset({"access_token", "refresh_token", "client_secret"})
    required_secrets = frozenset({"access_token"})
    options: LinkedInOptions
    default_limits = PlatformLimits(
        platform="linkedin",
        max_length=3000,
        counting=Counting.UTF16,
        default_hashtags=5,
        max_images=20,
        max_image_bytes=8 * 1024 * 1024,
        escaping=LINKEDIN_LITTLE_TEXT,
    )

    @property
    def keeper(self) -> TokenKeeper:
        seed = TokenSet(self.secret("access_token"), self.account.secrets.get("refresh_token"))
        return TokenKeeper(
            self.account.name,
            self.credentials,
            seed,
            self._refresh,
            credential=self.account.secrets.get("client_secret", ""),
        )

    def _refresh(self, current: TokenSet) -> TokenSet:
        secret = self.account.secrets.get("client_secret")
        if not (current.refresh_token and secret and self.options.client_id):
            raise AuthError(
                "the access token was refused and no refresh token, client_id and "
                "client_secret are configured to renew it"
            )
        request = self.client.build_request(
            "POST",
            self.options.oauth_base_url.rstrip("/") + "/oauth/v2/accessToken",
            data={
                "grant_type": "refresh_token",
                "refresh_token": current.refresh_token,
                "client_id": self.options.client_id,
                "client_secret": secret,
            },
            timeout=self.options.timeout_seconds,
        )
        response = send(self.client, request, mutating=False, label="LinkedIn token refresh")
        raise_for_status(response, describe=_describe)
        data = response.json()
        return TokenSet(
            data["access_token"],
            data.get("refresh_token") or current.refresh_token,
            time.time() + float(data.get("expires_in", 5_184_000)),
        )

    def _call(
        self, method: str, url: str, *, mutating: bool, versioned: bool = True, **kwargs: Any
    ) -> httpx.Response:
        if not url.startswith("http"):
            url = self.options.api_base_url.rstrip("/") + url

        extra: dict[str, str] = kwargs.pop("headers", {})

        def attempt(token: str) -> httpx.Response:
            headers = {"Authorization": f"Bearer {token}", **extra}
            if versioned:
                headers |= {
                    "LinkedIn-Version": self.options.version,
                    "X-Restli-Protocol-Version": "2.0.0",
                }
            request = self.client.build_request(
                method, url, headers=headers, timeout=self.options.timeout_seconds, **kwargs
            )
            response = send(self.client, request, mutating=mutating)
            raise_for_status(
                response,
                describe=_describe,
                retry_after=_retry_after,
                classify=_classify,
                mutating=mutating,
            )
            return response

        return self.keeper.call(attempt)

    def _upload(self, item: MediaItem) -> dict[str, str]:
        init = self._call(
            "POST",
            "/rest/images",
            mutating=True,
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.options.author}},
        )
        value = init.json()["value"]
        self._call(
            "PUT",
            value["uploadUrl"],
            mutating=True,
            versioned=False,
            content=item.data,
            headers={"Content-Type": item.mime_type},
        )
        return {"id": value["image"], "altText": item.alt_text}

    def _post_url(self, urn: str) -> str:
        return f"https://www.linkedin.com/feed/update/{urn}/"

    def publish(self, request: PublishRequest) -> PublishResult:
        if request.reply_to:
            raise PermanentError("LinkedIn posts cannot be threaded")
        body: dict[str, Any] = {
            "author": self.options.author,
            "commentary": linkedin_little_text(request.text),
            "visibility": "PUBLIC",
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
        }
        images = [self._upload(m) for m in request.media]
        if len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        try:
            response = self._call("POST", "/rest/posts", mutating=True, json=body)
        except _Duplicate as exc:
            if not self._exists(exc.urn):  # LinkedIn sometimes names a post that is gone
                raise
            return PublishResult(exc.urn, self._post_url(exc.urn), details={"duplicate": True})
        urn = response.headers["x-restli-id"]
        return PublishResult(remote_id=urn, url=self._post_url(urn), status=response.status_code)

    def _exists(self, urn: str) -> bool:
        try:
            self._call("GET", f"/rest/posts/{quote(urn, safe='')}", mutating=False)
        except PermanentError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        found = (
            self._call(
                "GET",
                "/rest/posts",
                mutating=False,
                params={
                    "author": self.options.author,
                    "q": "author",
                    "count": self.options.lookup_depth,
                    "sortBy": "LAST_MODIFIED",
                },
            )
            .json()
            .get("elements", [])
        )
        for post in found:
            if same_post(request.text, plain_text(post.get("commentary", ""))):
                return PublishResult(remote_id=post["id"], url=self._post_url(post["id"]))
        return None

    def delete(self, remote_id: str) -> None:
        try:
            self._call("DELETE", f"/rest/posts/{quote(remote_id, safe='')}", mutating=True)
        except PermanentError as exc:
            if exc.status != 404:
                raise

    def verify_credentials(self) -> str:
        me = self._call("GET", "/v2/userinfo", mutating=False, versioned=False).json()
        return f"{me.get('name', me.get('sub'))}, posting as {self.options.author}"
