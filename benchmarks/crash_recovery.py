"""How long a delivery waits after its worker dies mid-publish, with the default lease settings.

A worker is SIGKILLed while the platform holds its request (the post was made, the answer never
comes). The delivery must be found by the reconciler's lookup and recorded ``published``; the
figure is the time from the kill to that record, with ``lease_seconds`` and
``reconcile_interval_seconds`` at their defaults (30 s, renewed while a worker works, and 5 s).
The bound is lease + one reconciler pass; the goal is well under a minute.

    .venv/bin/python benchmarks/crash_recovery.py [--runs 2] [--json]

Needs the local PostgreSQL and Redis (as the tests do); starts its own processes and a
Mastodon-like server on loopback.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from socialpub.settings import Settings
from socialpub.store.models import Delivery
from tests.chaos.conftest import TOKEN_ENV, masto_account
from tests.chaos.procs import Stack, kill9
from tests.conftest import PG_ADMIN_URL, REDIS_URL
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

DEFAULTS = Settings()


def one_run() -> dict[str, float]:
    name = f"socialpub_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    stack: Stack | None = None
    try:
        with MastodonServer() as server, tempfile.TemporaryDirectory() as tmp:
            token = server.issue_token("newsroom")
            prefix = f"socialpub-bench-{uuid.uuid4().hex[:8]}"
            stack = Stack(
                tmp=Path(tmp),
                database_url=url,
                redis_url=REDIS_URL,
                prefix=prefix,
                accounts={"masto": masto_account(server, timeout_seconds=120.0)},
                overrides={
                    "lease_seconds": DEFAULTS.lease_seconds,
                    "reconcile_interval_seconds": DEFAULTS.reconcile_interval_seconds,
                    "dispatch_interval_seconds": DEFAULTS.dispatch_interval_seconds,
                    "queued_timeout_seconds": DEFAULTS.queued_timeout_seconds,
                },
                extra_env={TOKEN_ENV: token},
            )
            # The post is made at once; its answer would come after 100 s, long after the kill.
            server.control.stall(100.0, apply=True, times=1, path="/api/v1/statuses")
            (delivery_id,) = seed(stack.runtime.sessions, "masto", "mastodon", 1, tag="crash")
            worker = stack.worker("w1", concurrency=1)
            stack.scheduler("s1")
            wait_for(lambda: server.statuses, timeout=120, what="the post in flight")
            time.sleep(DEFAULTS.lease_seconds / 2)  # mid-lease: the worker renewed it meanwhile
            killed = time.monotonic()
            kill9(worker)

            def published() -> bool:
                with stack.runtime.sessions() as session:  # type: ignore[union-attr]
                    state = session.scalar(select(Delivery.state).where(Delivery.id == delivery_id))
                return state == "published"

            wait_for(published, timeout=300, interval=0.2, what="published after the crash")
            recovered = time.monotonic() - killed
            posts = len(server.control.seen("/api/v1/statuses", "POST"))
            return {"recovery_s": round(recovered, 1), "posts": posts}
    finally:
        if stack is not None:
            stack.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.runs)]
    out: dict[str, Any] = {
        "lease_seconds": DEFAULTS.lease_seconds,
        "reconcile_interval_seconds": DEFAULTS.reconcile_interval_seconds,
        "recovery_s": [r["recovery_s"] for r in runs],
        "worst_recovery_s": max(r["recovery_s"] for r in runs),
        "posts_per_delivery": [r["posts"] for r in runs],
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(
            f"crash mid-publish → published again after {out['recovery_s']} s "
            f"(lease {out['lease_seconds']:g} s, reconcile every "
            f"{out['reconcile_interval_seconds']:g} s); "
            f"POSTs per delivery {out['posts_per_delivery']}"
        )


if __name__ == "__main__":
    main()
