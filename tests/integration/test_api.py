"""The web API and pages over a real database: tokens, roles, compose, approve, cancel, audit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from socialpub.api.app import create_app
from socialpub.runtime import Runtime
from socialpub.store import tokens
from socialpub.store.models import Post
from socialpub.store.tokens import Role
from tests.platform_servers.runner import run_server

ARTICLE = (
    "Library extends opening hours\n\nThe main library will open until midnight in exam season."
)


@pytest.fixture
def runtime(runtime_factory: Any) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={"outbox": {"platform": "outbox", "path": "outbox.jsonl"}}, require_approval=True
    )
    return rt


@pytest.fixture
def client(runtime: Runtime) -> Iterator[httpx.Client]:
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=10) as c:
        yield c


def token(runtime: Runtime, name: str, role: Role) -> dict[str, str]:
    with runtime.sessions.begin() as session:
        value = tokens.create(session, name, role, actor="test")
    return {"Authorization": f"Bearer {value}"}


def test_every_api_call_needs_a_valid_token(client: httpx.Client) -> None:
    assert client.get("/api/deliveries").status_code == 401
    bad = {"Authorization": "Bearer sp_not-a-token"}
    assert client.get("/api/deliveries", headers=bad).status_code == 401
    assert client.get("/api/health/live").json() == {"status": "ok"}


def test_staff_drafts_wait_for_an_approver_then_are_scheduled(
    client: httpx.Client, runtime: Runtime
) -> None:
    staff = token(runtime, "comms", Role.STAFF)
    approver = token(runtime, "head", Role.APPROVER)
    made = client.post(
        "/api/posts", headers=staff, json={"text": ARTICLE, "accounts": ["outbox"], "at": "now"}
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert [d["state"] for d in body["deliveries"]] == ["draft"]
    assert client.post(f"/api/posts/{body['post_id']}/approve", headers=staff).status_code == 403
    approved = client.post(f"/api/posts/{body['post_id']}/approve", headers=approver)
    assert approved.json()["scheduled"] == [body["deliveries"][0]["id"]]
    waiting = client.get("/api/deliveries", headers=staff).json()
    assert [d["state"] for d in waiting] == ["scheduled"]


def test_bad_input_gets_a_clear_error(client: httpx.Client, runtime: Runtime) -> None:
    staff = token(runtime, "comms", Role.STAFF)
    unknown = client.post(
        "/api/posts", headers=staff, json={"text": ARTICLE, "accounts": ["nowhere"]}
    )
    assert unknown.status_code == 422 and "no account named 'nowhere'" in unknown.text
    when = client.post(
        "/api/posts",
        headers=staff,
        json={"text": ARTICLE, "accounts": ["outbox"], "at": "next tuesday"},
    )
    assert when.status_code == 422 and "ISO 8601" in when.text


def test_cancel_and_the_audit_log_is_for_admins(client: httpx.Client, runtime: Runtime) -> None:
    approver = token(runtime, "head", Role.APPROVER)
    admin = token(runtime, "root", Role.ADMIN)
    made = client.post(
        "/api/posts", headers=approver, json={"text": ARTICLE, "accounts": ["outbox"]}
    ).json()
    delivery_id = made["deliveries"][0]["id"]
    assert made["deliveries"][0]["state"] == "scheduled"
    assert client.post(f"/api/deliveries/{delivery_id}/cancel", headers=approver).status_code == 200
    again = client.post(f"/api/deliveries/{delivery_id}/cancel", headers=approver)
    assert again.status_code == 409
    assert client.get("/api/audit", headers=approver).status_code == 403
    events = client.get(f"/api/audit?delivery={delivery_id}", headers=admin).json()
    assert [e["kind"] for e in events] == ["created", "scheduled", "cancelled"]
    assert events[-1]["actor"] == "api:head"


def test_a_revoked_token_stops_working(client: httpx.Client, runtime: Runtime) -> None:
    headers = token(runtime, "temp", Role.STAFF)
    assert client.get("/api/deliveries", headers=headers).status_code == 200
    with runtime.sessions.begin() as session:
        assert tokens.revoke(session, "temp", actor="test")
    assert client.get("/api/deliveries", headers=headers).status_code == 401


def test_pages_need_a_person_signed_in_not_a_token(client: httpx.Client, runtime: Runtime) -> None:
    from tests.web import add_person, sign_in

    assert client.get("/", follow_redirects=False).status_code == 303
    with runtime.sessions.begin() as session:
        value = tokens.create(session, "viewer", Role.ADMIN, actor="test")
    # a token is for programs: the API takes it, the pages ask a person to sign in
    assert (
        client.get("/api/deliveries", headers={"Authorization": f"Bearer {value}"}).status_code
        == 200
    )
    add_person(runtime, "ada@example.org", Role.ADMIN)
    assert sign_in(client, "ada@example.org").status_code == 303
    assert "Compose a post" in client.get("/compose").text


def test_images_come_base64_with_alt_text(client: httpx.Client, runtime: Runtime) -> None:
    import base64

    approver = token(runtime, "head", Role.APPROVER)
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()
    body = {
        "text": ARTICLE,
        "accounts": ["outbox"],
        "images": [
            {"filename": "lib.png", "data_base64": png, "alt_text": "The library"},
            {"filename": "desk.png", "data_base64": png, "alt_text": "The help desk"},
        ],
    }
    made = client.post("/api/posts", headers=approver, json=body)
    assert made.status_code == 201
    with runtime.sessions() as session:
        post = session.get(Post, made.json()["post_id"])
        assert post is not None
        assert [m.alt_text for m in post.media] == ["The library", "The help desk"]
    # every image needs its own alt text
    no_alt = {**body, "allow_duplicate": True}
    no_alt["images"] = [*body["images"], {"filename": "x.png", "data_base64": png, "alt_text": ""}]
    assert client.post("/api/posts", headers=approver, json=no_alt).status_code == 422
    body["images"][0]["data_base64"] = "not base64!"
    body["allow_duplicate"] = True
    bad = client.post("/api/posts", headers=approver, json=body)
    assert bad.status_code == 422
