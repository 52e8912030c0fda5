"""``/metrics`` on the API: deliveries by state, overdue, queue depth, this process's counters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from socialpub.api.app import create_app
from socialpub.delivery.batch import publish_many
from socialpub.delivery.queue import make_celery, make_enqueue
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from tests.integration.delivery.conftest import hook
from tests.integration.delivery.seed import seed
from tests.integration.delivery.test_batch import queue_due
from tests.platform_servers.runner import run_server
from tests.prom import sample


def test_metrics_count_what_happened_and_show_how_things_stand(
    runtime_factory: Any, hook_url: str
) -> None:
    # A batch time budget no busy machine exhausts: all three are sent in one go.
    runtime: Runtime = runtime_factory(accounts={"a": hook(hook_url)}, publish_batch_seconds=60.0)
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=30) as c:
        before = c.get("/metrics").text
        ids = seed(runtime.sessions, "a", "webhook", 3)
        late = datetime.now(UTC) - timedelta(seconds=runtime.settings.overdue_alert_seconds + 60)
        seed(runtime.sessions, "a", "webhook", [late], state=State.HELD)
        queue_due(runtime)
        publish_many(runtime, ids, actor="worker:test")
        make_enqueue(make_celery(runtime.settings), runtime.settings)([ids[0]], 0)
        answer = c.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert sample(text, "socialpub_deliveries", state="published") == 3
    assert sample(text, "socialpub_deliveries", state="held") == 1
    assert sample(text, "socialpub_overdue_deliveries") == 1
    assert sample(text, "socialpub_queue_depth", queue=runtime.settings.celery_queue) == 1
    sent = "socialpub_attempts_total"
    was = sample(before, sent, platform="webhook", outcome="sent") or 0.0
    assert sample(text, sent, platform="webhook", outcome="sent") == was + 3
    lateness = "socialpub_publish_lateness_seconds_count"
    assert (sample(text, lateness, platform="webhook") or 0) >= 3
    assert (sample(text, "socialpub_publish_seconds_count", platform="webhook") or 0) >= 3
