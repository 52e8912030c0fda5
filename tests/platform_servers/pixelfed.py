"""Pixelfed's Mastodon-compatible API (docs.pixelfed.org, ``app/Http/Controllers/Api``).

What differs from the Mastodon stand-in it builds on: ``POST /api/v1/media`` answers at once
(no processing wait); ``POST /api/v1/statuses`` refuses a post without media with 403
"Empty statuses are not allowed", takes at most 4 photos (``max_album_length``) and a caption of
500 characters counted plainly (``max_caption_length``), and ignores ``Idempotency-Key``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import form_or_json
from tests.platform_servers.mastodon import MastodonServer, Media, Status, _error


class PixelfedServer(MastodonServer):
    def __init__(self, *, max_caption_length: int = 500, max_album_length: int = 4) -> None:
        self.max_album_length = max_album_length
        super().__init__(max_characters=max_caption_length, image_size_limit=15_000 * 1024)

    def routes(self) -> list[Route]:
        return [
            Route("/api/v1/accounts/verify_credentials", self.verify, methods=["GET"]),
            Route("/api/v1/accounts/{id}/statuses", self.account_statuses, methods=["GET"]),
            Route("/api/v1/media", self.upload_now, methods=["POST"]),
            Route("/api/v1/statuses", self.create_photo_post, methods=["POST"]),
            Route("/api/v1/statuses/{id}", self.status, methods=["GET", "DELETE"]),
        ]

    async def upload_now(self, request: Request) -> Response:
        if self._user(request) is None:
            return _error(401, "Unauthenticated.")
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return _error(422, "The file field is required.")
        data = await upload.read()
        if len(data) > self.image_size_limit:
            return _error(422, "The file may not be greater than 15000 kilobytes.")
        media = Media(str(next(self._ids)), str(form.get("description") or ""), len(data), 0)
        with self.lock:
            self.media[media.id] = media
        url = f"{self.base_url}/storage/m/{media.id}.png"
        return JSONResponse({"id": media.id, "type": "image", "url": url})

    async def create_photo_post(self, request: Request) -> Response:
        user = self._user(request)
        if user is None:
            return _error(401, "Unauthenticated.")
        params = await form_or_json(request)
        media_ids = [str(m) for m in params.get("media_ids") or params.get("media_ids[]") or []]
        reply_to = params.get("in_reply_to_id")
        if not media_ids and not reply_to:
            return _error(403, "Empty statuses are not allowed")
        text = str(params.get("status") or "")
        if len(text) > self.max_characters:
            return _error(422, f"The status may not be greater than {self.max_characters} chars.")
        if len(media_ids) > self.max_album_length:
            return _error(422, f"The media ids may not have more than {self.max_album_length}.")
        if any(m not in self.media for m in media_ids):
            return _error(422, "The selected media ids is invalid.")
        if reply_to and reply_to not in self.statuses:
            return _error(404, "Record not found")
        status = Status(
            str(next(self._ids)),
            user,
            text,
            reply_to,
            media_ids,
            str(params.get("visibility")),
            spoiler_text=str(params.get("spoiler_text") or ""),
            sensitive=params.get("sensitive") in (True, "true", "1"),
        )
        with self.lock:
            self.statuses[status.id] = status
        return JSONResponse(self._render(status))
