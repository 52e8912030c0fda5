"""Shared fixtures: real databases (SQLite and PostgreSQL) and real Redis, each test its own.

PostgreSQL: every test that asks for ``database_url`` with the postgres param gets a fresh
database created on the server at ``SOCIALPUB_TEST_PG_URL`` and dropped afterwards. Redis: each
test gets its own key prefix and queue name on ``SOCIALPUB_TEST_REDIS_URL``, deleted afterwards.

Markers: a test that uses those fixtures is marked ``postgres`` / ``redis`` at collection, so
``-m "not postgres and not redis"`` runs what needs neither. When a server cannot be reached the
tests that need it are skipped with the reason, so a developer without the services can still run
the rest; in CI (``CI`` set) they fail instead, since a skipped test there would hide a broken run.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis
from sqlalchemy import create_engine, make_url, text

from socialpub.runtime import Runtime
from socialpub.settings import Settings
from socialpub.store.migrate import upgrade

PG_ADMIN_URL = os.environ.get(
    "SOCIALPUB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("SOCIALPUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# Fixtures that reach each server; a test using any of them (directly or through another
# fixture) needs that server.
NEEDS = {
    "postgres": {"postgres_url", "stack_factory"},
    "redis": {"redis_prefix", "stack_factory"},
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _reachable(host: str, port: int) -> str | None:
    """None when something listens at host:port, else why not (one line)."""
    try:
        with socket.create_connection((host, port), timeout=2.0):
            return None
    except OSError as exc:
        return f"{host}:{port} unreachable: {exc.strerror or exc}"


def _server_problems() -> dict[str, str | None]:
    pg = make_url(PG_ADMIN_URL)
    rd = urlsplit(REDIS_URL)
    return {
        "postgres": _reachable(pg.host or "127.0.0.1", pg.port or 5432),
        "redis": _reachable(rd.hostname or "127.0.0.1", rd.port or 6379),
    }


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark what needs PostgreSQL or Redis; skip it (outside CI) when the server is down."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgres":
            names.add("postgres_url")
        for marker, fixtures in NEEDS.items():
            if names & fixtures and item.get_closest_marker(marker) is None:
                item.add_marker(marker)
    problems = _server_problems()
    if _in_ci():
        return  # the tests run and fail loudly: CI must never pass by skipping
    for item in items:
        missing = [
            f"{marker} ({problem})"
            for marker, problem in problems.items()
            if problem and item.get_closest_marker(marker) is not None
        ]
        if missing:
            reason = f"needs {' and '.join(missing)}; set CI=true to fail instead"
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _isolated_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads a developer's config file or SOCIALPUB_* variables by accident."""
    for key in list(os.environ):
        if key.startswith("SOCIALPUB_") and not key.startswith("SOCIALPUB_TEST_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def _pg_url_for(name: str) -> str:
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name = f"socialpub_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _pg_url_for(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'socialpub.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"socialpub-test-{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def make_settings(
    database_url: str, redis_prefix: str = "socialpub-test", **extra: Any
) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": REDIS_URL,
        "redis_prefix": redis_prefix,
        "celery_queue": f"{redis_prefix}-publish",
        "backoff_base_seconds": 0.2,
        "backoff_cap_seconds": 2.0,
    }
    values.update(extra)
    return Settings(**values)


@pytest.fixture
def runtime_factory(database_url: str, redis_prefix: str) -> Iterator[Any]:
    made: list[Runtime] = []

    def build(**extra: Any) -> Runtime:
        runtime = Runtime(make_settings(database_url, redis_prefix, **extra))
        upgrade(runtime.engine)
        made.append(runtime)
        return runtime

    yield build
    for runtime in made:
        runtime.close()
