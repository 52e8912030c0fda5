"""The whole path with real processes: CLI compose → scheduler → Redis → Celery worker → receiver.

Checks that the receiver got exactly one request per delivery and that ``history`` and ``audit``
tell the same story as the receiver.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REDIS_URL
from tests.platform_servers.runner import run_server
from tests.processes import (
    cli,
    process_env,
    start_scheduler,
    start_worker,
    stop,
    wait_for,
    write_config,
)
from tests.receiver import Receiver

pytestmark = pytest.mark.slow

ARTICLE = """# Hospital trial of CAR-T therapy opens to multiple myeloma patients

The University Hospital has opened a clinical trial of a new CAR-T therapy for patients whose
multiple myeloma has returned after treatment. The trial will enrol 40 patients over two years.

"Patients have waited a long time for options like this," said Dr. Jane Smith, who leads the
study. The therapy reprograms a patient's own immune cells to attack the cancer.
"""


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    receiver = Receiver(secret="e2e-secret")
    with run_server(receiver.app()) as base:
        yield receiver, base


# A deadline for a stuck run, not a speed goal: the test starts a dozen CLI processes, and on a
# machine whose cores are busy each spends many seconds importing (seen: 180 s not enough).
@pytest.mark.timeout(600)
def test_compose_publishes_exactly_once_per_delivery_and_history_agrees(
    tmp_path: Path, database_url: str, redis_prefix: str, receiver: tuple[Receiver, str]
) -> None:
    hook, base = receiver
    queue = f"{redis_prefix}-publish"
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": database_url,
            "redis_url": REDIS_URL,
            "redis_prefix": redis_prefix,
            "celery_queue": queue,
            "dispatch_interval_seconds": 0.5,
            "accounts": {
                "comms-hook": {
                    "platform": "webhook",
                    "url": f"{base}/hook",
                    "lookup_url": f"{base}/lookup",
                    "secret_env": "E2E_HOOK_SECRET",
                },
                "archive": {"platform": "outbox", "path": str(tmp_path / "outbox.jsonl")},
            },
        },
    )
    env = process_env(config, E2E_HOOK_SECRET="e2e-secret")
    article = tmp_path / "trial.md"
    article.write_text(ARTICLE, "utf-8")

    composed = json.loads(
        cli(
            [
                "compose",
                str(article),
                "--account",
                "comms-hook",
                "--account",
                "archive",
                "--at",
                "now",
                "--json",
            ],
            env=env,
            cwd=tmp_path,
        ).stdout
    )
    assert {d["account"] for d in composed["deliveries"]} == {"comms-hook", "archive"}

    worker = start_worker(env, tmp_path, queue, concurrency=2)
    scheduler = start_scheduler(env, tmp_path)
    try:

        def published() -> list[dict[str, Any]]:
            rows = json.loads(cli(["history", "--json"], env=env, cwd=tmp_path).stdout)
            return rows if len([r for r in rows if r["state"] == "published"]) == 2 else []

        history = wait_for(published, timeout=300, interval=0.5, what="both deliveries published")
    finally:
        stop(scheduler)
        stop(worker)

    assert len(hook.received) == 1 and hook.attempts == 1
    sent = {d["account"]: d for d in composed["deliveries"]}
    assert hook.received[0]["text"] == sent["comms-hook"]["text"]
    outbox_lines = (tmp_path / "outbox.jsonl").read_text("utf-8").splitlines()
    assert len(outbox_lines) == 1
    assert json.loads(outbox_lines[0])["text"] == sent["archive"]["text"]

    by_account = {row["account"]: row for row in history}
    assert by_account["comms-hook"]["remote_id"] == "r1"
    assert by_account["comms-hook"]["remote_url"] == "https://example.test/p/1"
    assert by_account["comms-hook"]["attempts"] == 1

    for row in history:
        events = json.loads(
            cli(["audit", "--delivery", str(row["id"]), "--json"], env=env, cwd=tmp_path).stdout
        )
        kinds = [e["kind"] for e in events]
        assert kinds == [
            "created",
            "scheduled",
            "queued",
            "attempt_started",
            "attempt_result",
            "published",
        ]
        published_event = events[-1]
        assert published_event["details"]["remote_id"] == row["remote_id"]
        assert events[-2]["details"]["status"] in (200, None)
        assert events[-2]["actor"].startswith("worker:")
        assert events[2]["actor"].startswith("scheduler:")


def test_up_explains_an_unreachable_redis_instead_of_a_traceback(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "redis_url": "redis://127.0.0.1:1/0",
        },
    )
    result = cli(["up"], env=process_env(config), cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert "cannot reach Redis at redis://127.0.0.1:1/0" in result.stderr
    assert "redis-server" in result.stderr
    assert "Traceback" not in result.stderr
