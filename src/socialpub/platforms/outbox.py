"""Writes what would have been posted to a local JSON Lines file: a dry run that records.

The default account of a new install, so the whole pipeline can be seen working with no
platform credentials. Idempotent by key: a second publish with the same key returns the first
record instead of writing another line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from socialpub.compose.limits import PlatformLimits
from socialpub.platforms.base import (
    Adapter,
    AdapterOptions,
    PublishRequest,
    PublishResult,
)
from socialpub.platforms.errors import PermanentError


class OutboxOptions(AdapterOptions):
    path: str = "var/outbox.jsonl"
    max_length: int = 500


class OutboxAdapter(Adapter):
    kind = "outbox"
    Options = OutboxOptions
    secret_names = frozenset[str]()
    shows_link_cards = False  # no reader sees a preview here
    default_limits = PlatformLimits(
        platform="outbox", max_length=500, max_images=4, max_image_bytes=10_000_000
    )
    options: OutboxOptions
    quota = None  # a local file
    prepares_images = False  # images never leave this machine: it records their hash only
    _key_prefix: ClassVar[str] = "outbox:"

    @property
    def limits(self) -> PlatformLimits:
        return dataclasses.replace(self.default_limits, max_length=self.options.max_length)

    @property
    def path(self) -> Path:
        return Path(self.options.path)

    def _records(self) -> list[dict[str, object]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def publish(self, request: PublishRequest) -> PublishResult:
        found = self.lookup(request)
        if found is not None:
            return found
        remote_id = self._key_prefix + request.idempotency_key
        record = {
            "id": remote_id,
            "account": self.account.name,
            "idempotency_key": request.idempotency_key,
            "text": request.text,
            "reply_to": request.reply_to,
            "media": [
                {
                    "filename": m.filename,
                    "mime_type": m.mime_type,
                    "alt_text": m.alt_text,
                    "bytes": len(m.data),
                    "sha256": hashlib.sha256(m.data).hexdigest(),
                }
                for m in request.media
            ],
            "posted_at": datetime.now(UTC).isoformat(),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise PermanentError(f"cannot write outbox {self.path}: {exc}") from exc
        return PublishResult(remote_id=remote_id, url=self.path.resolve().as_uri())

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        for record in self._records():
            if record.get("idempotency_key") == request.idempotency_key:
                return PublishResult(remote_id=str(record["id"]), url=self.path.resolve().as_uri())
        return None

    def delete(self, remote_id: str) -> None:
        kept = [r for r in self._records() if r.get("id") != remote_id]
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), "utf-8")
        tmp.replace(self.path)

    def verify_credentials(self) -> str:
        return f"writes to {self.path.resolve()}"
