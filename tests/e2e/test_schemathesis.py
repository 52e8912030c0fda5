"""Schemathesis against the running API: no request, however odd, gets a 5xx.

The API runs as a real uvicorn process on a free port with a fresh PostgreSQL database and an
admin token; schemathesis (pinned in the dev extra) reads its OpenAPI document and sends
generated requests to every operation (examples, the schema's edge cases, then random fuzzing)
with a bounded number of cases per operation and a fixed seed, so the run is repeatable and
takes a few minutes at most. Its ``not_a_server_error`` check fails the test on any 5xx.

Ids and account names are drawn from a dictionary of existing ones half of the time, so the
requests reach past "404 no such post" into the services, and from the generator otherwise.
``/api/health`` is left out: its 503 is the answer it exists to give when no scheduler or
worker is alive (none runs here); its own tests are in tests/e2e and tests/integration.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from socialpub.runtime import Runtime
from socialpub.settings import Settings
from socialpub.store import tokens
from socialpub.store.migrate import upgrade
from socialpub.store.tokens import Role
from tests.chaos.procs import free_port
from tests.conftest import REDIS_URL
from tests.processes import process_env, stop, wait_for, write_config

pytestmark = pytest.mark.slow

# Cases per operation and phase; with ~35 operations this is a few thousand requests.
MAX_EXAMPLES = 25
SEED = 20261201


def _dictionary_config(accounts: list[str], post_ids: list[int], delivery_ids: list[int]) -> str:
    def values(items: list[Any]) -> str:
        return json.dumps(items)

    return "\n".join(
        [
            "[dictionaries.accounts]",
            f"values = {values(accounts)}",
            "[dictionaries.post_ids]",
            f"values = {values(post_ids)}",
            "[dictionaries.delivery_ids]",
            f"values = {values(delivery_ids)}",
            "[parameters]",
            '"path.post_id" = { dictionary = "post_ids", probability = 0.5 }',
            '"path.delivery_id" = { dictionary = "delivery_ids", probability = 0.5 }',
            '"path.name" = { dictionary = "accounts", probability = 0.5 }',
            '"body.accounts[*]" = { dictionary = "accounts", probability = 0.5 }',
            "",
        ]
    )


@pytest.mark.timeout(600)
def test_no_generated_request_gets_a_server_error(
    tmp_path: Path, postgres_url: str, redis_prefix: str
) -> None:
    values: dict[str, Any] = {
        "database_url": postgres_url,
        "redis_url": REDIS_URL,
        "redis_prefix": redis_prefix,
        "celery_queue": f"{redis_prefix}-publish",
        # The budget's 503 sheds load on purpose; here only a compose stuck for a minute may
        # give one (the pathological inputs are timed by benchmarks/pathological_inputs.py).
        "compose_budget_seconds": 60.0,
    }
    accounts = {
        "out": {"platform": "outbox", "path": str(tmp_path / "outbox.jsonl")},
        "desk": {"platform": "outbox", "path": str(tmp_path / "desk.jsonl")},
    }
    env = process_env(write_config(tmp_path / "socialpub.toml", {**values, "accounts": accounts}))
    runtime = Runtime(Settings(**values, accounts=accounts))
    upgrade(runtime.engine)
    with runtime.sessions.begin() as session:
        token = tokens.create(session, "schemathesis", Role.ADMIN, actor="test")
    runtime.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "socialpub.api.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=(tmp_path / "api.log").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    auth = {"Authorization": f"Bearer {token}"}
    try:

        def live() -> bool:
            try:
                return httpx.get(f"{base}/api/health/live", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(live, timeout=120, interval=0.5, what="the API up")
        # Real posts (one a draft), so that generated ids sometimes name something that exists.
        post_ids: list[int] = []
        delivery_ids: list[int] = []
        for draft in (False, True):
            made = httpx.post(
                f"{base}/api/posts",
                json={"text": f"An article about the harbour, part {int(draft) + 1}.",
                      "accounts": ["out", "desk"],
                      "at": "2099-01-01T09:00", "tz": "UTC", "draft": draft},
                headers=auth,
                timeout=60,
            )
            assert made.status_code == 201, made.text
            post_ids.append(made.json()["post_id"])
            delivery_ids += [d["id"] for d in made.json()["deliveries"]]
        config = tmp_path / "schemathesis.toml"
        config.write_text(_dictionary_config(list(accounts), post_ids, delivery_ids), "utf-8")

        result = subprocess.run(
            [
                sys.executable, "-c",
                "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
                "--config-file", str(config),
                "run", f"{base}/openapi.json",
                "--checks", "not_a_server_error",
                "--header", f"Authorization: Bearer {token}",
                "--max-examples", str(MAX_EXAMPLES),
                "--seed", str(SEED),
                "--workers", "1",
                "--phases", "examples,coverage,fuzzing",
                "--exclude-path", "/api/health",
                "--request-timeout", "60",
                "--generation-database", "none",
                "--no-color",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=540,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-12000:] + "\n--- api log ---\n" + (
            (tmp_path / "api.log").read_text("utf-8", "replace")[-6000:]
        )
        assert "generated" in output  # it ran cases, not just read the schema
    finally:
        stop(api)
