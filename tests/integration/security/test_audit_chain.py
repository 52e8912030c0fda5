"""Finding 4: the audit log cannot be emptied, replaced or edited unnoticed."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from socialpub import audit
from socialpub.cli import app
from socialpub.settings import get_settings
from socialpub.store.db import make_engine, session_factory
from socialpub.store.migrate import upgrade
from socialpub.store.models import AuditEvent

runner = CliRunner()


def write_events(sessions: Any, count: int, *, kind: str = "test") -> None:
    for n in range(count):
        with sessions.begin() as session:
            audit.record(
                session,
                actor="user:test",
                subject_type="delivery",
                subject_id=n,
                kind=kind,
                details={"n": n, "text": "café ☕", "ratio": 0.1 * n},
            )


@pytest.fixture
def sessions(database_url: str) -> Any:
    engine = make_engine(database_url)
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()


def ids(sessions: Any) -> list[int]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def test_every_event_is_chained_to_the_one_before(sessions: Any) -> None:
    write_events(sessions, 5)
    with sessions() as session:
        report = audit.verify(session, page=2)  # pages smaller than the log: the walk continues
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert report.ok and report.checked == 5 and report.head == rows[-1].hash
    assert rows[0].prev_hash == audit.GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]


def _superuser_edit(database_url: str, statement: str) -> None:
    """What an attacker with the owner's rights does: lift the trigger and change the table."""
    engine = make_engine(database_url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            conn.execute(text(statement))
            conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
            conn.execute(text(statement))
    engine.dispose()


def test_verify_names_the_first_changed_event(sessions: Any, database_url: str) -> None:
    write_events(sessions, 6)
    target = ids(sessions)[3]
    _superuser_edit(
        database_url, f"UPDATE audit_events SET actor = 'user:someone-else' WHERE id = {target}"
    )
    with sessions() as session:
        report = audit.verify(session)
    assert (report.broken_at, report.checked) == (target, 3)
    assert "content does not match its hash" in str(report.problem)


def test_verify_names_the_event_after_a_removed_one(sessions: Any, database_url: str) -> None:
    write_events(sessions, 6)
    all_ids = ids(sessions)
    _superuser_edit(database_url, f"DELETE FROM audit_events WHERE id = {all_ids[2]}")
    with sessions() as session:
        report = audit.verify(session)
    assert report.broken_at == all_ids[3]
    assert "prev_hash is not the hash of the event before it" in str(report.problem)


def test_the_database_refuses_truncate_replace_update_and_delete(
    sessions: Any, database_url: str
) -> None:
    write_events(sessions, 2)
    first = ids(sessions)[0]
    engine = make_engine(database_url)
    attempts = [
        f"UPDATE audit_events SET kind = 'x' WHERE id = {first}",
        f"DELETE FROM audit_events WHERE id = {first}",
    ]
    if engine.dialect.name == "postgresql":
        attempts.append("TRUNCATE audit_events")
    else:
        attempts.append(
            "INSERT OR REPLACE INTO audit_events "
            "(id, at, actor, subject_type, subject_id, kind, details) "
            f"VALUES ({first}, '2026-01-01 00:00:00', 'evil', 'delivery', 1, 'forged', '{{}}')"
        )
        attempts.append(
            "REPLACE INTO audit_events (id, at, actor, subject_type, subject_id, kind, details) "
            f"VALUES ({first}, '2026-01-01 00:00:00', 'evil', 'delivery', 1, 'forged', '{{}}')"
        )
    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 2
        assert audit.verify(session).ok


def test_concurrent_writers_never_fork_the_chain(sessions: Any) -> None:
    """Many transactions commit at the same moment; each must append after the other, never
    both after the same head."""
    writers, rounds = 6, 5
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for r in range(rounds):
                with sessions.begin() as session:
                    audit.record(
                        session, actor=f"w{n}", subject_type="t", subject_id=r, kind="race"
                    )
                    barrier.wait(timeout=30)  # all commit together
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with sessions() as session:
        prev = list(session.scalars(select(AuditEvent.prev_hash)))
        report = audit.verify(session)
    assert len(prev) == writers * rounds
    assert len(set(prev)) == len(prev), "two events claim the same predecessor: a fork"
    assert report.ok and report.checked == writers * rounds


def test_a_savepoint_that_rolls_back_takes_its_events_with_it(sessions: Any) -> None:
    with sessions.begin() as session:
        audit.record(session, actor="a", subject_type="t", subject_id=1, kind="kept")
        with pytest.raises(RuntimeError), session.begin_nested():
            audit.record(session, actor="a", subject_type="t", subject_id=2, kind="dropped")
            raise RuntimeError("undo")
        audit.record(session, actor="a", subject_type="t", subject_id=3, kind="kept")
    with sessions() as session:
        kinds = list(session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))
        assert kinds == ["kept", "kept"] and audit.verify(session).ok


def test_events_written_before_the_chain_are_chained_by_the_migration(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0005")
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_events (at, actor, subject_type, subject_id, kind, details) "
                    "VALUES (:at, 'old', 'delivery', :n, 'created', :details)"
                ),
                {"at": "2026-11-01 10:00:00.123456", "n": n, "details": json.dumps({"n": n})},
            )
    upgrade(engine)
    with session_factory(engine)() as session:
        report = audit.verify(session)
    engine.dispose()
    assert report.ok and report.checked == 3


def test_socialpub_audit_verify_exits_non_zero_naming_the_broken_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv("SOCIALPUB_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    upgrade(engine)
    write_events(session_factory(engine), 4)
    engine.dispose()
    good = runner.invoke(app, ["audit", "verify"])
    assert good.exit_code == 0 and "audit chain intact: 4 events" in good.output
    listing = runner.invoke(app, ["audit", "--limit", "2", "--json"])
    assert listing.exit_code == 0 and '"kind": "test"' in listing.output
    _superuser_edit(url, "UPDATE audit_events SET details = '{\"n\": 9}' WHERE id = 2")
    get_settings.cache_clear()
    bad = runner.invoke(app, ["audit", "verify"])
    assert bad.exit_code == 1
    assert "audit chain broken at event 2: its content does not match its hash" in bad.output
    get_settings.cache_clear()


def test_sqlite_engine_without_our_pragmas_still_refuses_replace(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plain.sqlite'}"
    upgrade(make_engine(url))
    write_events(session_factory(make_engine(url)), 1)
    plain = create_engine(url)  # a bare connection, as someone with the file would open it
    with pytest.raises(DBAPIError, match="append-only"), plain.begin() as conn:
        conn.execute(
            text(
                "INSERT OR REPLACE INTO audit_events "
                "(id, at, actor, subject_type, subject_id, kind, details) "
                "VALUES (1, '2026-01-01 00:00:00', 'evil', 'delivery', 1, 'forged', '{}')"
            )
        )
    plain.dispose()
