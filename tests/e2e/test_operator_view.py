"""What an operator sees of a running worker and scheduler: Prometheus exporters and JSON logs.

The worker publishes from Celery's pool children and exports from its main process, so its
counters only add up if the multiprocess mode works; every log line of both processes is one
JSON object, and the lines written while publishing carry the delivery, account and attempt.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from socialpub.runtime import Runtime
from socialpub.settings import Settings
from socialpub.store.migrate import upgrade
from tests.chaos.procs import free_port
from tests.conftest import REDIS_URL
from tests.integration.delivery.seed import seed
from tests.platform_servers.runner import run_server
from tests.processes import process_env, start_scheduler, start_worker, stop, wait_for, write_config
from tests.prom import sample
from tests.receiver import Receiver

pytestmark = pytest.mark.slow

TEXT_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (DEBUG|INFO|WARNING|ERROR) ")


def _json_lines(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text("utf-8", "replace").splitlines()
    assert not [line for line in lines if TEXT_LOG_LINE.match(line)], f"text lines in {path}"
    return [json.loads(line) for line in lines if line.startswith("{")]


@pytest.mark.timeout(240)
def test_exporters_and_json_logs(tmp_path: Path, postgres_url: str, redis_prefix: str) -> None:
    receiver = Receiver()
    with run_server(receiver.app()) as base:
        queue = f"{redis_prefix}-publish"
        values: dict[str, Any] = {
            "database_url": postgres_url,
            "redis_url": REDIS_URL,
            "redis_prefix": redis_prefix,
            "celery_queue": queue,
            "dispatch_interval_seconds": 0.5,
            "log_format": "json",
        }
        hook = {"platform": "webhook", "url": f"{base}/hook", "lookup_url": f"{base}/lookup"}
        accounts = {"hook": hook}
        config = write_config(tmp_path / "socialpub.toml", {**values, "accounts": accounts})
        worker_port, scheduler_port = free_port(), free_port()
        runtime = Runtime(Settings(**values, accounts=accounts))
        upgrade(runtime.engine)
        ids = seed(runtime.sessions, "hook", "webhook", 3, tag="ops")
        worker_env = process_env(config, SOCIALPUB_METRICS_PORT=str(worker_port))
        worker = start_worker(worker_env, tmp_path, queue, concurrency=2)
        scheduler = start_scheduler(
            process_env(config, SOCIALPUB_METRICS_PORT=str(scheduler_port)), tmp_path
        )
        try:
            wait_for(lambda: len(receiver.received) == 3, timeout=120, what="three published")

            def scraped(port: int, name: str, **labels: str) -> float | None:
                try:
                    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
                except httpx.HTTPError:
                    return None
                return sample(text, name, **labels)

            attempts = {"platform": "webhook", "outcome": "sent"}
            sent = wait_for(
                lambda: scraped(worker_port, "socialpub_attempts_total", **attempts),
                timeout=60,
                what="the worker's counters",
            )
            assert sent == 3
            ticks = wait_for(
                lambda: scraped(scheduler_port, "socialpub_dispatch_tick_seconds_count"),
                timeout=60,
                what="the scheduler's tick histogram",
            )
            assert ticks >= 1
            # At least once each: a batch that ran out of time gives some back to be queued again.
            assert (scraped(scheduler_port, "socialpub_dispatched_total") or 0) >= 3
        finally:
            stop(scheduler)
            stop(worker)
            runtime.close()
    worker_lines = _json_lines(tmp_path / "worker-w1.log")
    scheduler_lines = _json_lines(tmp_path / "scheduler-s1.log")
    assert scheduler_lines and worker_lines
    publishing = [line for line in worker_lines if "delivery_id" in line]
    assert {line["delivery_id"] for line in publishing} == set(ids)
    assert all(line["account"] == "hook" and line["attempt"] == 1 for line in publishing)
