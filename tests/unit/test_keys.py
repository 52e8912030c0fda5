from __future__ import annotations

import uuid

from socialpub.delivery.keys import new_idempotency_key


def test_keys_are_uuid7_carrying_their_time() -> None:
    key = new_idempotency_key(now_ms=1_764_000_000_123)
    parsed = uuid.UUID(hex=key)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert parsed.int >> 80 == 1_764_000_000_123


def test_keys_are_unique_and_sort_by_time() -> None:
    keys = [new_idempotency_key(now_ms=ms) for ms in (1, 2, 3) for _ in range(50)]
    assert len(set(keys)) == len(keys)
    assert [k[:12] for k in sorted(keys)] == [k[:12] for k in keys]
