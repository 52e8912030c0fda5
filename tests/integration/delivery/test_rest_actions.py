"""The REST actions end to end over a real server, database and receiver: the same rules as the
service, one readable line for every refusal, never a 500."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from socialpub.api.app import create_app
from socialpub.delivery.exports import IMPORT_COLUMNS
from socialpub.runtime import Runtime
from socialpub.store import tokens
from socialpub.store.models import Delivery, Post
from socialpub.store.tokens import Role
from tests.integration.delivery.conftest import hook, tick
from tests.platform_servers.runner import run_server
from tests.receiver import Receiver

ARTICLE = (
    "Library extends opening hours\n\nThe main library will open until midnight in exam season."
)


@pytest.fixture
def runtime(runtime_factory: Any, hook_url: str) -> Runtime:
    rt: Runtime = runtime_factory(accounts={"hook": hook(hook_url), "other": hook(hook_url)})
    return rt


@pytest.fixture
def client(runtime: Runtime) -> Iterator[httpx.Client]:
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=10) as c:
        yield c


def token(runtime: Runtime, name: str, role: Role) -> dict[str, str]:
    with runtime.sessions.begin() as session:
        value = tokens.create(session, name, role, actor="test")
    return {"Authorization": f"Bearer {value}"}


def post(client: httpx.Client, who: dict[str, str], **body: Any) -> dict[str, Any]:
    made = client.post("/api/posts", headers=who, json={"text": ARTICLE, **body})
    assert made.status_code == 201, made.text
    result: dict[str, Any] = made.json()
    return result


def test_bad_parameters_get_one_readable_line_never_a_500(
    client: httpx.Client, runtime: Runtime
) -> None:
    admin = token(runtime, "root", Role.ADMIN)
    cases = [
        ("POST", "/api/deliveries/99999999999999999999/cancel", None, "delivery_id"),
        ("GET", "/api/history?limit=-1", None, "limit"),
        ("GET", "/api/audit?limit=0", None, "limit"),
        ("GET", "/api/history?account=a%00b", None, "NUL"),
        ("GET", "/api/history?since=9999-12-31T23:59:59-14:00", None, "since"),
        ("GET", "/api/history?since=yesterday-ish", None, "since"),
        ("GET", "/api/history?state=sent", None, "state"),
        ("GET", "/api/audit?delivery=-4", None, "delivery"),
        ("POST", "/api/posts", {"text": "a\x00b", "accounts": ["hook"]}, "NUL"),
        (
            "POST",
            "/api/posts",
            {"text": ARTICLE, "accounts": ["hook"], "at": "20260-01-01"},
            "time",
        ),
    ]
    for method, url, body, word in cases:
        answer = client.request(method, url, headers=admin, json=body)
        assert answer.status_code in (400, 404, 422), (url, answer.status_code, answer.text)
        detail = answer.json()["detail"]
        assert isinstance(detail, str) and word in detail, (url, detail)
    surrogate = b'{"text": "caf\\ud800", "accounts": ["hook"]}'
    answer = client.post(
        "/api/posts", headers={**admin, "Content-Type": "application/json"}, content=surrogate
    )
    assert answer.status_code == 422
    assert any(w in answer.json()["detail"].lower() for w in ("unicode", "surrogate"))


def test_the_same_account_twice_is_one_delivery(client: httpx.Client, runtime: Runtime) -> None:
    staff = token(runtime, "comms", Role.STAFF)
    made = post(client, staff, accounts=["hook", "hook", "hook"])
    assert [d["account"] for d in made["deliveries"]] == ["hook"]


def test_past_times_refused_and_history_shows_publish_time_and_exports(
    client: httpx.Client, runtime: Runtime, receiver: Receiver
) -> None:
    staff = token(runtime, "comms", Role.STAFF)
    admin = token(runtime, "root", Role.ADMIN)
    past = client.post(
        "/api/posts",
        headers=staff,
        json={"text": ARTICLE, "accounts": ["hook"], "at": "2020-01-01T10:00"},
    )
    assert past.status_code == 422 and "in the past" in past.json()["detail"]
    made = post(client, staff, accounts=["hook", "other"], at="now")
    ids = [d["id"] for d in made["deliveries"]]
    tick(runtime)
    assert receiver.attempts == 2
    today = datetime.now(UTC).date().isoformat()
    rows = client.get(f"/api/history?since={today}", headers=staff)
    assert rows.status_code == 200, rows.text
    got = {d["id"]: d for d in rows.json()}
    assert sorted(got) == sorted(ids)
    assert all(d["published_at"] and d["post_id"] == made["post_id"] for d in got.values())
    page = client.get("/api/history/page?account=other&limit=1", headers=staff).json()
    assert page["total"] == 1 and page["items"][0]["account"] == "other"
    assert client.get("/api/history?since=2999-01-01", headers=staff).json() == []
    exported = client.get("/api/history/export?format=csv", headers=admin)
    assert exported.status_code == 200
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert tuple(exported.text.splitlines()[0].split(",")[: len(IMPORT_COLUMNS)]) == IMPORT_COLUMNS
    with runtime.sessions() as session:
        for row in table:
            d = session.get(Delivery, int(row["delivery_id"]))
            assert d is not None
            assert (row["accounts"], row["text"], row["url"]) == (d.account, d.text, d.remote_url)
            assert row["published_at"] == d.published_at.isoformat()  # type: ignore[union-attr]
    as_json = client.get("/api/history/export?format=json", headers=admin).json()
    assert sorted(r["delivery_id"] for r in as_json) == sorted(ids)
    assert client.get("/api/history/export", headers=staff).status_code == 403
    lines = client.get(f"/api/audit/export?account=hook&since={today}", headers=admin).text
    events = [json.loads(line) for line in lines.splitlines()]
    assert {e["kind"] for e in events} >= {"created", "queued", "published"}
    assert {e["subject_id"] for e in events if e["subject_type"] == "delivery"} == {ids[0]}


def test_review_loop_and_permissions_over_rest(client: httpx.Client, runtime: Runtime) -> None:
    runtime.settings.require_approval = True
    runtime.settings.four_eyes = True
    alice = token(runtime, "alice", Role.STAFF)
    bob = token(runtime, "bob", Role.STAFF)
    head = token(runtime, "head", Role.APPROVER)
    soon = (datetime.now(UTC) + timedelta(minutes=10)).isoformat()
    made = post(client, alice, accounts=["hook"], at=soon)
    pid, did = made["post_id"], made["deliveries"][0]["id"]
    assert made["deliveries"][0]["state"] == "draft"
    assert client.post(f"/api/deliveries/{did}/cancel", headers=bob).status_code == 403
    assert client.post(f"/api/posts/{pid}/approve", headers=alice).status_code == 403
    rejected = client.post(f"/api/posts/{pid}/reject", headers=head, json={"comment": "Shorter"})
    assert rejected.json()["approval"] == "rejected"
    mine = client.get("/api/posts/mine", headers=alice).json()
    assert [(p["post_id"], p["review_comment"]) for p in mine] == [(pid, "Shorter")]
    edited = client.patch(f"/api/deliveries/{did}", headers=alice, json={"text": "Open late."})
    assert edited.status_code == 200 and edited.json()["text"].startswith("Open late.")
    assert client.post(f"/api/posts/{pid}/resubmit", headers=alice).status_code == 200
    assert [p["post_id"] for p in client.get("/api/posts/inbox", headers=head).json()] == [pid]
    moved = client.post(
        f"/api/deliveries/{did}/reschedule", headers=alice, json={"at": "2020-01-01T00:00"}
    )
    assert moved.status_code == 422 and "in the past" in moved.json()["detail"]
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    moved = client.post(f"/api/deliveries/{did}/reschedule", headers=alice, json={"at": later})
    assert moved.json()["state"] == "draft"
    with runtime.sessions.begin() as session:  # the approver comes back after the time passed
        past = datetime.now(UTC) - timedelta(hours=1)
        session.execute(
            update(Delivery).where(Delivery.id == did).values(due_at=past, scheduled_at=past)
        )
        composed = past - timedelta(hours=1)  # composed for a time then ahead
        session.execute(update(Post).where(Post.id == pid).values(created_at=composed))
    late = client.post(f"/api/posts/{pid}/approve", headers=head)
    assert late.status_code == 409 and late.json()["needs_new_time"] is True
    ok = client.post(f"/api/posts/{pid}/approve", headers=head, json={"at": "now"})
    assert ok.json() == {"post_id": pid, "scheduled": [did]}
    own = post(client, head, accounts=["other"])
    assert own["deliveries"][0]["state"] == "scheduled"  # approvers are not held
    audit = client.get(f"/api/audit?post_id={pid}", headers=token(runtime, "r", Role.ADMIN))
    assert {(e["kind"], e["actor"]) for e in audit.json()} >= {
        ("rejected", "api:head"),
        ("resubmitted", "api:alice"),
        ("edited", "api:alice"),
        ("approved", "api:head"),
    }


def test_retry_asks_the_platform_before_sending_an_unknown_again(
    client: httpx.Client, runtime: Runtime, receiver: Receiver
) -> None:
    admin = token(runtime, "root", Role.ADMIN)
    staff = token(runtime, "comms", Role.STAFF)
    made = post(client, staff, accounts=["hook", "other"])
    sent, unsent = (d["id"] for d in made["deliveries"])
    with runtime.sessions.begin() as session:  # only the first reaches the platform
        session.execute(update(Delivery).where(Delivery.id == unsent).values(state="cancelled"))
    tick(runtime)
    with runtime.sessions.begin() as session:  # as if its answer had been lost
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_([sent, unsent]))
            .values(state="unknown", part_ids=[], remote_id=None)
        )
    assert client.post(f"/api/deliveries/{sent}/retry", headers=staff).status_code == 403
    assert client.post(f"/api/deliveries/{sent}/cancel", headers=staff).status_code == 403
    found = client.post(f"/api/deliveries/{sent}/retry", headers=admin)
    assert found.json() == {"delivery_id": sent, "state": "published"}
    again = client.post(f"/api/deliveries/{unsent}/retry", headers=admin)
    assert again.json()["state"] == "scheduled"
    tick(runtime)
    assert receiver.attempts == len(receiver.received) == 2  # each sent once, none twice
    assert client.post(f"/api/deliveries/{sent}/retry", headers=admin).status_code == 409


def test_pause_status_and_feeds_over_rest(client: httpx.Client, runtime: Runtime) -> None:
    admin = token(runtime, "root", Role.ADMIN)
    staff = token(runtime, "comms", Role.STAFF)
    assert (
        client.post("/api/publishing/pause", headers=staff, json={"reason": "x"}).status_code == 403
    )
    paused = client.post("/api/publishing/pause", headers=admin, json={"reason": "audit week"})
    assert paused.json()["paused"] is True
    assert client.get("/api/publishing", headers=staff).json()["reason"] == "audit week"
    status = client.get("/api/status", headers=admin).json()
    assert status["publishing_paused"]["reason"] == "audit week"
    assert client.post("/api/publishing/resume", headers=admin).json() == {"released": []}
    assert client.get("/api/publishing", headers=staff).json() == {"paused": False}
    feed = client.post(
        "/api/feeds", headers=admin, json={"url": "https://example.org/feed.xml", "account": "hook"}
    )
    assert feed.status_code == 201, feed.text
    bad = client.post(
        "/api/feeds", headers=admin, json={"url": "https://u:p@example.org/f", "account": "hook"}
    )
    assert bad.status_code == 422 and "password" in bad.json()["detail"]
    assert [f["id"] for f in client.get("/api/feeds", headers=admin).json()] == [feed.json()["id"]]
    assert client.delete(f"/api/feeds/{feed.json()['id']}", headers=admin).status_code == 204
    assert client.get("/api/feeds", headers=admin).json() == []
    assert client.delete(f"/api/feeds/{feed.json()['id']}", headers=admin).status_code == 404
    resumed = client.post("/api/accounts/hook/resume", headers=admin).json()
    assert resumed == {"account": "hook", "was_paused": False, "released": []}
    assert client.post("/api/accounts/nope/resume", headers=admin).status_code == 404
