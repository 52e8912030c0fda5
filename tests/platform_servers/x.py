"""X API v2 (docs.x.com): ``POST /2/tweets``, ``/2/media/upload``, OAuth 2.0 user tokens.

Enforces: bearer user-context tokens that expire (401), refresh through ``POST /2/oauth2/token``
with ``grant_type=refresh_token`` where each refresh token works once (rotation); the
twitter-text weighted length (280, every URL 23); 4 images of at most 5 MB, alt text at most
1000 characters; X's refusal of duplicate content (403). Links come back as t.co links and
``&<>`` as HTML entities. 429 and every answer carry ``x-rate-limit-*`` headers with the reset
in epoch seconds.
"""

from __future__ import annotations

import base64
import html
import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from twitter_text import parse_tweet

from tests.platform_servers.base import PlatformServer, bearer, new_token

URL = re.compile(r"https?://\S+")
IMAGE_MAX = 5 * 1024 * 1024


@dataclass
class Tweet:
    id: str
    author: str
    text: str
    reply_to: str | None
    media_ids: list[str]


class XServer(PlatformServer):
    def __init__(
        self,
        *,
        client_id: str = "client-1",
        client_secret: str | None = None,
        access_ttl: int = 7200,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.access_ttl = access_ttl
        self.access: dict[str, tuple[str, float]] = {}  # token -> (user, expires at)
        self.refresh: dict[str, str] = {}  # token -> user
        self.tweets: dict[str, Tweet] = {}
        self.metrics: dict[str, dict[str, int]] = {}  # tweet id -> public_metrics
        self.media: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1_850_000_000_000_000_000)
        super().__init__()

    def grant(self, user: str = "newsroom") -> tuple[str, str]:
        """A fresh (access token, refresh token) pair, as the authorization-code flow gives."""
        access, refresh = new_token(), new_token()
        self.access[access] = (user, time.time() + self.access_ttl)
        self.refresh[refresh] = user
        return access, refresh

    def expire_access_tokens(self) -> None:
        self.access = {t: (u, 0.0) for t, (u, _) in self.access.items()}

    def rate_limit(self, seconds: float, *, times: int = 1) -> None:
        self.control.fail(
            429,
            times=times,
            json_body={
                "title": "Too Many Requests",
                "detail": "Too Many Requests",
                "type": "about:blank",
                "status": 429,
            },
            headers={
                "x-rate-limit-limit": "100",
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(int(time.time() + seconds)),
            },
        )

    def daily_cap_reached(self, seconds: float) -> None:
        """The 24-hour user posting cap ran out; the 15-minute window has room left."""
        now = time.time()
        self.control.fail(
            429,
            path="/2/tweets",
            method="POST",
            json_body={
                "title": "Too Many Requests",
                "detail": "Too Many Requests",
                "type": "about:blank",
                "status": 429,
            },
            headers={
                "x-rate-limit-limit": "100",
                "x-rate-limit-remaining": "99",
                "x-rate-limit-reset": str(int(now + 900)),
                "x-user-limit-24hour-limit": "17",
                "x-user-limit-24hour-remaining": "0",
                "x-user-limit-24hour-reset": str(int(now + seconds)),
            },
        )

    def routes(self) -> list[Route]:
        return [
            Route("/2/oauth2/token", self.token, methods=["POST"]),
            Route("/2/users/me", self.me, methods=["GET"]),
            Route("/2/users/{id}/tweets", self.timeline, methods=["GET"]),
            Route("/2/tweets", self.create, methods=["POST"]),
            Route("/2/tweets/{id}", self.delete, methods=["DELETE"]),
            Route("/2/tweets/{id}", self.tweet, methods=["GET"]),
            Route("/2/media/upload", self.upload, methods=["POST"]),
            Route("/2/media/metadata", self.metadata, methods=["POST"]),
        ]

    def _user(self, request: Request) -> str | None:
        user, expires = self.access.get(bearer(request) or "", ("", 0.0))
        return user if user and expires > time.time() else None

    async def token(self, request: Request) -> Response:
        form = await request.form()
        if self.client_secret is not None:
            basic = request.headers.get("authorization", "").removeprefix("Basic ")
            expected = f"{self.client_id}:{self.client_secret}".encode()
            if base64.b64decode(basic or "") != expected:
                return JSONResponse(
                    {
                        "error": "unauthorized_client",
                        "error_description": "Missing valid authorization header",
                    },
                    status_code=401,
                )
        elif form.get("client_id") != self.client_id:
            return JSONResponse(
                {
                    "error": "invalid_request",
                    "error_description": "Missing required parameter [client_id].",
                },
                status_code=400,
            )
        user = self.refresh.pop(str(form.get("refresh_token") or ""), None)
        if form.get("grant_type") != "refresh_token" or user is None:
            return JSONResponse(
                {
                    "error": "invalid_request",
                    "error_description": "Value passed for the token was invalid.",
                },
                status_code=400,
            )
        access, refresh = self.grant(user)
        return JSONResponse(
            {
                "token_type": "bearer",
                "expires_in": self.access_ttl,
                "access_token": access,
                "refresh_token": refresh,
                "scope": "tweet.write users.read tweet.read offline.access",
            }
        )

    async def me(self, request: Request) -> Response:
        user = self._user(request)
        if user is None:
            return _unauthorized()
        return JSONResponse({"data": {"id": _uid(user), "name": user.title(), "username": user}})

    async def timeline(self, request: Request) -> Response:
        if self._user(request) is None:
            return _unauthorized()
        limit = int(request.query_params.get("max_results", 10))
        mine = [t for t in self.tweets.values() if _uid(t.author) == request.path_params["id"]]
        mine.sort(key=lambda t: int(t.id), reverse=True)
        data = [
            {
                "id": t.id,
                "text": html.escape(URL.sub("https://t.co/AbCdEfGhIj", t.text), quote=False),
                "referenced_tweets": [{"type": "replied_to", "id": t.reply_to}]
                if t.reply_to
                else [],
            }
            for t in mine[:limit]
        ]
        return JSONResponse({"data": data, "meta": {"result_count": len(data)}})

    async def create(self, request: Request) -> Response:
        user = self._user(request)
        if user is None:
            return _unauthorized()
        body = await request.json()
        text = body.get("text", "")
        media_ids = (body.get("media") or {}).get("media_ids") or []
        if not parse_tweet(text).valid and not (media_ids and text == ""):
            return _invalid("text", "Your Tweet text is too long.")
        if len(media_ids) > 4 or any(m not in self.media for m in media_ids):
            return _invalid("media.media_ids", "Your media IDs are invalid.")
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if reply_to and reply_to not in self.tweets:
            return _invalid("reply", "The Tweet to reply to does not exist.")
        with self.lock:
            if any(t.author == user and t.text == text and text for t in self.tweets.values()):
                return JSONResponse(
                    {
                        "detail": "You are not allowed to create a Tweet with duplicate content.",
                        "type": "about:blank",
                        "title": "Forbidden",
                        "status": 403,
                    },
                    status_code=403,
                )
            tweet = Tweet(str(next(self._ids)), user, text, reply_to, media_ids)
            self.tweets[tweet.id] = tweet
        return JSONResponse(
            {"data": {"id": tweet.id, "text": text, "edit_history_tweet_ids": [tweet.id]}},
            status_code=201,
            headers={
                "x-rate-limit-limit": "100",
                "x-rate-limit-remaining": "99",
                "x-rate-limit-reset": str(int(time.time() + 900)),
            },
        )

    async def delete(self, request: Request) -> Response:
        user = self._user(request)
        if user is None:
            return _unauthorized()
        tweet = self.tweets.get(request.path_params["id"])
        if tweet is not None and tweet.author == user:
            del self.tweets[tweet.id]
        return JSONResponse({"data": {"deleted": tweet is not None}})

    async def tweet(self, request: Request) -> Response:
        """GET /2/tweets/:id?tweet.fields=public_metrics (counts set by tests in ``metrics``)."""
        if self._user(request) is None:
            return _unauthorized()
        tweet = self.tweets.get(request.path_params["id"])
        if tweet is None:
            return JSONResponse(
                {"errors": [{"title": "Not Found Error", "detail": "Could not find tweet"}]}
            )
        data: dict[str, Any] = {"id": tweet.id, "text": tweet.text}
        if "public_metrics" in request.query_params.get("tweet.fields", ""):
            zero = dict.fromkeys(
                ("retweet_count", "reply_count", "like_count", "quote_count", "impression_count"), 0
            )
            data["public_metrics"] = zero | self.metrics.get(tweet.id, {})
        return JSONResponse({"data": data})

    async def upload(self, request: Request) -> Response:
        if self._user(request) is None:
            return _unauthorized()
        form = await request.form()
        media = form.get("media")
        if media is None or isinstance(media, str) or form.get("media_category") != "tweet_image":
            return _invalid("media", "media and media_category=tweet_image are required")
        data = await media.read()
        if len(data) > IMAGE_MAX:
            return _invalid("media", "File size exceeds 5242880 bytes.")
        media_id = str(next(self._ids))
        self.media[media_id] = {"size": len(data), "alt_text": None}
        return JSONResponse(
            {
                "data": {
                    "id": media_id,
                    "media_key": f"3_{media_id}",
                    "size": len(data),
                    "expires_after_secs": 86400,
                }
            }
        )

    async def metadata(self, request: Request) -> Response:
        if self._user(request) is None:
            return _unauthorized()
        body = await request.json()
        alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text", "")
        if body.get("id") not in self.media or len(alt) > 1000:
            return _invalid("metadata", "alt text over 1000 characters or unknown media id")
        self.media[body["id"]]["alt_text"] = alt
        return JSONResponse(
            {"data": {"id": body["id"], "associated_metadata": {"alt_text": {"text": alt}}}}
        )


def _uid(user: str) -> str:
    return str(sum(ord(c) for c in user) * 7919)


def _invalid(field: str, message: str) -> Response:
    return JSONResponse(
        {
            "errors": [{"parameters": {field: []}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.x.com/2/problems/invalid-request",
        },
        status_code=400,
    )


def _unauthorized() -> Response:
    return JSONResponse(
        {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
        status_code=401,
    )
