"""Threads API (developers.facebook.com/docs/threads): container first, then publish.

Enforces: long-lived user tokens (``access_token`` parameter or bearer) that expire, refreshed by
``GET /refresh_access_token?grant_type=th_refresh_token`` only once at least 24 hours old and not
yet expired; text of at most 500 characters where an emoji counts as its UTF-8 bytes; at most 5
links; containers that stay ``IN_PROGRESS`` for a few status polls and must be ``FINISHED`` before
``threads_publish``; each container published once; replies only to existing posts.
Media insights (developers.facebook.com/docs/threads/insights): ``GET /{media-id}/insights`` with
``metric`` among views, likes, replies, reposts, quotes, shares, answered from ``insights``
(settable per post); with ``insights_allowed`` False the token lacks
``threads_manage_insights`` and the answer is error 10.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

import regex
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, new_token
from tests.platform_servers.graph import graph_error, insights_answer, params_and_token, throttle

VERSION = re.compile(r"^/v\d+\.\d+")
URL = re.compile(r"https?://\S+|www\.\S+")
MEDIA_METRICS = ("views", "likes", "replies", "reposts", "quotes", "shares")
EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]")


def threads_length(text: str) -> int:
    return sum(len(c.encode()) if EMOJI.match(c) else 1 for c in text)


@dataclass
class Token:
    user: str
    issued_at: float
    expires_at: float


@dataclass
class Container:
    id: str
    user: str
    text: str
    reply_to: str | None
    polls_left: int
    status: str = "IN_PROGRESS"
    media_id: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


class ThreadsServer(PlatformServer):
    def __init__(
        self,
        *,
        user_id: str = "17841400000000001",
        username: str = "cityhospital",
        processing_polls: int = 2,
    ) -> None:
        self.user_id, self.username = user_id, username
        self.processing_polls = processing_polls
        self.tokens: dict[str, Token] = {}
        self.containers: dict[str, Container] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(18_000_000_000_000_000)
        # GET /{user}/threads_publishing_limit: 250 posts, 1,000 replies per moving 24 h
        self.quota_total, self.reply_quota_total = 250, 1000
        self.published_at: list[tuple[float, bool]] = []  # (when, was a reply)
        self.insights: dict[str, dict[str, int]] = {}  # media id -> metric -> count
        self.insights_allowed = True  # whether tokens carry threads_manage_insights
        super().__init__()

    def _usage(self) -> tuple[int, int]:
        recent = [reply for when, reply in self.published_at if when > time.time() - 86400]
        return recent.count(False), recent.count(True)

    def issue_token(self, *, age: float = 2 * 86400, ttl: float = 60 * 86400) -> str:
        token = new_token("THAA")
        now = time.time()
        self.tokens[token] = Token(self.user_id, now - age, now - age + ttl)
        return token

    def rate_limit(self, minutes: int) -> None:
        throttle(self.control, 4, minutes)

    def routes(self) -> list[Route]:
        return [
            Route("/refresh_access_token", self.refresh, methods=["GET"]),
            Route("/{path:path}", self.dispatch, methods=["GET", "POST", "DELETE"]),
        ]

    def _token(self, token: str | None) -> Token | Response:
        found = self.tokens.get(token or "")
        if found is None:
            return graph_error(
                190, "Invalid OAuth access token - Cannot parse access token", status=401
            )
        if found.expires_at <= time.time():
            return graph_error(
                190, "Error validating access token: Session has expired", status=401, subcode=463
            )
        return found

    async def refresh(self, request: Request) -> Response:
        params, token = await params_and_token(request)
        found = self._token(token)
        if isinstance(found, Response):
            return found
        if params.get("grant_type") != "th_refresh_token":
            return graph_error(100, "grant_type must be th_refresh_token")
        if time.time() - found.issued_at < 86400:
            return graph_error(100, "Tokens can be refreshed once they are 24 hours old")
        fresh = new_token("THAA")
        self.tokens[fresh] = Token(found.user, time.time(), time.time() + 60 * 86400)
        return JSONResponse(
            {"access_token": fresh, "token_type": "bearer", "expires_in": 60 * 86400}
        )

    async def dispatch(self, request: Request) -> Response:
        path = VERSION.sub("", "/" + request.path_params["path"]).strip("/")
        params, token = await params_and_token(request)
        found = self._token(token)
        if isinstance(found, Response):
            return found
        parts = ["me" if p == found.user else p for p in path.split("/")]
        if parts == ["me"]:
            return JSONResponse({"id": self.user_id, "username": self.username})
        if parts == ["me", "threads"] and request.method == "POST":
            return self._create(found.user, params)
        if parts == ["me", "threads"]:
            limit = int(params.get("limit", 25))
            newest = sorted(self.posts.values(), key=lambda p: p["id"], reverse=True)[:limit]
            return JSONResponse({"data": newest, "paging": {}})
        if parts == ["me", "threads_publishing_limit"]:
            posts, replies = self._usage()
            usage = {
                "quota_usage": posts,
                "config": {"quota_total": self.quota_total, "quota_duration": 86400},
                "reply_quota_usage": replies,
                "reply_config": {"quota_total": self.reply_quota_total, "quota_duration": 86400},
            }
            return JSONResponse({"data": [usage]})
        if parts == ["me", "threads_publish"] and request.method == "POST":
            return self._publish(str(params.get("creation_id")))
        if len(parts) == 2 and parts[1] == "insights" and request.method == "GET":
            return self._insights(parts[0], str(params.get("metric") or ""))
        if len(parts) == 1 and parts[0] in self.containers:
            container = self.containers[parts[0]]
            with self.lock:
                container.polls_left -= 1
                if container.polls_left <= 0 and container.status == "IN_PROGRESS":
                    container.status = "FINISHED"
            return JSONResponse({"id": container.id, "status": container.status})
        if len(parts) == 1 and parts[0] in self.posts:
            if request.method == "DELETE":
                del self.posts[parts[0]]
                return JSONResponse({"success": True})
            return JSONResponse(self.posts[parts[0]])
        return graph_error(100, f"Object with ID '{parts[0]}' does not exist")

    def _insights(self, media_id: str, metric: str) -> Response:
        if not self.insights_allowed:
            return graph_error(10, "(#10) Application does not have permission for this action")
        if media_id not in self.posts:
            return graph_error(100, f"Object with ID '{media_id}' does not exist")
        wanted = [m for m in metric.split(",") if m]
        unknown = [m for m in wanted if m not in MEDIA_METRICS]
        if not wanted or unknown:
            return graph_error(
                100, f"(#100) metric must be one of the following values: {MEDIA_METRICS}"
            )
        return insights_answer(media_id, wanted, self.insights.get(media_id, {}))

    def _create(self, user: str, params: dict[str, Any]) -> Response:
        text = str(params.get("text") or "")
        if params.get("media_type") != "TEXT":
            return graph_error(100, "This stand-in supports media_type=TEXT only")
        if not text:
            return graph_error(100, "The parameter text is required for TEXT posts")
        if threads_length(text) > 500:
            return graph_error(100, "Param text must be at most 500 characters long.")
        if len(set(URL.findall(text))) > 5:
            return graph_error(100, "THREADS_API__LINK_LIMIT_EXCEEDED")
        reply_to = params.get("reply_to_id")
        if reply_to and reply_to not in self.posts:
            return graph_error(100, f"Object with ID '{reply_to}' does not exist")
        link = params.get("link_attachment")
        if link is not None and not str(link).startswith(("http://", "https://")):
            return graph_error(100, "Param link_attachment must be a valid URL")
        container = Container(
            str(next(self._ids)), user, text, reply_to, self.processing_polls, params=dict(params)
        )
        self.containers[container.id] = container
        return JSONResponse({"id": container.id})

    def _publish(self, creation_id: str) -> Response:
        container = self.containers.get(creation_id)
        if container is None:
            return graph_error(24, "The requested resource does not exist", subcode=4279009)
        with self.lock:
            if container.status == "PUBLISHED":
                return graph_error(10, "The media has already been published", status=400)
            if container.status != "FINISHED":
                return graph_error(
                    9007,
                    "The media is not ready for publishing, please wait for a moment",
                    subcode=2207027,
                )
            posts, replies = self._usage()
            if (
                (replies >= self.reply_quota_total)
                if container.reply_to
                else (posts >= self.quota_total)
            ):
                return graph_error(4, "Application request limit reached", subcode=2207051)
            self.published_at.append((time.time(), container.reply_to is not None))
            media_id = str(next(self._ids))
            container.status, container.media_id = "PUBLISHED", media_id
            self.posts[media_id] = {
                "id": media_id,
                "text": container.text,
                "username": self.username,
                "permalink": f"https://www.threads.net/@{self.username}/post/C{media_id[-8:]}",
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime()),
                "reply_to": container.reply_to,
                "link_attachment_url": container.params.get("link_attachment"),
            }
        return JSONResponse({"id": media_id})
