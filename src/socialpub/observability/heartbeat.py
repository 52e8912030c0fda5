"""Heartbeats in Redis: each scheduler and worker says "alive" every few seconds.

A heartbeat is a key ``{prefix}:heartbeat:{role}:{name}`` holding a small JSON object (for a
worker, the queues it consumes) that expires after ``ttl`` seconds. A process that dies or hangs
stops renewing it, and its key disappears by itself; nothing has to clean up. The health check
reads them: "is any scheduler alive, and is any worker consuming our queue?" — the two ways
deliveries fall due and silently sit.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import redis

log = logging.getLogger(__name__)

SCHEDULER = "scheduler"
WORKER = "worker"
EVERY_SECONDS = 5.0  # how often a process beats
TTL_SECONDS = 20.0  # how long a beat counts: several missed beats before a process is presumed dead


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def key(prefix: str, role: str, name: str) -> str:
    return f"{prefix}:heartbeat:{role}:{name}"


def beat(
    client: redis.Redis[bytes],
    prefix: str,
    role: str,
    name: str,
    *,
    ttl: float = TTL_SECONDS,
    **info: Any,
) -> None:
    value = json.dumps({"name": name, "at": time.time(), **info})
    client.set(key(prefix, role, name), value, px=int(ttl * 1000))


def alive(client: redis.Redis[bytes], prefix: str, role: str) -> list[dict[str, Any]]:
    """The processes of ``role`` whose heartbeat has not expired."""
    keys = list(client.scan_iter(match=key(prefix, role, "*"), count=500))
    found = []
    for raw in client.mget(keys) if keys else []:
        if raw is None:
            continue  # expired between the scan and the read
        try:
            found.append(json.loads(raw))
        except ValueError:
            continue
    return found


class Beating:
    """Calls ``tick`` every ``every`` seconds from a daemon thread until stopped.

    A failing tick (Redis or the database away) is logged once per outage, not every time.
    """

    def __init__(self, tick: Callable[[], None], *, every: float = EVERY_SECONDS) -> None:
        self.tick = tick
        self.every = every
        self._stop = threading.Event()
        self._failing = False
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> Beating:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while True:
            try:
                self.tick()
                if self._failing:
                    log.info("heartbeat works again")
                self._failing = False
            except Exception as exc:
                if not self._failing:
                    log.warning("heartbeat failed, will keep trying: %s", exc)
                self._failing = True
            if self._stop.wait(self.every):
                return
