"""What chaos tests need beyond ``tests.processes``: a private Redis, SIGKILL, one shared setup.

``PrivateRedis`` runs its own ``redis-server`` on a free port with persistence off, so a test
can kill and restart it (losing everything, as an unpersisted Redis does) without touching the
machine's shared Redis. ``Stack`` writes the config, builds the test's own ``Runtime`` for
seeding and inspecting, and starts and kills worker and scheduler processes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from socialpub.runtime import Runtime
from socialpub.settings import Settings
from socialpub.store.migrate import upgrade
from tests.processes import process_env, start_scheduler, start_worker, stop, wait_for, write_config


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateRedis:
    """A throwaway ``redis-server`` with no RDB and no AOF: a restart loses every key."""

    def __init__(self, workdir: Path, bind: tuple[str, ...] = ("127.0.0.1",)) -> None:
        self.port = free_port()
        self.bind = bind
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    @property
    def url(self) -> str:
        return f"redis://{self.bind[-1]}:{self.port}/0"

    def start(self) -> None:
        log = (self.workdir / f"redis-{self.port}.log").open("ab")
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                *self.bind,
                "--protected-mode",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            wait_for(lambda: _pings(client), timeout=10, interval=0.05, what="redis-server up")
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown save, everything in memory is gone."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def restart(self, *, down_for: float = 0.5) -> None:
        self.kill()
        time.sleep(down_for)  # long enough for clients to see the connection refused
        self.start()
        self.restarts += 1

    def messages(self, prefix: str, queue: str) -> int:
        """Worker messages Redis holds for ``queue``: waiting (every priority) or unacked."""
        client = redis.Redis.from_url(self.url)
        try:
            waiting = sum(
                int(client.llen(f"{prefix}:{queue}{suffix}"))
                for suffix in ("", "\x06\x163", "\x06\x166", "\x06\x169")
            )
            return waiting + int(client.hlen(f"{prefix}:unacked"))
        finally:
            client.close()

    def keys(self) -> int:
        client = redis.Redis.from_url(self.url)
        try:
            return int(client.dbsize())
        finally:
            client.close()


def _pings(client: redis.Redis) -> bool:  # type: ignore[type-arg]
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def kill9(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process and everything it forked: no cleanup, no ack, no goodbye."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


# Short leases and intervals so a test sees a crash repaired within seconds, not minutes.
FAST = {
    "dispatch_interval_seconds": 0.2,
    "reconcile_interval_seconds": 0.5,
    "lease_seconds": 6.0,  # renewed every 2 s: a busy machine may delay a renewal by 4 s
    "queued_timeout_seconds": 3.0,
    "backoff_base_seconds": 0.2,
    "backoff_cap_seconds": 1.0,
    "max_attempts": 20,
    "overdue_alert_seconds": 600.0,
}


@dataclass
class Stack:
    """One test's processes and its own view of the database."""

    tmp: Path
    database_url: str
    redis_url: str
    prefix: str
    accounts: dict[str, dict[str, Any]]
    overrides: dict[str, Any] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.values: dict[str, Any] = {
            "database_url": self.database_url,
            "redis_url": self.redis_url,
            "redis_prefix": self.prefix,
            "celery_queue": f"{self.prefix}-publish",
            **FAST,
            **self.overrides,
        }
        self.config = write_config(
            self.tmp / "socialpub.toml", {**self.values, "accounts": self.accounts}
        )
        self.env = process_env(self.config, **self.extra_env)
        for key, value in self.extra_env.items():
            os.environ[key] = value  # the test's own Runtime resolves the same secrets
        self.runtime = Runtime(Settings(**self.values, accounts=self.accounts))
        upgrade(self.runtime.engine)

    @property
    def queue(self) -> str:
        return str(self.values["celery_queue"])

    def worker(
        self, name: str, concurrency: int = 2, prefix: Sequence[str] = ()
    ) -> subprocess.Popen[bytes]:
        proc = start_worker(
            self.env, self.tmp, self.queue, concurrency=concurrency, name=name, prefix=prefix
        )
        self.procs.append(proc)
        return proc

    def scheduler(self, name: str) -> subprocess.Popen[bytes]:
        proc = start_scheduler(self.env, self.tmp, name=name)
        self.procs.append(proc)
        return proc

    def close(self) -> None:
        for proc in self.procs:
            stop(proc, timeout=5)
        for key in self.extra_env:
            os.environ.pop(key, None)
        self.runtime.close()

    def log(self, name: str) -> str:
        """One process's log so far (``worker-w1``, ``scheduler-s1``), empty before it exists."""
        path = self.tmp / f"{name}.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""

    def logs(self) -> str:
        """The tail of every process log, for a failure message."""
        out = []
        for path in sorted(self.tmp.glob("*.log")):
            text = path.read_text("utf-8", "replace")
            out.append(f"--- {path.name}\n{text[-3000:]}")
        return "\n".join(out)
