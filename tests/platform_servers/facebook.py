"""Facebook Pages through the Graph API (developers.facebook.com/docs/pages-api/posts).

Enforces: a Page access token on every call (``access_token`` parameter or bearer header; an
unknown or invalidated token is error 190); ``POST /{page-id}/feed`` with ``message``, ``link``
and ``attached_media``; ``POST /{page-id}/photos`` (multipart ``source``, ``published=false`` for
multi-photo posts, ``alt_text_custom``) with a 4 MB photo limit; a message of at most 63206
characters; error 506 for a duplicate status message. Paths may carry any ``/vNN.N`` version.
Throttling answers error code 4/17/32 with ``X-Business-Use-Case-Usage``.
A post read with ``fields`` (``GET /{post-id}?fields=reactions.summary(total_count),
comments.summary(total_count),shares``) answers only the fields asked for: summaries with
``total_count`` (reactions set in ``counts``, comments counted), ``shares.count`` left out when
nobody has shared the post, as the Graph API does.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, new_token
from tests.platform_servers.graph import graph_error, params_and_token, throttle

PHOTO_MAX = 4 * 1024 * 1024
VERSION = re.compile(r"^/v\d+\.\d+")
FIELD = re.compile(r"[a-z_]+(?:\.[a-z_]+\([^)]*\))*")  # "reactions.limit(0).summary(total_count)"


class FacebookServer(PlatformServer):
    def __init__(self, page_id: str = "1029384756", page_name: str = "City Hospital") -> None:
        self.page_id, self.page_name = page_id, page_name
        self.tokens: dict[str, str] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self.comments: dict[str, dict[str, Any]] = {}  # comment id -> post, message
        self.photos: dict[str, dict[str, Any]] = {}
        self.counts: dict[str, dict[str, int]] = {}  # post id -> "reactions"/"shares" -> count
        self._ids = itertools.count(122_100_000_000_000_000)
        super().__init__()

    def issue_token(self) -> str:
        token = new_token("EAAG")
        self.tokens[token] = self.page_id
        return token

    def rate_limit(self, minutes: int, *, code: int = 32) -> None:
        throttle(self.control, code, minutes)

    def routes(self) -> list[Route]:
        return [Route("/{path:path}", self.dispatch, methods=["GET", "POST", "DELETE"])]

    async def dispatch(self, request: Request) -> Response:
        path = VERSION.sub("", "/" + request.path_params["path"]).strip("/")
        params, token = await params_and_token(request)
        page = self.tokens.get(token or "")
        if page is None:
            return graph_error(
                190, "Invalid OAuth access token - Cannot parse access token", status=401
            )
        parts = path.split("/")
        if path == "me":
            return JSONResponse({"id": page, "name": self.page_name})
        if parts[1:] == ["comments"] and parts[0] in self.posts:
            return self._comments(parts[0], request.method, params)
        if len(parts) == 1 and parts[0] in self.comments and request.method == "DELETE":
            del self.comments[parts[0]]
            return JSONResponse({"success": True})
        if len(parts) == 2 and parts[0] != page:
            return graph_error(
                200,
                "(#200) The user hasn't authorized the application to perform this action",
                status=403,
            )
        if parts[1:] == ["feed"] and request.method == "POST":
            return self._feed(params)
        if parts[1:] == ["photos"] and request.method == "POST":
            return await self._photo(request, params)
        if parts[1:] == ["posts"]:
            limit = int(params.get("limit", 25))
            newest = sorted(self.posts.values(), key=lambda p: p["seq"], reverse=True)[:limit]
            return JSONResponse({"data": [_public(p) for p in newest], "paging": {}})
        post = self.posts.get(parts[0])
        if len(parts) == 1 and post is not None:
            if request.method == "DELETE":
                del self.posts[parts[0]]
                return JSONResponse({"success": True})
            if params.get("fields"):
                return self._fields(post, str(params["fields"]))
            return JSONResponse(_public(post))
        return graph_error(
            100,
            f"Unsupported {request.method} request. Object with ID '{parts[0]}' does not exist",
            kind="GraphMethodException",
        )

    def _fields(self, post: dict[str, Any], fields: str) -> Response:
        """The fields asked for, by name; an edge with ``.summary(total_count)`` gets its count
        (and, with ``.limit(0)``, no items)."""
        answer = _public(post)
        shown: dict[str, Any] = {"id": post["id"]}
        counts = self.counts.get(post["id"], {})
        totals = {
            "reactions": counts.get("reactions", 0),
            "comments": sum(c["post"] == post["id"] for c in self.comments.values()),
        }
        for field in FIELD.findall(fields):
            name = field.split(".")[0]
            if name in totals:
                edge: dict[str, Any] = {"data": []}
                if ".summary(" in field:
                    edge["summary"] = {"total_count": totals[name]}
                shown[name] = edge
            elif name == "shares":
                if counts.get("shares"):
                    shown["shares"] = {"count": counts["shares"]}
            elif name in answer:
                shown[name] = answer[name]
            else:
                return graph_error(100, f"(#100) Tried accessing nonexisting field ({name})")
        return JSONResponse(shown)

    def _feed(self, params: dict[str, Any]) -> Response:
        message = str(params.get("message") or "")
        media = [
            json.loads(v)["media_fbid"] for k, v in params.items() if k.startswith("attached_media")
        ]
        if not message and not params.get("link") and not media:
            return graph_error(100, "(#100) param message must be non-empty", kind="OAuthException")
        if len(message) > 63206:
            return graph_error(100, "(#100) message is too long")
        if any(m not in self.photos for m in media):
            return graph_error(100, "(#100) attached_media: photo not found")
        with self.lock:
            latest = max(self.posts.values(), key=lambda p: p["seq"], default=None)
            if latest is not None and message and latest["message"] == message:
                return graph_error(506, "Duplicate status message")
            seq = next(self._ids)
            post_id = f"{self.page_id}_{seq}"
            self.posts[post_id] = {
                "id": post_id,
                "seq": seq,
                "message": message,
                "link": params.get("link"),
                "media": media,
            }
        return JSONResponse({"id": post_id})

    def _comments(self, post_id: str, method: str, params: dict[str, Any]) -> Response:
        """``POST /{post-id}/comments`` (as the page) and ``GET`` of a post's comments."""
        if method == "GET":
            found = [c for c in self.comments.values() if c["post"] == post_id]
            data = [{"id": c["id"], "message": c["message"]} for c in found]
            return JSONResponse({"data": data[: int(params.get("limit", 25))], "paging": {}})
        message = str(params.get("message") or "")
        if not message:
            return graph_error(100, "(#100) param message must be non-empty")
        with self.lock:
            comment_id = f"{post_id.split('_')[1]}_{next(self._ids)}"
            self.comments[comment_id] = {"id": comment_id, "post": post_id, "message": message}
        return JSONResponse({"id": comment_id})

    async def _photo(self, request: Request, params: dict[str, Any]) -> Response:
        form = await request.form()
        source = form.get("source")
        if source is None or isinstance(source, str):
            return graph_error(324, "(#324) Requires upload file")
        data = await source.read()
        if len(data) > PHOTO_MAX:
            return graph_error(100, "(#100) Photo file is too large")
        photo_id = str(next(self._ids))
        self.photos[photo_id] = {
            "alt_text_custom": params.get("alt_text_custom"),
            "published": params.get("published") != "false",
        }
        return JSONResponse({"id": photo_id})


def _public(post: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": post["id"],
        "message": post["message"],
        "permalink_url": f"https://www.facebook.com/{post['id']}",
    }
