"""Windows at dispatch and retry, overdue alerts, paused accounts, giving up by age, status."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialpub import audit
from socialpub.cli.ops_cmds import gather_status, release_held
from socialpub.delivery.alerts import alert_overdue
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.accounts import pause, paused_reason, resume
from socialpub.store.models import Delivery
from tests.integration.delivery.conftest import hook, tick
from tests.integration.delivery.seed import seed
from tests.platform_servers.runner import run_server
from tests.receiver import Receiver

# Friday 2026-11-27, 19:00 in Paris: the 08:00-18:00 weekday window is closed until Monday.
FRIDAY_EVENING = datetime(2026, 11, 27, 18, tzinfo=UTC)
MONDAY_OPENING = datetime(2026, 11, 30, 7, tzinfo=UTC)


def get(runtime: Runtime, delivery_id: int) -> Delivery:
    with runtime.sessions() as session:
        d = session.get(Delivery, delivery_id)
        assert d is not None
        return d


def kinds(runtime: Runtime, delivery_id: int) -> list[str]:
    with runtime.sessions() as session:
        return [e.kind for e in audit.events_for(session, "delivery", delivery_id)]


@pytest.fixture
def windowed(runtime_factory: Any, hook_url: str) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={
            "h": hook(hook_url, windows=["mon-fri 08:00-18:00"], timezone="Europe/Paris"),
        },
        max_age_hours=96,  # a weekend in between: the default 24 h would give up, by design
    )
    return rt


def test_dispatch_outside_the_window_waits_for_the_opening(
    windowed: Runtime, receiver: Receiver
) -> None:
    (d,) = seed(windowed.sessions, "h", "webhook", [FRIDAY_EVENING - timedelta(minutes=1)])
    assert tick(windowed, FRIDAY_EVENING) == []
    row = get(windowed, d)
    assert (row.state, row.due_at) == (State.SCHEDULED, MONDAY_OPENING)
    assert kinds(windowed, d)[-1] == "window_wait"
    assert tick(windowed, MONDAY_OPENING - timedelta(seconds=1)) == []
    assert tick(windowed, MONDAY_OPENING) == [d]
    assert get(windowed, d).state == State.PUBLISHED and len(receiver.received) == 1


def test_a_retry_that_would_fall_outside_the_window_moves_to_the_opening(
    windowed: Runtime, receiver: Receiver
) -> None:
    receiver.script = [503]
    # 17:59:59.95 Paris: the retry, 0.1-0.2 s later, would fall after the 18:00 close.
    just_before_close = FRIDAY_EVENING - timedelta(hours=1, milliseconds=50)
    (d,) = seed(windowed.sessions, "h", "webhook", [just_before_close])
    tick(windowed, just_before_close)
    row = get(windowed, d)
    assert row.state == State.RETRY_WAIT and row.due_at == MONDAY_OPENING
    tick(windowed, MONDAY_OPENING)
    assert get(windowed, d).state == State.PUBLISHED


class AlertSink:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    async def receive(self, request: Request) -> Response:
        with self.lock:
            self.bodies.append(json.loads(await request.body()))
        return Response(status_code=204)


@pytest.fixture
def sink() -> Iterator[tuple[AlertSink, str]]:
    s = AlertSink()
    with run_server(Starlette(routes=[Route("/alert", s.receive, methods=["POST"])])) as base:
        yield s, f"{base}/alert"


def test_overdue_deliveries_alert_once_with_audit_and_webhook(
    runtime_factory: Any, hook_url: str, sink: tuple[AlertSink, str]
) -> None:
    alerts, url = sink
    runtime: Runtime = runtime_factory(
        accounts={"h": hook(hook_url)}, overdue_alert_seconds=300, alert_webhook_url=url
    )
    now = datetime.now(UTC)
    late, recent = seed(
        runtime.sessions,
        "h",
        "webhook",
        [now - timedelta(seconds=301), now - timedelta(seconds=10)],
    )
    (done,) = seed(runtime.sessions, "h", "webhook", [now - timedelta(hours=1)])
    with runtime.sessions.begin() as session:
        session.execute(update(Delivery).where(Delivery.id == done).values(state="published"))
    found = alert_overdue(runtime, now=now, actor="scheduler:test")
    assert [o.delivery_id for o in found] == [late]
    assert kinds(runtime, late)[-1] == "overdue_alert"
    assert "overdue_alert" not in kinds(runtime, recent) + kinds(runtime, done)
    assert [d["id"] for d in alerts.bodies[0]["deliveries"]] == [late]
    # Once per delivery: the next run alerts only what became overdue since.
    later = now + timedelta(seconds=300)
    assert [o.delivery_id for o in alert_overdue(runtime, now=later, actor="s")] == [recent]
    assert alert_overdue(runtime, now=later, actor="s") == []
    assert len(alerts.bodies) == 2


def test_auth_error_pauses_the_account_holds_its_deliveries_and_resume_releases_them(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)})
    receiver.script = [401]
    first, second = seed(runtime.sessions, "h", "webhook", 2)
    now = datetime.now(UTC)
    tick(runtime, now)
    assert {get(runtime, d).state for d in (first, second)} == {State.HELD}
    assert receiver.attempts == 1  # the second was held without being tried
    with runtime.sessions() as session:
        assert paused_reason(session, "h") is not None
        assert gather_status(session, now=now, overdue_threshold_s=300).paused[0]["account"] == "h"
    with runtime.sessions.begin() as session:
        assert resume(session, "h", actor="user:admin")
        assert sorted(release_held(session, "h", actor="user:admin", now=now)) == [first, second]
    tick(runtime, now)
    assert {get(runtime, d).state for d in (first, second)} == {State.PUBLISHED}
    assert len(receiver.received) == 2


def test_gives_up_by_age_and_says_so(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)}, max_age_hours=1)
    receiver.script = [503]
    now = datetime.now(UTC)
    (d,) = seed(
        runtime.sessions,
        "h",
        "webhook",
        [now - timedelta(minutes=59, seconds=59, milliseconds=950)],
    )
    tick(runtime, now)
    row = get(runtime, d)
    assert row.state == State.FAILED and row.attempts == 1
    assert row.last_error is not None and "gave up" in row.last_error and "503" in row.last_error
    with runtime.sessions() as session:
        report = gather_status(session, now=now, overdue_threshold_s=300)
    assert report.counts["failed"] == 1
    assert [f["id"] for f in report.failed_last_hour] == [d]


def test_gives_up_after_max_attempts(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)}, max_attempts=2)
    receiver.script = [503, 503, 503]
    (d,) = seed(runtime.sessions, "h", "webhook", 1)
    now = datetime.now(UTC)
    for step in range(3):
        tick(runtime, now + timedelta(seconds=10 * step))
    row = get(runtime, d)
    assert row.state == State.FAILED and row.attempts == 2 and receiver.attempts == 2
    assert row.last_error is not None and row.last_error.startswith("gave up after 2 attempts")


def test_status_reports_the_oldest_overdue(runtime_factory: Any, hook_url: str) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)})
    now = datetime.now(UTC)
    old, _ = seed(runtime.sessions, "h", "webhook", [now - timedelta(hours=2), now])
    with runtime.sessions() as session:
        report = gather_status(session, now=now + timedelta(seconds=1), overdue_threshold_s=300)
        count = session.scalar(select(Delivery.id).where(Delivery.id == old))
    assert count == old
    assert report.counts["scheduled"] == 2
    assert report.oldest_overdue is not None
    assert report.oldest_overdue["id"] == old and report.oldest_overdue["alert"] is True


def test_pause_is_audited_once(runtime_factory: Any, hook_url: str) -> None:
    runtime: Runtime = runtime_factory(accounts={"h": hook(hook_url)})
    with runtime.sessions.begin() as session:
        pause(session, "h", "token revoked", actor="worker:x")
        pause(session, "h", "token revoked", actor="worker:y")
    with runtime.sessions() as session:
        events = [e.kind for e in audit.recent(session, kind="account_paused")]
    assert events == ["account_paused"]
