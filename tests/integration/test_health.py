"""``/api/health``: red whenever due posts could sit unsent, with the reason; ``live`` stays cheap.

The heartbeats are written here as a scheduler and a worker write them (the real processes are
exercised in ``tests/e2e/test_due_but_not_dispatched.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from socialpub.api.app import create_app
from socialpub.observability import heartbeat
from socialpub.runtime import Runtime
from tests.integration.delivery.seed import seed
from tests.platform_servers.runner import run_server


@pytest.fixture
def runtime(runtime_factory: Any) -> Runtime:
    rt: Runtime = runtime_factory(accounts={"outbox": {"platform": "outbox", "path": "o.jsonl"}})
    return rt


@pytest.fixture
def client(runtime: Runtime) -> Iterator[httpx.Client]:
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def _beat(runtime: Runtime, role: str, name: str, **info: Any) -> None:
    heartbeat.beat(runtime.redis, runtime.settings.redis_prefix, role, name, **info)


def _checks(answer: httpx.Response) -> dict[str, Any]:
    checks: dict[str, Any] = answer.json()["checks"]
    return checks


def test_nothing_alive_is_red_with_the_reasons(client: httpx.Client) -> None:
    answer = client.get("/api/health")
    assert answer.status_code == 503 and answer.json()["status"] == "failing"
    checks = _checks(answer)
    assert checks["database"]["ok"] and checks["redis"]["ok"]
    assert not checks["scheduler"]["ok"] and "no scheduler alive" in checks["scheduler"]["detail"]
    assert not checks["workers"]["ok"] and "no worker alive" in checks["workers"]["detail"]
    assert client.get("/api/health/live").json() == {"status": "ok"}


def test_a_scheduler_and_a_worker_on_our_queue_are_green(
    client: httpx.Client, runtime: Runtime
) -> None:
    _beat(runtime, heartbeat.SCHEDULER, "s1")
    _beat(runtime, heartbeat.WORKER, "w1", queues=[runtime.settings.celery_queue])
    answer = client.get("/api/health")
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "ok" and answer.json()["overdue"] == 0


def test_workers_listening_on_the_wrong_queue_are_red(
    client: httpx.Client, runtime: Runtime
) -> None:
    _beat(runtime, heartbeat.SCHEDULER, "s1")
    _beat(runtime, heartbeat.WORKER, "w1", queues=["celery"])
    answer = client.get("/api/health")
    assert answer.status_code == 503
    detail = _checks(answer)["workers"]["detail"]
    assert f"no worker consumes queue {runtime.settings.celery_queue!r}" in detail
    assert "celery" in detail


def test_an_expired_heartbeat_counts_as_dead(client: httpx.Client, runtime: Runtime) -> None:
    _beat(runtime, heartbeat.SCHEDULER, "s1")
    _beat(runtime, heartbeat.WORKER, "w1", queues=[runtime.settings.celery_queue])
    prefix = runtime.settings.redis_prefix
    runtime.redis.delete(heartbeat.key(prefix, heartbeat.SCHEDULER, "s1"))  # as expiry would
    assert not _checks(client.get("/api/health"))["scheduler"]["ok"]


def test_overdue_deliveries_turn_it_red(client: httpx.Client, runtime: Runtime) -> None:
    _beat(runtime, heartbeat.SCHEDULER, "s1")
    _beat(runtime, heartbeat.WORKER, "w1", queues=[runtime.settings.celery_queue])
    late = datetime.now(UTC) - timedelta(seconds=runtime.settings.overdue_alert_seconds + 60)
    seed(runtime.sessions, "outbox", "outbox", [late, late])
    seed(runtime.sessions, "outbox", "outbox", 1)  # due now: not overdue
    answer = client.get("/api/health")
    assert answer.status_code == 503 and answer.json()["overdue"] == 2
    assert not _checks(answer)["overdue"]["ok"]


def test_redis_away_is_red_not_an_error(runtime_factory: Any) -> None:
    runtime: Runtime = runtime_factory(redis_url="redis://127.0.0.1:1/0")
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=30) as c:
        answer = c.get("/api/health")
    assert answer.status_code == 503
    checks = _checks(answer)
    assert checks["database"]["ok"] and not checks["redis"]["ok"]
    assert "unreachable" in checks["redis"]["detail"]
