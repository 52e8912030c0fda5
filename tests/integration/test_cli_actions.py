"""The CLI follows the same rules as the REST API: past times, drafts, approval, pause-all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialpub.settings import get_settings
from tests.integration.test_cli import ARTICLE, run
from tests.processes import write_config


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[Path]:
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": database_url,
            "timezone": "Europe/London",
            "require_approval": True,
            "accounts": {"outbox": {"platform": "outbox", "path": str(tmp_path / "out.jsonl")}},
        },
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    get_settings.cache_clear()
    article = tmp_path / "bus.md"
    article.write_text(ARTICLE, "utf-8")
    yield article
    get_settings.cache_clear()


def test_compose_waits_for_approval_and_a_past_time_is_refused(env: Path) -> None:
    code, _, err = run("compose", str(env), "-a", "outbox", "--at", "2020-01-01T10:00")
    assert code == 1 and "in the past" in err and "Traceback" not in err
    code, out, _ = run(
        "compose", str(env), "-a", "outbox", "-a", "outbox", "--at", "2030-01-15T09:30", "--json"
    )
    assert code == 0
    made = json.loads(out)
    assert [d["state"] for d in made["deliveries"]] == ["draft"]  # require_approval, one account
    post_id, delivery_id = str(made["post_id"]), str(made["deliveries"][0]["id"])

    code, _, err = run("reschedule", delivery_id, "--at", "2020-01-01T10:00")
    assert code == 1 and "in the past" in err
    code, out, _ = run("reschedule", delivery_id, "--at", "2030-02-01T09:00")
    assert code == 0 and "draft" in out  # a draft rescheduled stays a draft
    code, out, _ = run("queue")
    assert out.split()[:2] == ["DELIVERY", "POST"]

    code, out, _ = run("reject", post_id, "--comment", "Say which bus")
    assert code == 0 and "rejected" in out
    assert run("approve", post_id)[0] == 1  # rejected: resubmit first
    assert run("resubmit", post_id)[0] == 0
    code, out, _ = run("approve", post_id)
    assert code == 0 and f"post {post_id} approved" in out and delivery_id in out
    code, out, _ = run("audit", "--post", post_id, "--json")
    kinds = [e["kind"] for e in json.loads(out)]
    assert {"rejected", "resubmitted", "approved"} <= set(kinds)


def test_pause_all_and_status(env: Path) -> None:
    code, _, err = run("pause-all", "--reason", "")
    assert code == 1 and "say why" in err
    assert run("pause-all", "--reason", "wrong links in the newsletter")[0] == 0
    code, out, _ = run("status")
    assert code == 0 and "ALL PUBLISHING IS PAUSED" in out and "wrong links" in out
    code, out, _ = run("status", "--json")
    assert json.loads(out)["publishing_paused"]["reason"] == "wrong links in the newsletter"
    code, out, _ = run("unpause-all")
    assert code == 0 and "resumed" in out
    code, _, err = run("unpause-all")
    assert code == 1 and "not paused" in err
    code, _, err = run("history", "--since", "2026-11-30", "--state", "sent")
    assert code == 1 and "state 'sent'" in err
    assert run("history", "--since", "2026-11-30")[0] == 0
