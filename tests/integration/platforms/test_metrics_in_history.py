"""The latest public counts of each delivery wherever history is shown: the REST API, the CSV
and JSON exports and the web History page (the CLI is covered end to end with the scheduler)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update

from socialpub.api.app import create_app
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store import tokens
from socialpub.store.models import Delivery, DeliveryMetrics
from socialpub.store.tokens import Role
from tests.integration.delivery.seed import seed
from tests.platform_servers.runner import run_server
from tests.web import add_person, sign_in

PUBLISHED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _counted(runtime: Runtime) -> tuple[int, int]:
    """A published delivery read twice (the 1 d reading is the latest) and one never read."""
    counted, unread = seed(runtime.sessions, "masto", "mastodon", 2, state=State.PUBLISHED)
    with runtime.sessions.begin() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_([counted, unread]))
            .values(remote_id="1099", published_at=PUBLISHED)
        )
        for reading, at, likes in (("1h", timedelta(hours=1), 7), ("1d", timedelta(days=1), 30)):
            session.add(
                DeliveryMetrics(
                    delivery_id=counted,
                    reading=reading,
                    read_at=PUBLISHED + at,
                    likes=likes,
                    reposts=9,
                    replies=1,
                )
            )
    return counted, unread


def test_history_everywhere_shows_the_latest_counts(runtime_factory: Any) -> None:
    runtime: Runtime = runtime_factory(
        accounts={"masto": {"platform": "mastodon", "base_url": "https://m.example"}}
    )
    counted, unread = _counted(runtime)
    with runtime.sessions.begin() as session:
        admin = tokens.create(session, "boss", Role.ADMIN, actor="test")
    add_person(runtime, "ada@example.org", Role.ADMIN, "Ada Admin")
    headers = {"Authorization": f"Bearer {admin}"}
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=20) as c:
        rows = {r["id"]: r for r in c.get("/api/history", headers=headers).json()}
        exported = c.get("/api/history/export", params={"format": "csv"}, headers=headers).text
        as_json = c.get("/api/history/export", params={"format": "json"}, headers=headers).json()
        assert sign_in(c, "ada@example.org").status_code == 303
        page = c.get("/history").text

    latest = rows[counted]["metrics"]
    assert (latest["reading"], latest["likes"], latest["reposts"], latest["replies"]) == (
        "1d",
        30,
        9,
        1,
    )
    assert latest["impressions"] is None  # Mastodon offers none: not a zero
    assert rows[unread]["metrics"] is None
    table = {int(r["delivery_id"]): r for r in csv.DictReader(io.StringIO(exported))}
    assert (table[counted]["likes"], table[counted]["impressions"]) == ("30", "")
    assert table[counted]["metrics_read_at"].startswith("2026-11-03T09:00")
    assert table[unread]["likes"] == "" and table[unread]["metrics_read_at"] == ""
    by_id = {r["delivery_id"]: r for r in as_json}
    assert by_id[counted]["likes"] == 30 and by_id[unread]["likes"] == ""
    assert "30 likes, 9 reposts, 1 replies" in page
