"""Finding 4, the roles: on a real PostgreSQL, with a migration role that owns the schema and an
application role that may only add to and read the audit log. The test creates both roles and
its own database, and drops all three."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from socialpub import audit
from socialpub.cli import app
from socialpub.settings import get_settings
from socialpub.store.db import make_engine, session_factory
from tests.conftest import PG_ADMIN_URL

runner = CliRunner()
pytestmark = pytest.mark.postgres


@pytest.fixture
def two_roles() -> Iterator[dict[str, str]]:
    tag = uuid.uuid4().hex[:10]
    owner, app_role, database = f"sp_owner_{tag}", f"sp_app_{tag}", f"socialpub_roles_{tag}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {owner} LOGIN"))
        conn.execute(text(f"CREATE ROLE {app_role} LOGIN"))
        conn.execute(text(f'CREATE DATABASE "{database}" OWNER {owner}'))
    base = PG_ADMIN_URL.rsplit("@", 1)[1].rsplit("/", 1)[0]
    try:
        yield {
            "owner_url": f"postgresql://{owner}@{base}/{database}",
            "app_url": f"postgresql://{app_role}@{base}/{database}",
            "app_role": app_role,
        }
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f"DROP ROLE IF EXISTS {app_role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()


def refused(engine: Any, statement: str) -> str:
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.execute(text(statement))
    return str(caught.value.orig)


def test_the_application_role_may_only_add_to_and_read_the_audit_log(
    two_roles: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALPUB_DATABASE_URL", two_roles["owner_url"])
    monkeypatch.setenv("SOCIALPUB_DATABASE_APP_ROLE", two_roles["app_role"])
    get_settings.cache_clear()
    migrated = runner.invoke(app, ["db", "upgrade"])
    get_settings.cache_clear()
    assert migrated.exit_code == 0, migrated.output
    assert f"role {two_roles['app_role']} may use the tables" in migrated.output

    engine = make_engine(two_roles["app_url"])
    sessions = session_factory(engine)
    with sessions.begin() as session:  # the service's own work: insert and read events
        audit.record(session, actor="app", subject_type="delivery", subject_id=1, kind="queued")
        audit.record(session, actor="app", subject_type="delivery", subject_id=1, kind="sent")
    with sessions() as session:
        assert [e.kind for e in audit.events_for(session, "delivery", 1)] == ["queued", "sent"]
        assert audit.verify(session).ok
    with engine.begin() as conn:  # and its working tables stay writable
        conn.execute(
            text(
                "INSERT INTO account_states (account, needs_attention, updated_at) "
                "VALUES ('a', false, now())"
            )
        )
        conn.execute(text("UPDATE account_states SET needs_attention = true"))
        conn.execute(text("DELETE FROM account_states"))

    for statement in (
        "UPDATE audit_events SET kind = 'x'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "DROP TRIGGER audit_events_no_update ON audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "DROP TABLE audit_events",
        "UPDATE alembic_version SET version_num = '0001'",
    ):
        message = refused(engine, statement)
        assert "permission denied" in message or "must be owner" in message, statement
    engine.dispose()

    owner = make_engine(two_roles["owner_url"])  # even the owner meets the triggers
    assert "append-only" in refused(owner, "TRUNCATE audit_events")
    assert "append-only" in refused(owner, "DELETE FROM audit_events")
    owner.dispose()
