"""Due but not dispatched: no scheduler alive, and the only worker listens on the wrong queue.

The most common silent failure of schedulers: posts fall due and nothing happens. Here health
must turn red with the reason (``status --check`` exits 1), the overdue alert must fire from the
process that is alive (the worker), and once a scheduler and a worker on the right queue start,
health turns green and the post goes out, once, with one alert in all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from socialpub import audit
from socialpub.runtime import Runtime
from socialpub.settings import Settings
from socialpub.store.migrate import upgrade
from socialpub.store.models import AuditEvent, Delivery
from tests.chaos.procs import free_port
from tests.conftest import REDIS_URL
from tests.integration.delivery.seed import seed
from tests.processes import (
    cli,
    process_env,
    start_scheduler,
    start_worker,
    stop,
    wait_for,
    write_config,
)

pytestmark = pytest.mark.slow


def _status(env: dict[str, str], cwd: Path) -> tuple[int, dict[str, Any]]:
    result = cli(["status", "--json", "--check"], env=env, cwd=cwd, check=False)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.mark.timeout(240)
def test_red_health_and_an_alert_from_the_worker_then_green_once_repaired(
    tmp_path: Path, postgres_url: str, redis_prefix: str
) -> None:
    queue = f"{redis_prefix}-publish"
    values: dict[str, Any] = {
        "database_url": postgres_url,
        "redis_url": REDIS_URL,
        "redis_prefix": redis_prefix,
        "celery_queue": queue,
        "dispatch_interval_seconds": 0.5,
        "reconcile_interval_seconds": 1.0,
        "overdue_alert_seconds": 30.0,
    }
    accounts = {"out": {"platform": "outbox", "path": str(tmp_path / "outbox.jsonl")}}
    env = process_env(write_config(tmp_path / "socialpub.toml", {**values, "accounts": accounts}))
    runtime = Runtime(Settings(**values, accounts=accounts))
    upgrade(runtime.engine)
    procs = []
    try:
        five_minutes_ago = datetime.now(UTC) - timedelta(minutes=5)
        (late,) = seed(runtime.sessions, "out", "outbox", [five_minutes_ago])
        # A worker on the wrong queue (a typo in -Q), and no scheduler at all.
        procs.append(start_worker(env, tmp_path, f"{queue}-typo", name="wrong"))

        def red_for_the_right_reasons() -> dict[str, Any] | None:
            code, body = _status(env, tmp_path)
            checks = body["health"]["checks"]
            wrong_queue = "no worker consumes queue" in checks["workers"]["detail"]
            return body if code == 1 and wrong_queue else None

        body = wait_for(red_for_the_right_reasons, timeout=90, interval=1.0, what="red health")
        assert "no scheduler alive" in body["health"]["checks"]["scheduler"]["detail"]
        assert body["health"]["overdue"] == 1

        def alerted() -> list[AuditEvent]:
            with runtime.sessions() as session:
                events = audit.events_for(session, "delivery", late)
                return [e for e in events if e.kind == "overdue_alert"]

        (alert,) = wait_for(alerted, timeout=90, interval=0.5, what="the overdue alert")
        assert alert.actor.startswith("worker:")  # the only process alive raised it

        procs.append(start_scheduler(env, tmp_path))
        procs.append(start_worker(env, tmp_path, queue, name="right"))

        def published() -> bool:
            with runtime.sessions() as session:
                return session.scalar(select(Delivery.state).where(Delivery.id == late)) == (
                    "published"
                )

        wait_for(published, timeout=90, interval=0.5, what="the post published")

        def green() -> dict[str, Any] | None:
            code, body = _status(env, tmp_path)
            return body if code == 0 else None

        body = wait_for(green, timeout=90, interval=1.0, what="green health")
        assert body["health"]["status"] == "ok"
        assert len((tmp_path / "outbox.jsonl").read_text("utf-8").splitlines()) == 1
        assert len(alerted()) == 1  # once, though two processes check now
    finally:
        for proc in procs:
            stop(proc)
        runtime.close()


@pytest.mark.timeout(240)
def test_the_api_alone_still_raises_the_overdue_alert(
    tmp_path: Path, postgres_url: str, redis_prefix: str
) -> None:
    values: dict[str, Any] = {
        "database_url": postgres_url,
        "redis_url": REDIS_URL,
        "redis_prefix": redis_prefix,
        "celery_queue": f"{redis_prefix}-publish",
        "reconcile_interval_seconds": 1.0,
        "overdue_alert_seconds": 30.0,
    }
    accounts = {"out": {"platform": "outbox", "path": str(tmp_path / "outbox.jsonl")}}
    env = process_env(write_config(tmp_path / "socialpub.toml", {**values, "accounts": accounts}))
    runtime = Runtime(Settings(**values, accounts=accounts))
    upgrade(runtime.engine)
    five_minutes_ago = datetime.now(UTC) - timedelta(minutes=5)
    (late,) = seed(runtime.sessions, "out", "outbox", [five_minutes_ago])
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "socialpub.api.app:create_app", "--factory"]
    api = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=(tmp_path / "api.log").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:

        def alerted() -> list[AuditEvent]:
            with runtime.sessions() as session:
                events = audit.events_for(session, "delivery", late)
                return [e for e in events if e.kind == "overdue_alert"]

        (alert,) = wait_for(alerted, timeout=120, interval=0.5, what="the overdue alert")
        assert alert.actor.startswith("api:")  # no scheduler, no worker: the API raised it
    finally:
        stop(api)
        runtime.close()
