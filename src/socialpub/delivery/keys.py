"""Idempotency keys: UUIDv7 (RFC 9562), so a key also says when its delivery was made.

Platforms that derive something from the key (Bluesky's record key is a timestamp identifier)
then get a real time, and keys sort in creation order in logs and databases.
"""

from __future__ import annotations

import os
import time
import uuid


def new_idempotency_key(now_ms: int | None = None) -> str:
    """A UUIDv7 as 32 hex digits: 48 bits of Unix milliseconds, version, variant, 74 random bits."""
    millis = (time.time_ns() // 1_000_000 if now_ms is None else now_ms) & ((1 << 48) - 1)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis << 80) | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64
    value |= (0b10 << 62) | (rand & ((1 << 62) - 1))
    return uuid.UUID(int=value).hex
