"""Discord: posts through a channel's incoming webhook, ``POST {webhook}?wait=true``.

The webhook URL is the secret (``webhook_url_env``); failures name the step, never the URL.
Mentions in the text are disabled (``allowed_mentions``) so an article cannot ping @everyone.
Images go as multipart ``files[n]`` with their alt text as the attachment ``description``.
Idempotency: webhooks take no nonce and cannot list messages, so ``lookup`` raises
``UnknownOutcome``. 429 carries ``retry_after`` (seconds, fractional) in the body.

Account table: platform = "discord", webhook_url_env = "DISCORD_WEBHOOK_URL" (optional: username).
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import AdapterOptions, PublishRequest, PublishResult, Quota
from socialpub.platforms.errors import AuthError, PermanentError, PlatformError, UnknownOutcome
from socialpub.platforms.http import HttpAdapter, json_or_none, parse_retry_after, secret_url

FILE_BYTES = 10 * 1024 * 1024


def _describe(response: httpx.Response) -> str:
    data = json_or_none(response)
    if isinstance(data, dict) and "message" in data:
        return f"{data['message']} (code {data.get('code', '-')})"
    return response.text[:300]


def _retry_after(response: httpx.Response) -> float | None:
    data = json_or_none(response)
    if isinstance(data, dict) and isinstance(data.get("retry_after"), int | float):
        return float(data["retry_after"])
    return parse_retry_after(response.headers.get("Retry-After"))


class DiscordOptions(AdapterOptions):
    username: str | None = None


class DiscordAdapter(HttpAdapter):
    kind = "discord"
    Options = DiscordOptions
    secret_names = frozenset({"webhook_url"})
    required_secrets = frozenset({"webhook_url"})
    options: DiscordOptions
    # webhooks: 5 requests per 2 s per webhook (discord.com/developers/docs/topics/rate-limits)
    quota = Quota(5, 2)
    secret_patterns = (r"(/api/webhooks/\d+/)[\w.-]+",)  # the webhook URL is the secret
    default_limits = PlatformLimits(
        platform="discord",
        max_length=2000,
        counting=Counting.CODEPOINTS,
        default_hashtags=0,
        max_images=10,
        max_image_bytes=FILE_BYTES,
    )

    def base_url(self) -> str:
        return str(secret_url(self.secret("webhook_url"), "the Discord webhook URL")).rstrip("/")

    def request_label(self, method: str, path: str) -> str:
        return f"Discord webhook {method}"

    def describe(self, response: httpx.Response) -> str:
        return _describe(response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return _retry_after(response)

    def classify(self, response: httpx.Response) -> PlatformError | None:
        if response.status_code == 404 and "10015" in response.text:
            return AuthError("the Discord webhook no longer exists (Unknown Webhook)", status=404)
        return None

    def publish(self, request: PublishRequest) -> PublishResult:
        if request.reply_to:
            raise PermanentError("Discord webhook posts cannot be threaded")
        hook = self.request("GET", "", mutating=False).json()
        payload: dict[str, Any] = {"content": request.text, "allowed_mentions": {"parse": []}}
        if self.options.username:
            payload["username"] = self.options.username
        if any(len(m.data) > FILE_BYTES for m in request.media):
            raise PermanentError(f"Discord files are at most {FILE_BYTES} bytes")
        if request.media:
            # Discord blurs an attachment whose file name starts with SPOILER_
            names = [("SPOILER_" if request.sensitive else "") + m.filename for m in request.media]
            payload["attachments"] = [
                {"id": i, "filename": names[i], "description": m.alt_text}
                for i, m in enumerate(request.media)
            ]
            files = {
                f"files[{i}]": (names[i], m.data, m.mime_type) for i, m in enumerate(request.media)
            }
            response = self.request(
                "POST",
                "",
                mutating=True,
                params={"wait": "true"},
                data={"payload_json": json.dumps(payload)},
                files=files,
            )
        else:
            response = self.request(
                "POST", "", mutating=True, params={"wait": "true"}, json=payload
            )
        message = response.json()
        url = (
            (
                f"https://discord.com/channels/{hook.get('guild_id')}/{message['channel_id']}/"
                f"{message['id']}"
            )
            if hook.get("guild_id")
            else None
        )
        return PublishResult(remote_id=str(message["id"]), url=url)

    @property
    def can_look_up(self) -> bool:
        return False

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        raise UnknownOutcome(
            "Discord webhooks cannot list messages: check the channel by hand before sending again"
        )

    def delete(self, remote_id: str) -> None:
        try:
            self.request("DELETE", f"/messages/{remote_id}", mutating=True)
        except PermanentError as exc:
            if exc.status != 404:
                raise

    def verify_credentials(self) -> str:
        hook = self.request("GET", "", mutating=False).json()
        return f"webhook {hook.get('name')!r} in channel {hook.get('channel_id')}"
