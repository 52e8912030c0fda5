"""Is the service doing its job? The checks behind ``/api/health`` and ``socialpub status``.

Each check answers ok or not with one line saying why. Together they catch the failures that
leave deliveries due but silently unsent: the database or Redis away, no scheduler alive to
dispatch, or no worker consuming the queue the dispatcher sends to (workers started with the
wrong ``-Q``); and they count what is overdue already.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text

from socialpub.delivery.alerts import OVERDUE_STATES
from socialpub.observability import heartbeat
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Health:
    checks: list[Check] = field(default_factory=list)
    overdue: int | None = None

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "failing",
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in self.checks},
            "overdue": self.overdue,
        }


def _one_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def check_database(runtime: Runtime, now: datetime) -> tuple[Check, int | None]:
    cutoff = now - timedelta(seconds=runtime.settings.overdue_alert_seconds)
    try:
        with runtime.sessions() as session:
            session.execute(text("SELECT 1"))
            overdue = session.scalar(
                select(func.count()).where(
                    Delivery.state.in_([s.value for s in OVERDUE_STATES]),
                    Delivery.due_at < cutoff,
                )
            )
    except Exception as exc:
        return Check("database", False, f"unreachable: {_one_line(exc)}"), None
    return Check("database", True, "reachable"), int(overdue or 0)


def check_processes(runtime: Runtime) -> list[Check]:
    """Redis, a live scheduler and a worker on our queue, from their heartbeats."""
    prefix = runtime.settings.redis_prefix
    queue = runtime.settings.celery_queue
    try:
        runtime.redis.ping()
        schedulers = heartbeat.alive(runtime.redis, prefix, heartbeat.SCHEDULER)
        workers = heartbeat.alive(runtime.redis, prefix, heartbeat.WORKER)
    except Exception as exc:
        down = f"unreachable: {_one_line(exc)}"
        unknown = "unknown: Redis, which holds the heartbeats, is unreachable"
        return [
            Check("redis", False, down),
            Check("scheduler", False, unknown),
            Check("workers", False, unknown),
        ]
    checks = [Check("redis", True, "reachable")]
    if schedulers:
        checks.append(Check("scheduler", True, f"{len(schedulers)} alive"))
    else:
        checks.append(Check("scheduler", False, "no scheduler alive: due posts are not dispatched"))
    ours = [w for w in workers if queue in w.get("queues", [])]
    if ours:
        checks.append(Check("workers", True, f"{len(ours)} consuming queue {queue!r}"))
    elif workers:
        elsewhere = sorted({q for w in workers for q in w.get("queues", [])})
        checks.append(
            Check(
                "workers",
                False,
                f"no worker consumes queue {queue!r} (workers listen on {', '.join(elsewhere)})",
            )
        )
    else:
        checks.append(Check("workers", False, "no worker alive: queued posts are not published"))
    return checks


def check(runtime: Runtime, *, now: datetime) -> Health:
    database, overdue = check_database(runtime, now)
    health = Health([database, *check_processes(runtime)], overdue)
    if overdue:
        limit = runtime.settings.overdue_alert_seconds
        health.checks.append(
            Check("overdue", False, f"{overdue} deliveries more than {limit:.0f}s past due")
        )
    return health
