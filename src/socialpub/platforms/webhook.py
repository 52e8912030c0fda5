"""POSTs each post as JSON to a configured URL, optionally signed with HMAC-SHA256.

The body is ``{"id", "account", "text", "reply_to", "link", "media": [...]}`` and carries the
idempotency key both in the body and in an ``Idempotency-Key`` header, so a receiver can drop a
repeat. With a secret configured, ``X-Socialpub-Signature: sha256=<hex>`` signs
``<timestamp>.<body>`` and ``X-Socialpub-Timestamp`` carries the timestamp (replay protection).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import time

import httpx

from socialpub.compose.limits import PlatformLimits
from socialpub.platforms.base import (
    Adapter,
    AdapterOptions,
    PublishRequest,
    PublishResult,
    WebUrl,
)
from socialpub.platforms.errors import UnknownOutcome
from socialpub.platforms.http import raise_for_status, send


class WebhookOptions(AdapterOptions):
    url: WebUrl
    max_length: int = 5000
    timeout_seconds: float = 10.0
    lookup_url: WebUrl | None = None  # GET <lookup_url>?idempotency_key=...: 200 found, 404 not


class WebhookAdapter(Adapter):
    kind = "webhook"
    Options = WebhookOptions
    secret_names = frozenset({"secret"})
    shows_link_cards = False  # no reader sees a preview here
    default_limits = PlatformLimits(
        platform="webhook", max_length=5000, max_images=4, max_image_bytes=8_000_000
    )
    options: WebhookOptions
    quota = None  # the receiver is ours: no platform limit to keep

    @property
    def limits(self) -> PlatformLimits:
        return dataclasses.replace(self.default_limits, max_length=self.options.max_length)

    def _signature_headers(self, body: bytes) -> dict[str, str]:
        secret = self.account.secrets.get("secret")
        if not secret:
            return {}
        timestamp = str(int(time.time()))
        mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
        return {
            "X-Socialpub-Timestamp": timestamp,
            "X-Socialpub-Signature": "sha256=" + mac.hexdigest(),
        }

    def publish(self, request: PublishRequest) -> PublishResult:
        payload = {
            "id": request.idempotency_key,
            "account": self.account.name,
            "text": request.text,
            "reply_to": request.reply_to,
            "link": request.link,
            "media": [
                {
                    "filename": m.filename,
                    "mime_type": m.mime_type,
                    "alt_text": m.alt_text,
                    "data_base64": base64.b64encode(m.data).decode(),
                }
                for m in request.media
            ],
        }
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": request.idempotency_key,
            **self._signature_headers(body),
        }
        http_request = self.client.build_request(
            "POST",
            self.options.url,
            content=body,
            headers=headers,
            timeout=self.options.timeout_seconds,
        )
        response = send(self.client, http_request, mutating=True)
        raise_for_status(response)
        remote_id = request.idempotency_key
        url = None
        if "json" in response.headers.get("content-type", ""):
            data = response.json()
            if isinstance(data, dict):
                remote_id = str(data.get("id", remote_id))
                url = data.get("url")
        return PublishResult(remote_id=remote_id, url=url, status=response.status_code)

    @property
    def can_look_up(self) -> bool:
        return self.options.lookup_url is not None

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        if not self.options.lookup_url:
            raise UnknownOutcome("this webhook has no lookup_url: cannot tell if it was received")
        http_request = self.client.build_request(
            "GET",
            self.options.lookup_url,
            params={"idempotency_key": request.idempotency_key},
            timeout=self.options.timeout_seconds,
        )
        response = send(self.client, http_request, mutating=False)
        if response.status_code == 404:
            return None
        raise_for_status(response)
        data = response.json()
        return PublishResult(
            remote_id=str(data.get("id", request.idempotency_key)),
            url=data.get("url"),
            status=response.status_code,
        )

    def delete(self, remote_id: str) -> None:
        raise_for_status(httpx.Response(405, text="webhooks cannot delete what they delivered"))

    def verify_credentials(self) -> str:
        return f"posts to {self.options.url}"
