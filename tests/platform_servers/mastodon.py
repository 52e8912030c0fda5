"""Mastodon REST API (docs.joinmastodon.org/methods/statuses, /methods/media).

Enforces: bearer tokens (401 ``{"error": "The access token is invalid"}``); the instance's
``max_characters`` counted in code points with every URL as 23 and ``@user@domain`` as ``@user``;
4 attachments, the image size limit and processed-before-attach (``/api/v2/media`` answers 202
until processing finishes); ``Idempotency-Key`` on ``POST /api/v1/statuses`` returns the status
first made with that key for an hour (Mastodon keeps keys that long), then is forgotten.
``rate_limit(seconds)`` answers 429 with ``X-RateLimit-Reset`` as an
ISO 8601 timestamp, as Mastodon does.
"""

from __future__ import annotations

import html
import itertools
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, bearer, form_or_json, new_token

URL = re.compile(r"https?://\S+")
MENTION = re.compile(r"(@\w+)@[\w.-]+\w")
TAG = re.compile(r"(?<![\w&])#(\w+)")


def mastodon_length(text: str) -> int:
    text = URL.sub("x" * 23, text)
    return len(MENTION.sub(r"\1", text))


@dataclass
class Media:
    id: str
    description: str
    size: int
    polls_left: int
    data: bytes = b""  # kept so tests can see exactly what was uploaded


@dataclass
class Status:
    id: str
    account_id: str
    text: str
    in_reply_to_id: str | None
    media_ids: list[str]
    visibility: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    language: str | None = None
    spoiler_text: str = ""
    sensitive: bool = False


class MastodonServer(PlatformServer):
    def __init__(
        self,
        *,
        max_characters: int = 500,
        media_processing_polls: int = 1,
        image_size_limit: int = 16 * 1024 * 1024,
        idempotency_ttl: float = 3600.0,
    ) -> None:
        self.idempotency_ttl = idempotency_ttl
        self.max_characters = max_characters
        self.media_processing_polls = media_processing_polls
        self.image_size_limit = image_size_limit
        self.tokens: dict[str, str] = {}
        self.statuses: dict[str, Status] = {}
        self.media: dict[str, Media] = {}
        self.idempotency: dict[tuple[str, str], tuple[str, float]] = {}  # -> (status, when)
        self.counts: dict[str, dict[str, int]] = {}  # status id -> favourites_count, ... (tests)
        self._ids = itertools.count(110_000_000_000_000_000)
        super().__init__()

    def issue_token(self, username: str = "newsroom") -> str:
        token = new_token()
        self.tokens[token] = username
        return token

    def rate_limit(self, seconds: float, *, times: int = 1) -> None:
        reset = datetime.now(UTC) + timedelta(seconds=seconds)
        self.control.fail(
            429,
            json_body={"error": "Too many requests"},
            times=times,
            headers={
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset.isoformat(timespec="milliseconds").replace(
                    "+00:00", "Z"
                ),
            },
        )

    def posts_by(self, username: str) -> list[Status]:
        return [s for s in self.statuses.values() if s.account_id == username]

    def routes(self) -> list[Route]:
        return [
            Route("/api/v1/accounts/verify_credentials", self.verify, methods=["GET"]),
            Route("/api/v1/accounts/{id}/statuses", self.account_statuses, methods=["GET"]),
            Route("/api/v2/instance", self.instance, methods=["GET"]),
            Route("/api/v2/media", self.upload, methods=["POST"]),
            Route("/api/v1/media/{id}", self.media_status, methods=["GET"]),
            Route("/api/v1/statuses", self.create, methods=["POST"]),
            Route("/api/v1/statuses/{id}", self.status, methods=["GET", "DELETE"]),
        ]

    def _user(self, request: Request) -> str | None:
        token = bearer(request)
        return self.tokens.get(token) if token else None

    def _account(self, username: str) -> dict[str, Any]:
        return {
            "id": username,
            "username": username,
            "acct": username,
            "url": f"{self.base_url}/@{username}",
        }

    def to_html(self, text: str) -> str:
        """Status text as Mastodon renders ``content``: paragraphs, shortened links, tag links."""

        def link(match: re.Match[str]) -> str:
            url = match.group(0)
            scheme, _, rest = url.partition("://")
            shown, hidden = rest[:30], rest[30:]
            return (
                f'<a href="{html.escape(url)}" rel="nofollow noopener" target="_blank">'
                f'<span class="invisible">{scheme}://</span><span class="ellipsis">'
                f'{html.escape(shown)}</span><span class="invisible">{html.escape(hidden)}'
                "</span></a>"
            )

        def tag(match: re.Match[str]) -> str:
            name = match.group(1)
            return (
                f'<a href="{self.base_url}/tags/{name.lower()}" class="mention hashtag" '
                f'rel="tag">#<span>{name}</span></a>'
            )

        paragraphs = []
        for para in text.split("\n\n"):
            pieces, last = [], 0
            for m in URL.finditer(para):
                pieces.append(TAG.sub(tag, html.escape(para[last : m.start()])))
                pieces.append(link(m))
                last = m.end()
            pieces.append(TAG.sub(tag, html.escape(para[last:])))
            paragraphs.append("<p>" + "".join(pieces).replace("\n", "<br />") + "</p>")
        return "".join(paragraphs)

    def _render(self, s: Status) -> dict[str, Any]:
        content = self.to_html(s.text)
        return {
            "id": s.id,
            "created_at": s.created_at.isoformat(),
            "content": content,
            "in_reply_to_id": s.in_reply_to_id,
            "visibility": s.visibility,
            "language": s.language,
            "spoiler_text": s.spoiler_text,
            "sensitive": s.sensitive,
            "uri": f"{self.base_url}/users/{s.account_id}/statuses/{s.id}",
            "url": f"{self.base_url}/@{s.account_id}/{s.id}",
            "media_attachments": [{"id": m, "type": "image"} for m in s.media_ids],
            "favourites_count": 0,
            "reblogs_count": 0,
            "replies_count": sum(1 for o in self.statuses.values() if o.in_reply_to_id == s.id),
            **self.counts.get(s.id, {}),
            "account": self._account(s.account_id),
        }

    async def verify(self, request: Request) -> Response:
        user = self._user(request)
        if user is None:
            return _unauthorized()
        return JSONResponse(self._account(user))

    async def instance(self, request: Request) -> Response:
        return JSONResponse(
            {
                "domain": "localhost",
                "configuration": {
                    "statuses": {
                        "max_characters": self.max_characters,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23,
                    },
                    "media_attachments": {
                        "image_size_limit": self.image_size_limit,
                        "description_limit": 1500,
                    },
                },
            }
        )

    async def upload(self, request: Request) -> Response:
        if self._user(request) is None:
            return _unauthorized()
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return _error(422, "Validation failed: File can't be blank")
        data = await upload.read()
        if len(data) > self.image_size_limit:
            return _error(422, "Validation failed: File file size must be less than 16 MB")
        description = str(form.get("description") or "")
        if len(description) > 1500:
            return _error(422, "Validation failed: Description is too long")
        media = Media(
            str(next(self._ids)), description, len(data), self.media_processing_polls, data
        )
        with self.lock:
            self.media[media.id] = media
        body = {
            "id": media.id,
            "type": "image",
            "description": description,
            "url": None if media.polls_left else f"{self.base_url}/media/{media.id}",
        }
        return JSONResponse(body, status_code=202 if media.polls_left else 200)

    async def media_status(self, request: Request) -> Response:
        if self._user(request) is None:
            return _unauthorized()
        media = self.media.get(request.path_params["id"])
        if media is None:
            return _error(404, "Record not found")
        with self.lock:
            media.polls_left = max(media.polls_left - 1, 0)
        url = None if media.polls_left else f"{self.base_url}/media/{media.id}"
        return JSONResponse(
            {"id": media.id, "type": "image", "url": url, "description": media.description},
            status_code=206 if media.polls_left else 200,
        )

    async def create(self, request: Request) -> Response:
        user = self._user(request)
        if user is None:
            return _unauthorized()
        params = await form_or_json(request)
        key = request.headers.get("idempotency-key")
        with self.lock:
            known, when = self.idempotency.get((user, key or ""), ("", 0.0))
            if known in self.statuses and time.time() - when < self.idempotency_ttl:
                return JSONResponse(self._render(self.statuses[known]))
        text = str(params.get("status") or "")
        media_ids = [str(m) for m in params.get("media_ids") or params.get("media_ids[]") or []]
        if not text and not media_ids:
            return _error(422, "Validation failed: Text can't be blank")
        if mastodon_length(text) > self.max_characters:
            return _error(
                422, f"Validation failed: Text character limit of {self.max_characters} exceeded"
            )
        if len(media_ids) > 4:
            return _error(422, "Validation failed: Cannot attach more than 4 files")
        for media_id in media_ids:
            media = self.media.get(media_id)
            if media is None:
                return _error(422, "Validation failed: Media not found")
            if media.polls_left:
                return _error(
                    422,
                    "Cannot attach files that have not finished processing. Try again in a moment!",
                )
        reply_to = params.get("in_reply_to_id")
        if reply_to and reply_to not in self.statuses:
            return _error(404, "Record not found")
        language = params.get("language")
        if language is not None and not re.fullmatch(r"[a-z]{2,3}", str(language)):
            return _error(422, "Validation failed: Language is not a valid ISO 639 code")
        sensitive = params.get("sensitive") in (True, "true", "1")
        status = Status(
            str(next(self._ids)),
            user,
            text,
            reply_to,
            media_ids,
            str(params.get("visibility") or "public"),
            language=language,
            spoiler_text=str(params.get("spoiler_text") or ""),
            # Mastodon marks media sensitive whenever there is a content warning
            sensitive=sensitive or bool(params.get("spoiler_text")),
        )
        with self.lock:
            self.statuses[status.id] = status
            if key:
                self.idempotency[(user, key)] = (status.id, time.time())
        return JSONResponse(self._render(status))

    async def status(self, request: Request) -> Response:
        user = self._user(request)
        if user is None:
            return _unauthorized()
        status = self.statuses.get(request.path_params["id"])
        if status is None:
            return _error(404, "Record not found")
        if request.method == "GET":
            return JSONResponse(self._render(status))
        if status.account_id != user:
            return _error(403, "This action is not allowed")
        with self.lock:
            del self.statuses[status.id]
        return JSONResponse({**self._render(status), "text": status.text})

    async def account_statuses(self, request: Request) -> Response:
        if self._user(request) is None:
            return _unauthorized()
        limit = min(int(request.query_params.get("limit", 20)), 40)
        mine = [s for s in self.statuses.values() if s.account_id == request.path_params["id"]]
        mine.sort(key=lambda s: int(s.id), reverse=True)
        return JSONResponse([self._render(s) for s in mine[:limit]])


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)


def _unauthorized() -> Response:
    return _error(401, "The access token is invalid")
