"""Per-account publish rate limits, shared by every worker on every host through Redis.

Each account has a quota of ``requests`` per ``per_seconds`` (a sliding window), declared by its
platform's adapter (``Adapter.quota``, the documented limit) and overridable per account with
``rate_limit_per_hour``. We keep to it ourselves so we slow down before the platform answers 429.
When a platform does answer with a ``retry_after``, the whole account waits ("not before"), not
just the delivery that hit it.

Redis keys (``{prefix}`` is ``settings.redis_prefix``):
- ``{prefix}:ratelimit:{account}``: sorted set of reservations, scored by the time they were made;
  the member names the delivery and attempt, so a duplicated message does not count twice.
- ``{prefix}:ratelimit:{account}:not_before``: epoch seconds before which nothing is sent.

Time is the caller's clock, the same one due times are compared with (so hosts must keep their
clocks in sync, as they must for scheduling anyway). If Redis cannot be reached the check lets
the publish through: the platform's own 429 and the retry policy are the backstop.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import redis

from socialpub.platforms.base import Quota
from socialpub.platforms.registry import adapter_class
from socialpub.settings import Account

__all__ = ["Quota", "quota_for", "wait_in_window"]

log = logging.getLogger(__name__)


def quota_for(account: Account) -> Quota | None:
    """The account's quota: its own ``rate_limit_per_hour``, else the one its platform's adapter
    declares (``Adapter.quota``; None when the platform has none, as for a webhook)."""
    own = account.settings.rate_limit_per_hour
    if own is not None:
        return Quota(own, 3600)
    return adapter_class(account.platform).quota


def wait_in_window(stamps: list[float], now: float, quota: Quota) -> float:
    """Seconds until one more request fits in the sliding window holding ``stamps``; 0 = now.

    The pure statement of what the Lua script below does atomically in Redis.
    """
    live = sorted(s for s in stamps if s > now - quota.per_seconds)
    if len(live) < quota.requests:
        return 0.0
    return live[len(live) - quota.requests] + quota.per_seconds - now


# KEYS[1] window set, KEYS[2] not-before key; ARGV: limit, period, member, now (epoch seconds).
# Returns {allowed (0/1), wait seconds as a string}.
_ACQUIRE = """
local now = tonumber(ARGV[4])
local nb = tonumber(redis.call('GET', KEYS[2]) or '0')
if nb > now then
  return {0, tostring(nb - now)}
end
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
if limit <= 0 then
  return {1, '0'}
end
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  return {1, '0'}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(period * 1000))
  return {1, '0'}
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, tostring(tonumber(oldest[2]) + period - now)}
"""

# KEYS[1] not-before key; ARGV[1] seconds from ARGV[2] (now, epoch). Only ever moves later.
_HOLD = """
local now = tonumber(ARGV[2])
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 1000)
end
return tostring(math.max(until_, current) - now)
"""

# Redis being away is an outage we ride out; a script error is a bug and must be seen.
_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


class RateLimiter:
    """Atomic reservations against per-account quotas, shared by all workers through Redis."""

    def __init__(self, client: redis.Redis[bytes], prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self._acquire: Any = client.register_script(_ACQUIRE)
        self._hold: Any = client.register_script(_HOLD)

    def key(self, account: str) -> str:
        return f"{self.prefix}:ratelimit:{account}"

    def acquire(self, account: str, quota: Quota | None, member: str, *, now: datetime) -> float:
        """Reserve one publish for ``member``; 0.0 when it may go now, else seconds to wait.

        Reserving the same ``member`` twice counts once (a duplicated message for one attempt).
        """
        return self.acquire_many([(account, quota, member)], now=now)[0]

    def acquire_many(
        self, wanted: Sequence[tuple[str, Quota | None, str]], *, now: datetime
    ) -> list[float]:
        """``acquire`` for several (account, quota, member), in order, in one round trip.

        Each reservation is still its own atomic script run, so the answers are those the same
        calls one by one would give.
        """
        if not wanted:
            return []
        pipe = self.client.pipeline(transaction=False)
        for account, quota, member in wanted:
            key = self.key(account)
            limit, period = (quota.requests, quota.per_seconds) if quota else (0, 1.0)
            self._acquire(
                keys=[key, f"{key}:not_before"],
                args=[limit, period, member, now.timestamp()],
                client=pipe,
            )
        try:
            answers = pipe.execute()
        except _UNREACHABLE as exc:
            log.warning("rate limits not checked (Redis: %s); publishing", exc)
            return [0.0] * len(wanted)
        return [0.0 if int(allowed) == 1 else max(float(wait), 0.001) for allowed, wait in answers]

    def held_for(self, account: str, now: datetime) -> float:
        """Seconds the account is still held by ``hold``; 0.0 when it is not (or Redis is away)."""
        try:
            raw = self.client.get(f"{self.key(account)}:not_before")
        except _UNREACHABLE:
            return 0.0
        return max(float(raw) - now.timestamp(), 0.0) if raw else 0.0

    def hold(self, account: str, seconds: float, *, now: datetime) -> float:
        """Make the whole account wait ``seconds`` (a platform's retry_after); returns the wait."""
        key = f"{self.key(account)}:not_before"
        try:
            return float(self._hold(keys=[key], args=[max(seconds, 0.0), now.timestamp()]))
        except _UNREACHABLE as exc:
            log.warning("could not hold account %s for %.1fs (Redis: %s)", account, seconds, exc)
            return seconds
