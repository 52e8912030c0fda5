"""Telegram: a bot posts to a channel or group with ``sendMessage`` / ``sendPhoto``.

The bot token is part of every URL, so messages about failures name the method, never the URL.
Text goes without a parse mode, so nothing needs escaping. Idempotency: none; bots cannot read a
chat's history, so ``lookup`` cannot tell whether a post exists and raises ``UnknownOutcome``
(the delivery then waits for a human). Errors: ``{"ok": false, "error_code", "description"}``;
429 carries ``parameters.retry_after``; 401 (token revoked) and 403 (bot removed from the chat)
are ``AuthError``. A caption holds at most 1024 UTF-16 units, so posts with images must fit that.

Account table: platform = "telegram", chat_id = "@channelname", bot_token_env =
   "TELEGRAM_BOT_TOKEN".
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import AdapterOptions, PublishRequest, PublishResult, Quota
from socialpub.platforms.errors import PermanentError, UnknownOutcome
from socialpub.platforms.http import HttpAdapter, HttpUrl, json_or_none, parse_retry_after

PHOTO_BYTES = 10 * 1024 * 1024
CAPTION_UNITS = 1024


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _describe(response: httpx.Response) -> str:
    data = json_or_none(response)
    if not isinstance(data, dict):
        return response.text[:300]
    parameters = data.get("parameters") or {}
    moved = parameters.get("migrate_to_chat_id") if isinstance(parameters, dict) else None
    if moved is not None:  # a group became a supergroup: the old id will never work again
        return f"{data.get('description')}; set chat_id = {moved}"
    return str(data.get("description"))


def _retry_after(response: httpx.Response) -> float | None:
    data = json_or_none(response)
    parameters = data.get("parameters") if isinstance(data, dict) else None
    if isinstance(parameters, dict) and "retry_after" in parameters:
        return float(parameters["retry_after"])
    return parse_retry_after(response.headers.get("Retry-After"))


class TelegramOptions(AdapterOptions):
    chat_id: str | int  # "@channelname" or the numeric id (-100...)
    api_url: HttpUrl = "https://api.telegram.org"
    link_preview: bool = True


class TelegramAdapter(HttpAdapter):
    kind = "telegram"
    Options = TelegramOptions
    secret_names = frozenset({"bot_token"})
    required_secrets = frozenset({"bot_token"})
    options: TelegramOptions
    # about 20 messages per minute into one group (core.telegram.org/bots/faq)
    quota = Quota(20, 60)
    max_image_side = 5000  # sendPhoto: width + height at most 10,000
    secret_patterns = (r"(/bot)\d+:[\w-]+",)  # the bot token is part of every URL
    default_limits = PlatformLimits(
        platform="telegram",
        max_length=4096,
        counting=Counting.UTF16,
        threads=True,
        max_thread_parts=10,
        default_hashtags=3,
        max_images=10,
        max_image_bytes=PHOTO_BYTES,
    )

    def base_url(self) -> str:
        return f"{self.options.api_url.rstrip('/')}/bot{self.secret('bot_token')}"

    def request_label(self, method: str, path: str) -> str:
        return f"Telegram {path.strip('/')}"

    def describe(self, response: httpx.Response) -> str:
        return _describe(response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return _retry_after(response)

    def _call(self, method: str, *, mutating: bool, **kwargs: Any) -> Any:
        return self.call("POST", f"/{method}", mutating=mutating, **kwargs)["result"]

    def _preview(self, request: PublishRequest) -> dict[str, Any]:
        """Bot API 7.0: preview the post's own link, not whichever link comes first."""
        if not self.options.link_preview:
            return {"is_disabled": True}
        return {"url": request.link} if request.link else {}

    def _reply(self, reply_to: str | None) -> dict[str, Any]:
        if not reply_to:
            return {}
        return {"reply_parameters": json.dumps({"message_id": int(reply_to.rsplit(":", 1)[-1])})}

    def _result(self, message: dict[str, Any]) -> PublishResult:
        chat, message_id = message["chat"], message["message_id"]
        if chat.get("username"):
            url: str | None = f"https://t.me/{chat['username']}/{message_id}"
        elif str(chat["id"]).startswith("-100"):
            url = f"https://t.me/c/{str(chat['id'])[4:]}/{message_id}"
        else:
            url = None
        return PublishResult(remote_id=f"{chat['id']}:{message_id}", url=url)

    def publish(self, request: PublishRequest) -> PublishResult:
        chat = str(self.options.chat_id)
        if not request.media:
            body = {
                "chat_id": chat,
                "text": request.text,
                **self._reply(request.reply_to),
                "link_preview_options": json.dumps(self._preview(request)),
            }
            return self._result(self._call("sendMessage", mutating=True, data=body))
        if _utf16(request.text) > CAPTION_UNITS:
            raise PermanentError(
                f"Telegram captions hold {CAPTION_UNITS} UTF-16 units; this "
                f"post has {_utf16(request.text)} with images"
            )
        if any(len(m.data) > PHOTO_BYTES for m in request.media):
            raise PermanentError(f"Telegram photos are at most {PHOTO_BYTES} bytes")
        if len(request.media) == 1:
            item = request.media[0]
            data = {"chat_id": chat, "caption": request.text, **self._reply(request.reply_to)}
            if request.sensitive:  # Bot API 6.4: the photo is covered until tapped
                data["has_spoiler"] = "true"
            files = {"photo": (item.filename, item.data, item.mime_type)}
            return self._result(self._call("sendPhoto", mutating=True, data=data, files=files))
        media = [
            {
                "type": "photo",
                "media": f"attach://photo{i}",
                **({"caption": request.text} if i == 0 else {}),
                **({"has_spoiler": True} if request.sensitive else {}),
            }
            for i in range(len(request.media))
        ]
        data = {"chat_id": chat, "media": json.dumps(media), **self._reply(request.reply_to)}
        files_list = {
            f"photo{i}": (m.filename, m.data, m.mime_type) for i, m in enumerate(request.media)
        }
        sent = self._call("sendMediaGroup", mutating=True, data=data, files=files_list)
        return self._result(sent[0])

    @property
    def can_look_up(self) -> bool:
        return False

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        raise UnknownOutcome(
            "Telegram bots cannot read a chat's history: check the channel "
            "by hand before sending again"
        )

    def delete(self, remote_id: str) -> None:
        chat, _, message_id = remote_id.rpartition(":")
        try:
            self._call(
                "deleteMessage", mutating=True, data={"chat_id": chat, "message_id": message_id}
            )
        except PermanentError as exc:
            if "not found" not in exc.message:
                raise

    def verify_credentials(self) -> str:
        me = self._call("getMe", mutating=False)
        chat = self._call("getChat", mutating=False, data={"chat_id": str(self.options.chat_id)})
        return f"@{me['username']} posting to {chat.get('title') or chat['id']}"
