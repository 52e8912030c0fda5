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
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from socialpub.compose.escaping import LINKEDIN_LITTLE_TEXT, linkedin_little_text
from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import (
    AdapterOptions,
    LinkCard,
    MediaItem,
    PostMetrics,
    PublishRequest,
    PublishResult,
    Quota,
)
from socialpub.platforms.errors import AuthError, DuplicatePost, PermanentError, PlatformError
from socialpub.platforms.http import HttpAdapter, HttpUrl, json_or_none, parse_retry_after
from socialpub.platforms.matching import same_post
from socialpub.platforms.oauth import TokenKeeper, TokenSet

_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")
_HASHTAG_TEMPLATE = re.compile(r"\{hashtag\|\\#\|([^}]*)\}")
_COMMENT_URN = re.compile(r"urn:li:comment:\((urn:li:[a-zA-Z]+:[^,]+),(\w+)\)")
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
    # when LinkedIn sunsets ``version``; by default one year after its release month, the
    # minimum LinkedIn supports a version ("Versioning" in the Marketing API docs)
    version_retires: date | None = None


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


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _classify(response: httpx.Response) -> PlatformError | None:
    match = _DUPLICATE.search(response.text) if response.status_code == 422 else None
    if match:
        message = f"HTTP 422: {_describe(response)}"
        return DuplicatePost(message, status=422, existing=match.group(1))
    return None


class LinkedInAdapter(HttpAdapter):
    kind = "linkedin"
    Options = LinkedInOptions
    secret_names = frozenset({"access_token", "refresh_token", "client_secret"})
    required_secrets = frozenset({"access_token"})
    options: LinkedInOptions
    # 150 member shares per day (learn.microsoft.com, LinkedIn API rate limits)
    quota = Quota(150, 24 * 3600)
    max_image_pixels = 36_152_320  # Images API: at most 36,152,320 pixels
    builds_link_cards = True
    # posts cannot be threaded; a reply is the author's comment on its post (first comments)
    takes_comments = True
    default_limits = PlatformLimits(
        platform="linkedin",
        max_length=3000,
        counting=Counting.UTF16,
        default_hashtags=5,
        max_images=20,
        max_image_bytes=8 * 1024 * 1024,
        escaping=LINKEDIN_LITTLE_TEXT,
    )

    def base_url(self) -> str:
        return self.options.api_base_url

    def api_version_retires(self) -> tuple[str, date] | None:
        version = self.options.version
        if self.options.version_retires is not None:
            return version, self.options.version_retires
        if len(version) != 6 or not version.isdigit() or not 1 <= int(version[4:]) <= 12:
            return None
        return version, date(int(version[:4]) + 1, int(version[4:]), 1)

    def describe(self, response: httpx.Response) -> str:
        return _describe(response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return _retry_after(response)

    def classify(self, response: httpx.Response) -> PlatformError | None:
        return _classify(response)

    def token_keeper(self) -> TokenKeeper:
        return self.keeper

    def request(
        self,
        method: str,
        path: str,
        *,
        mutating: bool,
        authorized: bool = True,
        headers: dict[str, str] | None = None,
        versioned: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        """Every call to the versioned API names the version and the Rest.li protocol."""
        if versioned and authorized:
            headers = {
                "LinkedIn-Version": self.options.version,
                "X-Restli-Protocol-Version": "2.0.0",
                **(headers or {}),
            }
        return super().request(
            method, path, mutating=mutating, authorized=authorized, headers=headers, **kwargs
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
        data = self.call(
            "POST",
            self.options.oauth_base_url.rstrip("/") + "/oauth/v2/accessToken",
            mutating=False,
            authorized=False,
            data={
                "grant_type": "refresh_token",
                "refresh_token": current.refresh_token,
                "client_id": self.options.client_id,
                "client_secret": secret,
            },
        )
        return TokenSet(
            data["access_token"],
            data.get("refresh_token") or current.refresh_token,
            time.time() + float(data.get("expires_in", 5_184_000)),
        )

    def _upload(self, item: MediaItem) -> dict[str, str]:
        init = self.request(
            "POST",
            "/rest/images",
            mutating=True,
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.options.author}},
        )
        value = init.json()["value"]
        self.request(
            "PUT",
            value["uploadUrl"],
            mutating=True,
            versioned=False,
            content=item.data,
            headers={"Content-Type": item.mime_type},
        )
        return {"id": value["image"], "altText": item.alt_text}

    def _article(self, link: str, card: LinkCard | None) -> dict[str, str]:
        """An article share: LinkedIn shows no preview of a link in the commentary of an API
        post, so the card is sent (its thumbnail uploaded through the Images API)."""
        article = {"source": link, "title": card.title if card else link}
        if card and card.description:
            article["description"] = card.description
        if card and card.thumbnail is not None:
            article["thumbnail"] = self._upload(card.thumbnail)["id"]
        return article

    def _post_url(self, urn: str) -> str:
        return f"https://www.linkedin.com/feed/update/{urn}/"

    def _comments_path(self, target: str) -> str:
        return f"/rest/socialActions/{quote(target, safe='')}/comments"

    def _comment(self, request: PublishRequest, target: str) -> PublishResult:
        """The author's comment on its post (Comments API, "Create a Comment"): plain text,
        not the little text of a post's commentary."""
        body = {"actor": self.options.author, "object": target, "message": {"text": request.text}}
        response = self.request("POST", self._comments_path(target), mutating=True, json=body)
        data = json_or_none(response)
        created = data if isinstance(data, dict) else {}
        comment_id = str(created.get("id") or response.headers.get("x-restli-id", ""))
        if not comment_id:
            raise PermanentError("LinkedIn made the comment but named no id for it")
        urn = str(created.get("commentUrn") or f"urn:li:comment:({target},{comment_id})")
        return PublishResult(urn, self._post_url(target), status=response.status_code)

    def _find_comment(self, request: PublishRequest, target: str) -> PublishResult | None:
        found = (
            self.request(
                "GET",
                self._comments_path(target),
                mutating=False,
                params={"count": self.options.lookup_depth},
            )
            .json()
            .get("elements", [])
        )
        for comment in found:
            text = (comment.get("message") or {}).get("text", "")
            if comment.get("actor") == self.options.author and same_post(request.text, text):
                urn = comment.get("commentUrn") or f"urn:li:comment:({target},{comment['id']})"
                return PublishResult(str(urn), self._post_url(target))
        return None

    def publish(self, request: PublishRequest) -> PublishResult:
        if request.reply_to:
            return self._comment(request, request.reply_to)
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
        elif request.link:
            body["content"] = {"article": self._article(request.link, request.card)}

        def create() -> PublishResult:
            response = self.request("POST", "/rest/posts", mutating=True, json=body)
            urn = response.headers["x-restli-id"]
            return PublishResult(urn, self._post_url(urn), status=response.status_code)

        return self.publish_once(request, create)

    def after_duplicate(
        self, request: PublishRequest, duplicate: DuplicatePost
    ) -> PublishResult | None:
        urn = duplicate.existing
        if urn is None or not self._exists(urn):  # LinkedIn sometimes names a post that is gone
            return None
        return PublishResult(urn, self._post_url(urn), details={"duplicate": True})

    def _exists(self, urn: str) -> bool:
        try:
            self.request("GET", f"/rest/posts/{quote(urn, safe='')}", mutating=False)
        except PermanentError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        if request.reply_to:
            return self._find_comment(request, request.reply_to)
        found = (
            self.request(
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
        comment = _COMMENT_URN.fullmatch(remote_id)
        if comment:
            target, comment_id = comment.groups()
            path = f"{self._comments_path(target)}/{comment_id}"
            params = {"actor": self.options.author}
        else:
            path, params = f"/rest/posts/{quote(remote_id, safe='')}", {}
        try:
            self.request("DELETE", path, mutating=True, params=params)
        except PermanentError as exc:
            if exc.status != 404:
                raise

    def metrics(self, remote_id: str) -> PostMetrics | None:
        """Likes and first-level comments from the post's social actions summary
        (``GET /rest/socialActions/{urn}``); LinkedIn offers no repost count there."""
        path = f"/rest/socialActions/{quote(remote_id, safe='')}"
        summary = self.request("GET", path, mutating=False).json()
        likes = summary.get("likesSummary") or {}
        comments = summary.get("commentsSummary") or {}
        return PostMetrics(
            likes=_count(likes.get("totalLikes", likes.get("aggregatedTotalLikes"))),
            replies=_count(
                comments.get("totalFirstLevelComments", comments.get("aggregatedTotalComments"))
            ),
        )

    def verify_credentials(self) -> str:
        me = self.request("GET", "/v2/userinfo", mutating=False, versioned=False).json()
        return f"{me.get('name', me.get('sub'))}, posting as {self.options.author}"
