"""The operator commands as an admin runs them: status, resume, retry, compose --next-slot."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from socialpub.delivery.slots import next_slot
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.settings import Settings
from socialpub.store.accounts import pause
from socialpub.store.migrate import upgrade
from socialpub.store.models import Delivery
from tests.integration.delivery.seed import seed
from tests.processes import cli, process_env, write_config

SLOTS = ["mon-fri 09:30,14:00"]


@pytest.fixture
def setup(tmp_path: Path, sqlite_url: str) -> tuple[Runtime, dict[str, str]]:
    accounts: dict[str, Any] = {
        "out": {
            "platform": "outbox",
            "path": str(tmp_path / "out.jsonl"),
            "slots": SLOTS,
            "timezone": "Asia/Shanghai",
        },
        "plain": {"platform": "outbox", "path": str(tmp_path / "plain.jsonl")},
    }
    values = {"database_url": sqlite_url, "overdue_alert_seconds": 60.0}
    config = write_config(tmp_path / "socialpub.toml", {**values, "accounts": accounts})
    runtime = Runtime(Settings(**values, accounts=accounts))
    upgrade(runtime.engine)
    return runtime, process_env(config)


def run(env: dict[str, str], cwd: Path, *args: str) -> str:
    return cli(list(args), env=env, cwd=cwd).stdout


def test_status_resume_and_retry(setup: tuple[Runtime, dict[str, str]], tmp_path: Path) -> None:
    runtime, env = setup
    now = datetime.now(UTC)
    held, late = seed(runtime.sessions, "out", "outbox", [now, now - timedelta(minutes=5)])
    (failed,) = seed(runtime.sessions, "plain", "outbox", 1)
    with runtime.sessions.begin() as session:
        pause(session, "out", "token revoked", actor="worker:test")
        session.execute(update(Delivery).where(Delivery.id == held).values(state="held"))
        session.execute(
            update(Delivery)
            .where(Delivery.id == failed)
            .values(state="failed", attempts=8, last_error="HTTP 422: too long")
        )
    status = json.loads(run(env, tmp_path, "status", "--json"))
    assert status["counts"]["held"] == 1 and status["counts"]["failed"] == 1
    assert status["oldest_overdue"]["id"] == late and status["oldest_overdue"]["alert"] is True
    assert [p["account"] for p in status["paused_accounts"]] == ["out"]

    assert "1 held deliveries scheduled for now" in run(env, tmp_path, "resume", "out")
    assert "scheduled again" in run(env, tmp_path, "retry", str(failed))
    refused = cli(["retry", str(late)], env=env, cwd=tmp_path, check=False)
    assert refused.returncode == 1 and "only failed or unknown" in refused.stderr

    with runtime.sessions() as session:
        rows = {d: session.get(Delivery, d) for d in (held, failed)}
        assert all(r is not None and r.state == State.SCHEDULED for r in rows.values())
        assert rows[failed] is not None and rows[failed].attempts == 0
    status = json.loads(run(env, tmp_path, "status", "--json"))
    assert status["paused_accounts"] == [] and status["counts"]["held"] == 0


def test_compose_next_slot_uses_each_accounts_slot(
    setup: tuple[Runtime, dict[str, str]], tmp_path: Path
) -> None:
    _, env = setup
    article = tmp_path / "a.md"
    article.write_text(
        "# Library opens late on Thursdays\n\nFrom next week the city library stays open until "
        "21:00 every Thursday, the council said, after a survey of 2,000 readers.\n\n"
        "Most of those who answered the survey said they could only visit after work. The "
        "longer hours will be paid for by closing the reading room on Monday mornings, when "
        "few people come in. The change will be reviewed after six months.\n",
        "utf-8",
    )
    before = datetime.now(UTC)
    out = json.loads(
        run(env, tmp_path, "compose", str(article), "-a", "out", "--next-slot", "--json")
    )
    (delivery,) = out["deliveries"]
    due = datetime.fromisoformat(delivery["due_at"])
    assert delivery["scheduled_tz"] == "Asia/Shanghai"
    expected = next_slot(SLOTS, "Asia/Shanghai", before)
    # (Unless that slot passed while the command ran, then it is the one after.)
    assert due in (expected, next_slot(SLOTS, "Asia/Shanghai", expected))
    assert due > before
    no_slots = cli(
        ["compose", str(article), "-a", "plain", "--next-slot", "--allow-duplicate"],
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert no_slots.returncode == 1 and "no posting slots" in no_slots.stderr
