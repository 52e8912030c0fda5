"""Finding 7 and the terminal finding: a zone is checked wherever it is accepted, a bad one
stored earlier never stops a listing, and stored text never drives the operator's terminal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from socialpub.api.app import create_app
from socialpub.cli import app
from socialpub.delivery.states import State
from socialpub.delivery.when import WhenError, parse_when
from socialpub.runtime import Runtime
from socialpub.settings import get_settings
from socialpub.store import tokens
from socialpub.store.db import make_engine, session_factory
from socialpub.store.migrate import upgrade
from socialpub.store.models import Delivery
from socialpub.store.tokens import Role
from tests.integration.delivery.seed import seed
from tests.platform_servers.runner import run_server
from tests.processes import write_config

runner = CliRunner()
BAD_ZONES = ["Mars/Olympus", "../../etc/passwd", "/etc/passwd", "x" * 5000, "Europe/Paris\x00", ""]
HOSTILE = "Read this\x1b]0;pwned\x07\x1b[2J\x1b[31m now\x9b31m \u202eevil"


@pytest.mark.parametrize("name", BAD_ZONES)
def test_a_bad_zone_is_refused_even_for_now(name: str) -> None:
    with pytest.raises(WhenError, match="unknown time zone"):
        parse_when("now", name, now=datetime.now(UTC))


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": url,
            "accounts": {"outbox": {"platform": "outbox", "path": str(tmp_path / "o.jsonl")}},
        },
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_compose_on_the_command_line_refuses_a_bad_zone(cli_env: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Library news\n\nThe library opens late tonight for the exam week.")
    result = runner.invoke(
        app, ["compose", str(article), "-a", "outbox", "--at", "now", "--tz", "Mars/Olympus"]
    )
    assert result.exit_code == 1
    assert "unknown time zone 'Mars/Olympus'" in result.output
    assert "Traceback" not in result.output


def test_the_api_refuses_a_bad_zone(runtime_factory: object) -> None:
    runtime: Runtime = runtime_factory(  # type: ignore[operator]
        accounts={"outbox": {"platform": "outbox", "path": "o.jsonl"}}
    )
    with runtime.sessions.begin() as session:
        value = tokens.create(session, "s", Role.STAFF, actor="test")
    body = {"text": "Library news\n\nOpen late.", "accounts": ["outbox"], "at": "now"}
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base) as client:
        for name in ("Mars/Olympus", "../../etc/passwd"):
            answer = client.post(
                "/api/posts",
                json={**body, "tz": name},
                headers={"Authorization": f"Bearer {value}"},
            )
            assert answer.status_code == 422 and "unknown time zone" in answer.text


def _stored(url: str, *, zone: str, text: str) -> int:
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    (delivery,) = seed(sessions, "outbox", "outbox", 1)
    (done,) = seed(sessions, "outbox", "outbox", 1, tag="done")
    with sessions.begin() as session:
        session.execute(update(Delivery).values(scheduled_tz=zone, text=text))
        session.execute(
            update(Delivery)
            .where(Delivery.id == done)
            .values(state=State.FAILED.value, last_error=text, remote_url=None)
        )
    engine.dispose()
    return delivery


def test_queue_and_history_survive_a_bad_stored_zone_and_escape_hostile_text(
    cli_env: str,
) -> None:
    _stored(cli_env, zone="../../etc/passwd", text=HOSTILE)
    for command in (["queue"], ["history"], ["queue", "--json"], ["history", "--json"], ["audit"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in result.output, (command, raw)
    table = runner.invoke(app, ["queue"]).output
    assert "\\x1b]0;pwned" in table and "UTC" in table


def test_settings_refuse_a_bad_default_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from socialpub.settings import ConfigError, load_settings

    monkeypatch.setenv("SOCIALPUB_TIMEZONE", "../../etc/passwd")
    with pytest.raises(ConfigError, match="unknown time zone"):
        load_settings()
