"""Telegram Bot API (core.telegram.org/bots/api): ``/bot<token>/<method>``.

Enforces: the bot token in the path (401 ``Unauthorized`` otherwise); the bot must be a member
of the chat (403); text of 1-4096 and captions of at most 1024 UTF-16 units; photos of at most
10 MB sent as multipart; 2-10 items in ``sendMediaGroup``; replies to existing messages only;
``{"ok": false, "error_code", "description", "parameters": {"retry_after"}}`` on errors, 429 with
``parameters.retry_after``. Bots cannot read history, and this stand-in offers no way to either.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, form_or_json, new_token

PHOTO_MAX = 10 * 1024 * 1024


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class TelegramServer(PlatformServer):
    def __init__(self, *, chat_id: int = -1001234567890, chat_username: str | None = "citynews"):
        self.chat = {
            "id": chat_id,
            "type": "channel",
            "title": "City News",
            **({"username": chat_username} if chat_username else {}),
        }
        self.tokens: set[str] = set()
        self.members: set[str] = set()
        self.messages: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(100)
        super().__init__()

    def issue_token(self, *, member: bool = True) -> str:
        token = f"{next(self._ids)}4567:{new_token('AA')}"
        self.tokens.add(token)
        if member:
            self.members.add(token)
        return token

    def rate_limit(self, seconds: int) -> None:
        self.control.fail(
            429,
            json_body={
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {seconds}",
                "parameters": {"retry_after": seconds},
            },
        )

    def routes(self) -> list[Route]:
        return [Route("/bot{token}/{method}", self.call, methods=["GET", "POST"])]

    async def call(self, request: Request) -> Response:
        token = request.path_params["token"]
        if token not in self.tokens:
            return _fail(401, "Unauthorized")
        method = request.path_params["method"]
        params = {**request.query_params, **(await form_or_json(request))}
        if method == "getMe":
            return _ok(
                {
                    "id": int(token.split(":")[0]),
                    "is_bot": True,
                    "first_name": "Publisher",
                    "username": "city_publisher_bot",
                }
            )
        if str(params.get("chat_id")) not in (
            str(self.chat["id"]),
            "@" + str(self.chat.get("username")),
        ):
            return _fail(400, "Bad Request: chat not found")
        if token not in self.members:
            return _fail(403, "Forbidden: bot is not a member of the channel chat")
        handler = {
            "getChat": self._get_chat,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendMediaGroup": self._send_group,
            "deleteMessage": self._delete,
        }.get(method)
        if handler is None:
            return _fail(404, "Not Found")
        return await handler(request, params)

    async def _get_chat(self, request: Request, params: dict[str, Any]) -> Response:
        return _ok(self.chat)

    def _reply_problem(self, params: dict[str, Any]) -> Response | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, str):
            reply = json.loads(reply)
        if reply and int(reply["message_id"]) not in self.messages:
            return _fail(400, "Bad Request: message to be replied not found")
        return None

    def _store(self, **fields: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._ids),
            "chat": self.chat,
            "date": 1_790_000_000,
            **fields,
        }
        with self.lock:
            self.messages[message["message_id"]] = message
        return message

    async def _send_message(self, request: Request, params: dict[str, Any]) -> Response:
        text = str(params.get("text") or "")
        if not text:
            return _fail(400, "Bad Request: message text is empty")
        if utf16(text) > 4096:
            return _fail(400, "Bad Request: message is too long")
        return self._reply_problem(params) or _ok(self._store(text=text))

    async def _photo_bytes(self, request: Request, name: str) -> bytes | Response:
        form = await request.form()
        upload = form.get(name)
        if upload is None or isinstance(upload, str):
            return _fail(400, "Bad Request: there is no photo in the request")
        data = await upload.read()
        return _fail(400, "Bad Request: file is too big") if len(data) > PHOTO_MAX else data

    async def _send_photo(self, request: Request, params: dict[str, Any]) -> Response:
        caption = str(params.get("caption") or "")
        if utf16(caption) > 1024:
            return _fail(400, "Bad Request: message caption is too long")
        data = await self._photo_bytes(request, "photo")
        if isinstance(data, Response):
            return data
        problem = self._reply_problem(params)
        spoiler = params.get("has_spoiler") in (True, "true")
        stored = {"caption": caption, "photo": [{"file_size": len(data)}]}
        return problem or _ok(self._store(**stored, has_media_spoiler=spoiler))

    async def _send_group(self, request: Request, params: dict[str, Any]) -> Response:
        media = json.loads(params.get("media") or "[]")
        if not 2 <= len(media) <= 10:
            return _fail(400, "Bad Request: wrong number of media in the group (2-10)")
        if utf16(str(media[0].get("caption") or "")) > 1024:
            return _fail(400, "Bad Request: message caption is too long")
        sent = []
        for item in media:
            data = await self._photo_bytes(request, item["media"].removeprefix("attach://"))
            if isinstance(data, Response):
                return data
            photo = [{"file_size": len(data)}]
            spoiler = bool(item.get("has_spoiler"))
            sent.append(
                self._store(caption=item.get("caption", ""), photo=photo, has_media_spoiler=spoiler)
            )
        return _ok(sent)

    async def _delete(self, request: Request, params: dict[str, Any]) -> Response:
        with self.lock:
            if self.messages.pop(int(params["message_id"]), None) is None:
                return _fail(400, "Bad Request: message to delete not found")
        return _ok(True)


def _ok(result: Any) -> Response:
    return JSONResponse({"ok": True, "result": result})


def _fail(code: int, description: str) -> Response:
    return JSONResponse(
        {"ok": False, "error_code": code, "description": description}, status_code=code
    )
