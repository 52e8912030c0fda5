"""Finding 3: a platform's answer never becomes a script link on /history."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from socialpub import audit
from socialpub.api.app import create_app
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery
from socialpub.store.tokens import Role
from socialpub.weburl import http_url
from tests.integration.delivery.conftest import tick
from tests.integration.delivery.seed import seed
from tests.platform_servers.runner import run_server
from tests.web import add_person, sign_in

SCRIPT = "javascript:alert(document.cookie)"


@pytest.fixture
def hostile_hook() -> Iterator[str]:
    async def hook(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"id": "p-1", "url": SCRIPT})

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    with run_server(app) as base:
        yield f"{base}/hook"


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://social.example/@news/1", True),
        ("http://intranet.example/p/2", True),
        (SCRIPT, False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("https://", False),
        ("https://ok.example/\nSet-Cookie: x", False),
        (None, False),
        (42, False),
    ],
)
def test_only_absolute_http_urls_pass(value: object, kept: bool) -> None:
    assert http_url(value) == (value if kept else None)


def test_a_script_url_from_the_platform_is_not_stored_or_linked(
    runtime_factory: Any, hostile_hook: str
) -> None:
    runtime: Runtime = runtime_factory(
        accounts={"hook": {"platform": "webhook", "url": hostile_hook, "timeout_seconds": 5}}
    )
    (published,) = seed(runtime.sessions, "hook", "webhook", 1)
    assert tick(runtime) == [published]
    (legacy,) = seed(runtime.sessions, "hook", "webhook", 1, tag="stored before the fix")
    with runtime.sessions.begin() as session:
        row = session.get(Delivery, published)
        assert row is not None and row.state == State.PUBLISHED and row.remote_id == "p-1"
        assert row.remote_url is None
        events = audit.events_for(session, "delivery", published)
        assert all(SCRIPT not in str(e.details) for e in events)
        # a value stored by an older version is still never rendered as a link
        session.execute(
            update(Delivery)
            .where(Delivery.id == legacy)
            .values(state=State.PUBLISHED.value, remote_id="p-0", remote_url=SCRIPT)
        )
    add_person(runtime, "admin@example.org", Role.ADMIN)
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base) as client:
        sign_in(client, "admin@example.org")
        page = client.get("/history").text
    assert "p-1" in page and "post 2 /" in page  # both rows shown; the old value as text only
    assert 'href="javascript' not in page.lower()
    assert "<a href" in page  # links are still made, for the deliveries' own pages
