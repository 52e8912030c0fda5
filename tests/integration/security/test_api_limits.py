"""Finding 2, the API side: bodies and inputs are limited, and composing never holds up the rest
of the API (a compose waits in its own pool, within a budget, and never commits late)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text

from socialpub.api.app import create_app
from socialpub.api.schemas import MAX_ARTICLE_CHARS
from socialpub.runtime import Runtime
from socialpub.store import tokens
from socialpub.store.db import normalise_url
from socialpub.store.migrate import upgrade
from socialpub.store.models import Post
from socialpub.store.tokens import Role
from tests.conftest import make_settings
from tests.platform_servers.runner import run_server

OUTBOX = {"outbox": {"platform": "outbox", "path": "outbox.jsonl"}}


def staff(runtime: Runtime) -> dict[str, str]:
    with runtime.sessions.begin() as session:
        value = tokens.create(session, "staff", Role.STAFF, actor="test")
    return {"Authorization": f"Bearer {value}"}


def compose_body(n: int) -> dict[str, Any]:
    return {"text": f"Article {n}\n\nThe library opens late on day {n}.", "accounts": ["outbox"]}


@contextmanager
def served(runtime: Runtime) -> Iterator[httpx.Client]:
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=60) as c:
        yield c


def posts(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Post)) or 0)


def test_a_body_over_the_limit_gets_a_clear_413(runtime_factory: Any) -> None:
    runtime: Runtime = runtime_factory(accounts=OUTBOX, api_max_body_bytes=4096)
    headers = staff(runtime)
    with served(runtime) as client:
        big = {"text": "x" * 5000, "accounts": ["outbox"]}
        declared = client.post("/api/posts", json=big, headers=headers)
        assert declared.status_code == 413
        assert declared.json() == {"detail": "request body is larger than 4096 bytes"}

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            yield b'{"text": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'", "accounts": ["outbox"]}'

        streamed = client.post(
            "/api/posts",
            content=chunks(),
            headers={**headers, "Content-Type": "application/json"},
        )
        assert streamed.status_code == 413
        assert client.post("/api/posts", json=compose_body(1), headers=headers).status_code == 201
    assert posts(runtime) == 1


def test_an_article_over_the_size_limit_is_refused(runtime_factory: Any) -> None:
    runtime: Runtime = runtime_factory(accounts=OUTBOX)
    with served(runtime) as client:
        body = {"text": "word " * (MAX_ARTICLE_CHARS // 5 + 1), "accounts": ["outbox"]}
        answer = client.post("/api/posts", json=body, headers=staff(runtime))
    assert answer.status_code == 422
    assert "at most 200000 characters" in answer.text
    assert posts(runtime) == 0


@contextmanager
def posts_locked(database_url: str) -> Iterator[Any]:
    """Another connection holds the tables compose writes, so a compose blocks in its thread."""
    engine = create_engine(normalise_url(database_url))
    conn = engine.connect()
    conn.execute(text("LOCK TABLE articles, posts IN EXCLUSIVE MODE"))
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()
        engine.dispose()


def waiting_on_locks(database_url: str) -> int:
    engine = create_engine(normalise_url(database_url))
    with engine.connect() as conn:
        count = conn.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
        )
    engine.dispose()
    return int(count or 0)


def busy_backends(database_url: str) -> int:
    engine = create_engine(normalise_url(database_url))
    with engine.connect() as conn:
        count = conn.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
            )
        )
    engine.dispose()
    return int(count or 0)


def wait_until(condition: Any, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit  # a hang guard, not a speed assertion
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


def test_health_answers_while_many_composes_are_stuck(postgres_url: str, redis_prefix: str) -> None:
    runtime = Runtime(
        make_settings(postgres_url, redis_prefix, accounts=OUTBOX, compose_budget_seconds=300)
    )
    upgrade(runtime.engine)
    headers = staff(runtime)
    answers: list[int] = []
    with served(runtime) as client:
        with posts_locked(postgres_url):
            # More composes than the server has request threads (40): without a pool of their own
            # they take every thread and /api/health waits behind them.
            senders = [
                threading.Thread(
                    target=lambda n=n: answers.append(
                        client.post("/api/posts", json=compose_body(n), headers=headers).status_code
                    )
                )
                for n in range(45)
            ]
            for sender in senders:
                sender.start()
            wait_until(lambda: waiting_on_locks(postgres_url) > 0, "a compose blocked on the lock")
            with httpx.Client(base_url=str(client.base_url), timeout=20) as other:
                # It answers (red here: no scheduler or worker runs in this test) and its
                # database check went through while every compose waited.
                health = other.get("/api/health").json()
                assert health["checks"]["database"]["ok"] is True
            assert not answers  # every compose was still waiting when health answered
        for sender in senders:
            sender.join(120)
    runtime.close()
    assert sorted(set(answers)) == [201] and len(answers) == 45


def test_a_compose_past_its_budget_gets_503_and_is_never_saved(
    postgres_url: str, redis_prefix: str
) -> None:
    runtime = Runtime(
        make_settings(postgres_url, redis_prefix, accounts=OUTBOX, compose_budget_seconds=0.5)
    )
    upgrade(runtime.engine)
    headers = staff(runtime)
    with served(runtime) as client:
        with posts_locked(postgres_url):
            late = client.post("/api/posts", json=compose_body(1), headers=headers)
        assert late.status_code == 503
        assert "nothing was saved" in late.json()["detail"]
        wait_until(lambda: busy_backends(postgres_url) == 0, "the late compose to finish")
        assert posts(runtime) == 0  # it finished after the lock went, and rolled back
        assert client.post("/api/posts", json=compose_body(2), headers=headers).status_code == 201
    assert posts(runtime) == 1
    runtime.close()
