"""CSV import and recurring posts over REST, against a real database and a local image server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from socialpub.api.app import create_app
from socialpub.runtime import Runtime
from socialpub.store import tokens
from socialpub.store.models import Delivery, Post
from socialpub.store.tokens import Role
from tests.platform_servers.runner import run_server

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def images() -> Starlette:
    async def png(_: Any) -> Response:
        return Response(PNG, media_type="image/png")

    async def text(_: Any) -> Response:
        return Response("not an image", media_type="text/plain")

    return Starlette(routes=[Route("/a.png", png), Route("/fake.png", text)])


@pytest.fixture
def image_base() -> Iterator[str]:
    with run_server(images()) as base:
        yield base


@pytest.fixture
def runtime(runtime_factory: Any) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={
            "one": {"platform": "outbox", "path": "one.jsonl"},
            "two": {"platform": "outbox", "path": "two.jsonl"},
        },
        allow_hosts=("127.0.0.1",),
    )
    return rt


@pytest.fixture
def client(runtime: Runtime) -> Iterator[httpx.Client]:
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=20) as c:
        yield c


@pytest.fixture
def staff(runtime: Runtime) -> dict[str, str]:
    with runtime.sessions.begin() as session:
        return {"Authorization": f"Bearer {tokens.create(session, 'comms', Role.STAFF, actor='t')}"}


def test_a_csv_becomes_drafts_with_a_report_of_the_rejected_rows(
    client: httpx.Client, runtime: Runtime, image_base: str, staff: dict[str, str]
) -> None:
    later = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = (
        "text,link,accounts,time,image_url,alt_text\n"
        f"Library opens late in exam season,,one,{later},{image_base}/a.png,The reading room\n"
        f"Second story about the new bus line,,one two,{later},,\n"
        f"Old news,,one,2020-01-01T09:00,,\n"
        f"Fake picture,,one,{later},{image_base}/fake.png,a cat\n"
    )
    answer = client.post(
        "/api/posts/import?tz=UTC",
        headers={**staff, "Content-Type": "text/csv"},
        content=data.encode(),
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert [r["row"] for r in report["rejected"]] == [4, 5]
    assert "in the past" in report["rejected"][0]["problem"]
    assert (
        "not an article" in report["rejected"][1]["problem"]
        or "image" in (report["rejected"][1]["problem"])
    )
    assert len(report["created"]) == 2
    with runtime.sessions() as session:
        for post_id in report["created"]:
            post = session.get(Post, post_id)
            assert post is not None and post.author == "api:comms"
            assert {d.state for d in post.deliveries} == {"draft"}
        first = session.get(Post, report["created"][0])
        assert first is not None and [m.alt_text for m in first.media] == ["The reading room"]
        second = session.get(Post, report["created"][1])
        assert second is not None and sorted(d.account for d in second.deliveries) == [
            "one",
            "two",
        ]
    bad = client.post(
        "/api/posts/import",
        headers={**staff, "Content-Type": "text/csv"},
        content=b"who,what\n1,2\n",
    )
    assert bad.status_code == 422 and "header row" in bad.json()["detail"]


def test_a_weekly_post_is_an_ordinary_delivery_each_week(
    client: httpx.Client, runtime: Runtime, staff: dict[str, str]
) -> None:
    start = datetime.now(UTC) + timedelta(days=1)
    until = (start + timedelta(days=21)).date().isoformat()
    answer = client.post(
        "/api/posts/recurring",
        headers=staff,
        json={
            "text": "Weekly reminder: the library quiz is on Friday.",
            "accounts": ["one"],
            "first": start.strftime("%Y-%m-%dT09:00"),
            "until": until,
            "every": "week",
            "tz": "Europe/Paris",
        },
    )
    assert answer.status_code == 201, answer.text
    made = answer.json()
    assert len(made["post_ids"]) == 4
    with runtime.sessions() as session:
        rows = [session.query(Delivery).filter_by(post_id=p).one() for p in made["post_ids"]]
        assert len({d.idempotency_key for d in rows}) == 4
        assert {d.state for d in rows} == {"scheduled"}
        gaps = {(b.due_at - a.due_at).days for a, b in itertools.pairwise(rows)}
        assert gaps <= {6, 7}  # a week of wall time; 6 days and 23 hours across a DST change
    past = client.post(
        "/api/posts/recurring",
        headers=staff,
        json={
            "text": "x",
            "accounts": ["one"],
            "first": "2020-01-01T09:00",
            "until": "2020-02-01",
        },
    )
    assert past.status_code == 422 and "in the past" in past.json()["detail"]
