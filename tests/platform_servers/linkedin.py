"""LinkedIn Posts API (learn.microsoft.com/linkedin/marketing/community-management/shares).

Enforces: ``LinkedIn-Version: YYYYMM`` (an unknown or missing version is refused) and
``X-Restli-Protocol-Version: 2.0.0``; bearer tokens that expire (401 ``EXPIRED_ACCESS_TOKEN``),
refreshed at ``/oauth/v2/accessToken``; the author must be the member or an organization the
member administers; ``commentary`` of at most 3000 UTF-16 units in "little" text (escapes,
``#tag`` and the ``{hashtag|\\#|tag}`` template), where an unescaped reserved character
silently cuts the post short, as LinkedIn does; images uploaded through
``/rest/images?action=initializeUpload`` first; a repeated commentary answers 422
``DUPLICATE_POST`` naming the existing share. Throttling is 429 ``TOO_MANY_REQUESTS``.

Comments API (community-management/shares/comments-api): ``POST
/rest/socialActions/{shareUrn}/comments`` with ``actor``, ``object`` (the same URN as the path)
and ``message.text`` answers 201 with the comment (``id``, ``commentUrn``) and its id in
``x-restli-id``; the actor must be the member or a page it administers, the post must exist.
``GET`` lists a post's comments (``elements``), ``DELETE .../comments/{id}?actor=`` removes one.
``GET /rest/socialActions/{shareUrn}`` answers the post's summary: ``likesSummary`` (likes set in
``likes``) and ``commentsSummary`` (its comments counted).
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, bearer, new_token

VERSIONS = {f"2026{m:02d}" for m in range(1, 12)} | {"202512"}  # active a year back
RESERVED = set("\\|{}@[]()<>#*_~")
URL = re.compile(r"https?://\S+")
HASHTAG = re.compile(r"#\w+")
TEMPLATE = re.compile(r"\{hashtag\|\\#\|([^}|]+)\}")


def read_little(text: str) -> str:
    """What LinkedIn shows for ``text``: escapes undone, cut at the first stray reserved char."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        template = TEMPLATE.match(text, i) if char == "{" else None
        if template:
            out.append("#" + template.group(1))
            i = template.end()
            continue
        url = URL.match(text, i) if char in "hH" and (i == 0 or text[i - 1].isspace()) else None
        tag = HASHTAG.match(text, i) if char == "#" else None
        if url or tag:
            match = url or tag
            assert match is not None
            out.append(match.group(0))
            i = match.end()
        elif char == "\\" and i + 1 < len(text) and text[i + 1] in RESERVED:
            out.append(text[i + 1])
            i += 2
        elif char in RESERVED:
            break
        else:
            out.append(char)
            i += 1
    return "".join(out)


class LinkedInServer(PlatformServer):
    def __init__(self, *, client_id: str = "li-client", client_secret: str = "li-secret") -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.access: dict[str, tuple[str, float]] = {}  # token -> (member urn, expires at)
        self.refresh: dict[str, str] = {}
        self.admins: dict[str, set[str]] = {}  # organization urn -> member urns
        self.posts: dict[str, dict[str, Any]] = {}
        self.images: dict[str, bytes | None] = {}
        self.comments: dict[str, dict[str, Any]] = {}  # comment urn -> comment
        self.likes: dict[str, int] = {}  # post urn -> how many liked it
        self._ids = itertools.count(7_400_000_000_000_000_000)
        super().__init__()

    def grant(
        self, member: str = "urn:li:person:abc123", ttl: float = 5_184_000
    ) -> tuple[str, str]:
        access, refresh = new_token("AQV"), new_token("AQX")
        self.access[access] = (member, time.time() + ttl)
        self.refresh[refresh] = member
        return access, refresh

    def expire_access_tokens(self) -> None:
        self.access = {t: (m, 0.0) for t, (m, _) in self.access.items()}

    def rate_limit(self, *, times: int = 1) -> None:
        self.control.fail(
            429,
            times=times,
            json_body={
                "status": 429,
                "serviceErrorCode": 101,
                "code": "TOO_MANY_REQUESTS",
                "message": "Resource level throttle APPLICATION DAY limit for calls to this "
                "resource is reached.",
            },
        )

    def shown(self, urn: str) -> str:
        return read_little(self.posts[urn]["commentary"])

    def routes(self) -> list[Route]:
        return [
            Route("/oauth/v2/accessToken", self.token, methods=["POST"]),
            Route("/v2/userinfo", self.userinfo, methods=["GET"]),
            Route("/rest/images", self.init_upload, methods=["POST"]),
            Route("/upload/{image}", self.upload, methods=["PUT"]),
            Route("/rest/posts", self.posts_collection, methods=["GET", "POST"]),
            Route("/rest/posts/{urn:path}", self.post, methods=["GET", "DELETE"]),
            Route("/rest/socialActions/{target}", self.social_actions, methods=["GET"]),
            Route(
                "/rest/socialActions/{target}/comments",
                self.comments_collection,
                methods=["GET", "POST"],
            ),
            Route(
                "/rest/socialActions/{target}/comments/{comment_id}",
                self.comment,
                methods=["DELETE"],
            ),
        ]

    def comments_on(self, target: str) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["object"] == target]

    async def social_actions(self, request: Request) -> Response:
        member = self._member(request)
        if isinstance(member, Response):
            return member
        target = unquote(request.path_params["target"])
        if target not in self.posts:
            return _err(404, "NOT_FOUND", f"{target} not found")
        likes, comments = self.likes.get(target, 0), len(self.comments_on(target))
        return JSONResponse(
            {
                "target": target,
                "likesSummary": {
                    "selectedLikes": [],
                    "aggregatedTotalLikes": likes,
                    "likedByCurrentUser": False,
                    "totalLikes": likes,
                },
                "commentsSummary": {
                    "selectedComments": [],
                    "totalFirstLevelComments": comments,
                    "aggregatedTotalComments": comments,
                },
            }
        )

    async def comments_collection(self, request: Request) -> Response:
        member = self._member(request)
        if isinstance(member, Response):
            return member
        target = unquote(request.path_params["target"])
        if target not in self.posts:
            return _err(404, "NOT_FOUND", f"{target} not found")
        if request.method == "GET":
            count = int(request.query_params.get("count", 10))
            return JSONResponse({"elements": self.comments_on(target)[:count]})
        body = await request.json()
        actor, text = body.get("actor", ""), (body.get("message") or {}).get("text")
        if body.get("object") != target or not isinstance(text, str) or not text:
            return _err(422, "UNPROCESSABLE", "ERROR :: object must be the post, message.text")
        if not self._may_post_as(member, actor):
            return _err(403, "ACCESS_DENIED", f"Not enough permissions to comment as {actor}", 100)
        with self.lock:
            comment_id = str(next(self._ids))
            urn = f"urn:li:comment:({target},{comment_id})"
            self.comments[urn] = {
                "id": comment_id,
                "commentUrn": urn,
                "actor": actor,
                "object": target,
                "message": {"text": text},
                "created": {"time": int(time.time() * 1000), "actor": actor},
            }
        return JSONResponse(
            self.comments[urn], status_code=201, headers={"x-restli-id": comment_id}
        )

    async def comment(self, request: Request) -> Response:
        member = self._member(request)
        if isinstance(member, Response):
            return member
        target = unquote(request.path_params["target"])
        urn = f"urn:li:comment:({target},{request.path_params['comment_id']})"
        found = self.comments.get(urn)
        if found is None:
            return _err(404, "NOT_FOUND", f"Comment {urn} not found")
        actor = request.query_params.get("actor", "")
        if actor != found["actor"] or not self._may_post_as(member, actor):
            return _err(403, "ACCESS_DENIED", "Not enough permissions to delete the comment", 100)
        del self.comments[urn]
        return Response(status_code=204)

    def _member(self, request: Request, *, versioned: bool = True) -> str | Response:
        if versioned:
            version = request.headers.get("linkedin-version", "")
            if version not in VERSIONS:
                return _err(
                    426, "NONEXISTENT_VERSION", f"Requested version {version} is not active"
                )
            if request.headers.get("x-restli-protocol-version") != "2.0.0":
                return _err(400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version 2.0.0 expected")
        member, expires = self.access.get(bearer(request) or "", ("", 0.0))
        if not member:
            return _err(401, "REVOKED_ACCESS_TOKEN", "Invalid access token", 65600)
        if expires <= time.time():
            return _err(
                401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65601
            )
        return member

    async def token(self, request: Request) -> Response:
        form = await request.form()
        member = self.refresh.get(str(form.get("refresh_token") or ""))
        ok = (form.get("client_id"), form.get("client_secret")) == (
            self.client_id,
            self.client_secret,
        )
        if form.get("grant_type") != "refresh_token" or member is None or not ok:
            return JSONResponse(
                {
                    "error": "invalid_request",
                    "error_description": "The provided "
                    "authorization grant or refresh token is invalid, expired or "
                    "revoked",
                },
                status_code=400,
            )
        access = new_token("AQV")
        self.access[access] = (member, time.time() + 5_184_000)
        return JSONResponse(
            {
                "access_token": access,
                "expires_in": 5_184_000,
                "refresh_token": form["refresh_token"],
                "refresh_token_expires_in": 31_536_000,
            }
        )

    async def userinfo(self, request: Request) -> Response:
        member = self._member(request, versioned=False)
        if isinstance(member, Response):
            return member
        return JSONResponse({"sub": member.rsplit(":", 1)[-1], "name": "Newsroom Editor"})

    async def init_upload(self, request: Request) -> Response:
        member = self._member(request)
        if isinstance(member, Response):
            return member
        if request.query_params.get("action") != "initializeUpload":
            return _err(400, "ILLEGAL_ARGUMENT", "action=initializeUpload expected")
        image = f"urn:li:image:C{next(self._ids)}"
        self.images[image] = None
        return JSONResponse(
            {
                "value": {
                    "uploadUrlExpiresAt": int(time.time() * 1000) + 3600_000,
                    "uploadUrl": f"{self.base_url}/upload/{image}",
                    "image": image,
                }
            }
        )

    async def upload(self, request: Request) -> Response:
        member = self._member(request, versioned=False)
        if isinstance(member, Response):
            return member
        self.images[request.path_params["image"]] = await request.body()
        return Response(status_code=201)

    def _may_post_as(self, member: str, author: str) -> bool:
        return author == member or member in self.admins.get(author, set())

    async def posts_collection(self, request: Request) -> Response:
        member = self._member(request)
        if isinstance(member, Response):
            return member
        if request.method == "GET":
            author = request.query_params.get("author", "")
            found = [p for p in self.posts.values() if p["author"] == author]
            count = int(request.query_params.get("count", 10))
            return JSONResponse({"elements": list(reversed(found))[:count]})
        body = await request.json()
        problem = self._invalid(body, member)
        if problem:
            return problem
        with self.lock:
            for urn, post in self.posts.items():
                if post["author"] == body["author"] and post["commentary"] == body["commentary"]:
                    return _err(
                        422,
                        "DUPLICATE_POST",
                        "com.linkedin.content.common.exception."
                        f"BadRequestResponseException: Content is a duplicate of {urn}",
                    )
            urn = f"urn:li:share:{next(self._ids)}"
            self.posts[urn] = {**body, "id": urn, "createdAt": int(time.time() * 1000)}
        return Response(status_code=201, headers={"x-restli-id": urn})

    def _invalid(self, body: dict[str, Any], member: str) -> Response | None:
        required = ("author", "commentary", "visibility", "distribution", "lifecycleState")
        missing = [f for f in required if f not in body]
        if missing:
            return _err(
                422,
                "UNPROCESSABLE",
                "".join(
                    f"ERROR :: /{f} :: field is required but not found and has no default value\n"
                    for f in missing
                ),
            )
        if not self._may_post_as(member, body["author"]):
            return _err(
                403, "ACCESS_DENIED", f"Not enough permissions to post as {body['author']}", 100
            )
        if len(body["commentary"].encode("utf-16-le")) // 2 > 3000:
            return _err(422, "UNPROCESSABLE", "ERROR :: /commentary :: length exceeds 3000")
        content = body.get("content") or {}
        images = (
            [content["media"]]
            if "media" in content
            else (content.get("multiImage") or {}).get("images", [])
        )
        if any(self.images.get(i.get("id")) is None for i in images):
            return _err(422, "UNPROCESSABLE", "ERROR :: /content :: image not uploaded")
        article = content.get("article")
        if article is not None:  # Posts API "Article" content: source and title are required
            if not article.get("source") or not article.get("title"):
                return _err(422, "UNPROCESSABLE", "ERROR :: /content/article :: source, title")
            thumb = article.get("thumbnail")
            if thumb is not None and self.images.get(thumb) is None:
                return _err(422, "UNPROCESSABLE", "ERROR :: /content/article :: thumbnail")
        return None

    async def post(self, request: Request) -> Response:
        member = self._member(request)
        if isinstance(member, Response):
            return member
        urn = unquote(request.path_params["urn"])
        post = self.posts.get(urn)
        if post is None:
            return _err(404, "NOT_FOUND", f"Post {urn} not found")
        if request.method == "GET":
            return JSONResponse(post)
        del self.posts[urn]
        return Response(status_code=204)


def _err(status: int, code: str, message: str, service_code: int | None = None) -> Response:
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if service_code is not None:
        body["serviceErrorCode"] = service_code
    return JSONResponse(body, status_code=status)
