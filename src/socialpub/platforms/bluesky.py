"""Bluesky / any AT Protocol PDS: a session from an app password, posts as repo records.

Idempotency: the record key is chosen by us, derived from the delivery's idempotency key, so a
retried ``createRecord`` hits "record already exists" instead of making a second post, and
``lookup`` is one exact ``getRecord``. Sessions (``createSession``) are stored encrypted and
refreshed with ``refreshSession`` before the access JWT expires and on ``ExpiredToken``; when the
refresh JWT is dead too, a new session is made from the app password; a refused app password
blocks the account (needs attention). 429 carries ``RateLimit-Reset`` in epoch seconds.

Account table: platform = "bluesky", identifier = "news.example.org", app_password_env =
   "BSKY_APP_PASSWORD" (optional: service for a PDS other than bsky.social).
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from socialpub.compose.facets import bluesky_facets
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
from socialpub.platforms.errors import AuthError, PermanentError, PlatformError
from socialpub.platforms.http import (
    HttpAdapter,
    HttpUrl,
    describe_json_error,
    json_or_none,
    parse_retry_after,
    seconds_until,
)
from socialpub.platforms.oauth import TokenKeeper, TokenSet

POST = "app.bsky.feed.post"
SENSITIVE_LABEL = "graphic-media"
IMAGE_BYTES = 1_000_000
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID_EPOCH_US = 1_672_531_200_000_000  # 2023-01-01T00:00:00Z
_TID_SPAN_US = 2 * 365 * 86_400 * 1_000_000


class BlueskyOptions(AdapterOptions):
    identifier: str  # handle or DID
    service: HttpUrl = "https://bsky.social"
    app_url: HttpUrl = "https://bsky.app"


def record_key(idempotency_key: str) -> str:
    """A valid TID-syntax record key that is the same for every retry of one delivery.

    When the key is a UUIDv7 (or starts with one, as thread parts' keys do) its embedded time
    becomes the TID's time, so the key sorts where the post was made. Otherwise the time part is
    derived from the key (placed in 2023-2024) and carries no meaning: feeds order posts by
    ``createdAt``, not by record key.
    """
    digest = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big")
    micros = _TID_EPOCH_US + digest % _TID_SPAN_US
    try:
        embedded = uuid.UUID(hex=idempotency_key.replace("-", "")[:32])
    except ValueError:
        embedded = None
    if embedded is not None and embedded.version == 7:
        micros = (embedded.int >> 80) * 1000 + digest % 1000
    n = (micros << 10) | (digest >> 54)
    return "".join(_TID_ALPHABET[(n >> (5 * i)) & 31] for i in reversed(range(13)))


def _jwt_claims(token: str) -> dict[str, Any]:
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError) as exc:
        raise AuthError("the PDS returned a session token that is not a JWT") from exc
    return claims if isinstance(claims, dict) else {}


class BlueskyAdapter(HttpAdapter):
    kind = "bluesky"
    Options = BlueskyOptions
    secret_names = frozenset({"app_password"})
    required_secrets = frozenset({"app_password"})
    options: BlueskyOptions
    # PDS: 5,000 points/h per account, a create costs 3 points: 1,666 records/h
    # (docs.bsky.app/docs/advanced-guides/rate-limits)
    quota = Quota(1600, 3600)
    max_image_side = 2000  # what the Bluesky app itself resizes to
    builds_link_cards = True  # Bluesky shows no preview unless the post embeds one
    default_limits = PlatformLimits(
        platform="bluesky",
        max_length=300,
        counting=Counting.GRAPHEMES,
        max_bytes=3000,
        threads=True,
        max_thread_parts=10,
        default_hashtags=2,
        max_images=4,
        max_image_bytes=IMAGE_BYTES,
        link_display="short",  # the app shows links shortened; the facet carries the full URL
    )

    def base_url(self) -> str:
        return f"{self.options.service.rstrip('/')}/xrpc"

    def url(self, path: str) -> str:  # paths are method ids: com.atproto.repo.createRecord
        return super().url(path if path.startswith(("http", "/")) else "/" + path)

    def classify(self, response: httpx.Response) -> PlatformError | None:
        data = json_or_none(response)
        expired = isinstance(data, dict) and data.get("error") in ("ExpiredToken", "InvalidToken")
        if response.status_code == 400 and expired:
            return AuthError(f"HTTP 400: {describe_json_error(response)}", status=400)
        return None

    def retry_after(self, response: httpx.Response) -> float | None:
        return seconds_until(response.headers.get("RateLimit-Reset")) or parse_retry_after(
            response.headers.get("Retry-After")
        )

    def token_keeper(self) -> TokenKeeper:
        return self.keeper

    @property
    def keeper(self) -> TokenKeeper:
        return TokenKeeper(
            self.account.name,
            self.credentials,
            None,
            self._refresh_session,
            obtain=self._create_session,
            credential=f"{self.options.identifier}\n{self.secret('app_password')}",
        )

    def _tokens(self, data: dict[str, Any]) -> TokenSet:
        access = str(data["accessJwt"])
        return TokenSet(access, str(data["refreshJwt"]), _jwt_claims(access).get("exp"))

    def _create_session(self) -> TokenSet:
        body = {"identifier": self.options.identifier, "password": self.secret("app_password")}
        response = self.request(
            "POST", "com.atproto.server.createSession", mutating=False, authorized=False, json=body
        )
        return self._tokens(response.json())

    def _refresh_session(self, current: TokenSet) -> TokenSet:
        try:
            response = self.request(
                "POST",
                "com.atproto.server.refreshSession",
                mutating=False,
                authorized=False,
                headers={"Authorization": f"Bearer {current.refresh_token}"},
            )
        except AuthError:  # the refresh JWT expired or was revoked: start a new session
            return self._create_session()
        return self._tokens(response.json())

    def _did(self, keeper: TokenKeeper) -> str:
        return str(_jwt_claims(keeper.access_token())["sub"])

    def _get_record(self, repo: str, rkey: str) -> dict[str, Any] | None:
        try:
            response = self.request(
                "GET",
                "com.atproto.repo.getRecord",
                mutating=False,
                params={"repo": repo, "collection": POST, "rkey": rkey},
            )
        except PermanentError as exc:
            if exc.status == 400 and "RecordNotFound" in exc.message:
                return None
            raise
        data: dict[str, Any] = response.json()
        return data

    def _upload(self, item: MediaItem) -> dict[str, Any]:
        if len(item.data) > IMAGE_BYTES:
            raise PermanentError(f"image {item.filename} is over Bluesky's {IMAGE_BYTES} bytes")
        response = self.request(
            "POST",
            "com.atproto.repo.uploadBlob",
            mutating=True,
            content=item.data,
            headers={"Content-Type": item.mime_type},
        )
        return {"alt": item.alt_text, "image": response.json()["blob"]}

    def _external(self, card: LinkCard) -> dict[str, Any]:
        """An ``app.bsky.embed.external`` card; the thumbnail goes up as a blob first."""
        external: dict[str, Any] = {
            "uri": card.url,
            "title": card.title,
            "description": card.description,
        }
        if card.thumbnail is not None:
            external["thumb"] = self._upload(card.thumbnail)["image"]
        return {"$type": "app.bsky.embed.external", "external": external}

    def _reply(self, parent_uri: str) -> dict[str, Any]:
        parts = parent_uri.removeprefix("at://").split("/")
        if len(parts) != 3 or parts[1] != POST:
            raise PermanentError(f"not a Bluesky post URI: {parent_uri}")
        parent = self._get_record(parts[0], parts[2])
        if parent is None:
            raise PermanentError(f"the post to reply to does not exist: {parent_uri}")
        ref = {"uri": parent["uri"], "cid": parent["cid"]}
        root = (parent["value"].get("reply") or {}).get("root") or ref
        return {"root": root, "parent": ref}

    def _result(self, did: str, uri: str, cid: str) -> PublishResult:
        rkey = uri.rsplit("/", 1)[-1]
        return PublishResult(
            remote_id=uri,
            url=f"{self.options.app_url}/profile/{did}/post/{rkey}",
            details={"cid": cid},
        )

    def publish(self, request: PublishRequest) -> PublishResult:
        keeper = self.keeper
        did = self._did(keeper)
        rkey = record_key(request.idempotency_key)
        record: dict[str, Any] = {
            "$type": POST,
            "text": request.text,
            "createdAt": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        facets = bluesky_facets(request.text, request.link)
        if facets:
            record["facets"] = facets
        if request.media:  # one embed per post: images win over the link card
            record["embed"] = {
                "$type": "app.bsky.embed.images",
                "images": [self._upload(m) for m in request.media],
            }
        elif request.card is not None:
            record["embed"] = self._external(request.card)
        if request.reply_to:
            record["reply"] = self._reply(request.reply_to)
        if request.language:
            record["langs"] = [request.language]
        if request.sensitive or request.content_warning:
            # Bluesky has no warning text; "graphic-media" is the one self-label that makes
            # clients put content behind a warning without calling it adult ("!warn" cannot be
            # self-applied: flag no-self in @atproto/api's label definitions).
            record["labels"] = {
                "$type": "com.atproto.label.defs#selfLabels",
                "values": [{"val": SENSITIVE_LABEL}],
            }
        body = {"repo": did, "collection": POST, "rkey": rkey, "record": record}
        try:
            response = self.request(
                "POST", "com.atproto.repo.createRecord", mutating=True, json=body
            )
        except PermanentError as exc:
            if exc.status != 400 or isinstance(exc, AuthError):
                raise
            existing = self._get_record(did, rkey)  # a retry of a post that was made
            if existing is None:
                raise
            return self._result(did, existing["uri"], existing["cid"])
        data = response.json()
        return self._result(did, data["uri"], data["cid"])

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        did = self._did(self.keeper)
        found = self._get_record(did, record_key(request.idempotency_key))
        return None if found is None else self._result(did, found["uri"], found["cid"])

    def delete(self, remote_id: str) -> None:
        did = self._did(self.keeper)
        rkey = remote_id.rsplit("/", 1)[-1]
        self.request(
            "POST",
            "com.atproto.repo.deleteRecord",
            mutating=True,
            json={"repo": did, "collection": POST, "rkey": rkey},
        )

    def metrics(self, remote_id: str) -> PostMetrics | None:
        """Counts from the AppView, through the PDS (app.bsky.feed.getPosts)."""
        found = self.call(
            "GET", "app.bsky.feed.getPosts", mutating=False, params={"uris": remote_id}
        )
        posts = found.get("posts") or []
        if not posts:
            return None
        post = posts[0]
        return PostMetrics(
            likes=post.get("likeCount"),
            reposts=post.get("repostCount"),
            replies=post.get("replyCount"),
            quotes=post.get("quoteCount"),
        )

    def verify_credentials(self) -> str:
        data = self.request("GET", "com.atproto.server.getSession", mutating=False).json()
        return f"@{data['handle']} ({data['did']})"
