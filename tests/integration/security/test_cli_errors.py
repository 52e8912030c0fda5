"""Configuration and connection problems are one clear line from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.settings import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def one_line_error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # fail(), not an escaped exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


def test_an_unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "SOCIALPUB_DATABASE_URL", "postgresql://nobody:hunter2@127.0.0.1:1/socialpub"
    )
    line = one_line_error(["queue"])
    assert "cannot reach the database at postgresql+psycopg://nobody:***@127.0.0.1:1" in line
    assert "hunter2" not in line


def test_accounts_from_the_environment_that_are_not_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALPUB_ACCOUNTS", "{outbox: nope")
    assert 'error parsing value for field "accounts"' in one_line_error(["queue"])


def test_a_config_file_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "socialpub.toml"
    path.write_bytes(b'timezone = "Europe/Z\xfcrich"\n')
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(path))
    assert "not UTF-8 text" in one_line_error(["queue"])
