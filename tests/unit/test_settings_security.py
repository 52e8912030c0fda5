"""Issue 12's configuration findings: each test fails without its fix."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.fernet import Fernet

from socialpub.settings import ConfigError, load_settings

REPO = Path(__file__).resolve().parents[2]


def test_a_config_file_that_is_not_utf8_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "socialpub.toml"
    path.write_bytes('timezone = "Europe/Zürich"\n'.encode("latin-1"))
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(path))
    with pytest.raises(ConfigError, match=r"socialpub.toml: not UTF-8 text \(byte 20\)"):
        load_settings()


def test_accounts_from_the_environment_that_are_not_json_are_one_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOCIALPUB_ACCOUNTS", "{outbox: nope")
    with pytest.raises(ConfigError, match='environment: error parsing value for field "accounts"'):
        load_settings()


def test_the_encryption_key_must_be_a_real_fernet_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for weak in ("k", "password", "x" * 44, "not base64 at all!!" * 3):
        monkeypatch.setenv("SOCIALPUB_SECRET_KEY", weak)
        with pytest.raises(ConfigError, match="secret_key: Value error, is not a Fernet key"):
            load_settings()
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("SOCIALPUB_SECRET_KEY", key)
    settings = load_settings()
    assert settings.secret_key is not None and settings.secret_key.get_secret_value() == key


def test_the_encryption_key_is_never_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("SOCIALPUB_SECRET_KEY", key)
    monkeypatch.setenv("SOCIALPUB_ABSTRACTIVE_API_KEY", "sk-do-not-show")
    settings = load_settings()
    assert key not in repr(settings) and key not in str(settings)
    assert "sk-do-not-show" not in repr(settings)


def test_a_secret_in_the_config_file_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    key = Fernet.generate_key().decode()
    path = tmp_path / "socialpub.toml"
    path.write_text(
        f'secret_key = "{key}"\ndatabase_url = "postgresql://app:hunter2@db/socialpub"\n'
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(path))
    with caplog.at_level(logging.WARNING, logger="socialpub.settings"):
        load_settings()
    text = caplog.text
    assert "secret_key is a secret: set SOCIALPUB_SECRET_KEY or SOCIALPUB_SECRET_KEY_FILE" in text
    assert "database_url holds a password" in text
    assert key not in text and "hunter2" not in text


def test_a_file_variable_for_a_setting_that_takes_no_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tz").write_text("Europe/Paris")
    monkeypatch.setenv("SOCIALPUB_TIMEZONE_FILE", str(tmp_path / "tz"))
    with pytest.raises(ConfigError, match="SOCIALPUB_TIMEZONE_FILE: no such setting; only these"):
        load_settings()


def test_heartbeat_file_is_a_setting_not_a_secret_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """docker-compose's scheduler died at start-up: this path was read as a secret's file."""
    monkeypatch.setenv("SOCIALPUB_HEARTBEAT_FILE", "/nonexistent/scheduler.heartbeat")
    assert load_settings().heartbeat_file == "/nonexistent/scheduler.heartbeat"


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.yml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _socialpub_services() -> list[tuple[str, dict[str, str]]]:
    services = _compose()["services"]
    return [
        (name, {str(k): str(v) for k, v in service["environment"].items()})
        for name, service in services.items()
        if service.get("image") == "socialpub:latest"
    ]


def test_the_compose_file_runs_socialpub_services() -> None:
    names = {name for name, _ in _socialpub_services()}
    assert {"migrate", "scheduler", "worker"} <= names


@pytest.mark.parametrize(("service", "environment"), _socialpub_services())
def test_every_compose_service_loads_its_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: str, environment: dict[str, str]
) -> None:
    """Each service's environment from docker-compose.yml, with its secrets at stand-in paths
    (/run/secrets/<name> becomes a file here holding a value of the right kind)."""
    secrets = _compose()["secrets"]
    config = tmp_path / "socialpub.toml"
    config.write_text((REPO / "config" / "socialpub.example.toml").read_text("utf-8"))
    for key, value in environment.items():
        match = re.fullmatch(r"/run/secrets/(\w+)", value)
        if match:
            assert match.group(1) in secrets, f"{service}: {key} names an undeclared secret"
            stand_in = tmp_path / match.group(1)
            stand_in.write_text(_stand_in_secret(key))
            value = str(stand_in)
        elif key == "SOCIALPUB_CONFIG":
            value = str(config)
        monkeypatch.setenv(key, value)
    settings = load_settings()
    for key, value in environment.items():
        field = key.removeprefix("SOCIALPUB_").lower()
        if field in type(settings).model_fields and not value.startswith("/run/secrets/"):
            assert str(getattr(settings, field)) == value, key


def _stand_in_secret(variable: str) -> str:
    if variable == "SOCIALPUB_SECRET_KEY_FILE":
        return Fernet.generate_key().decode()
    if variable == "SOCIALPUB_DATABASE_URL_FILE":
        return "postgresql://socialpub_app:pw@postgres:5432/socialpub"
    return "stand-in"


def test_the_compose_file_runs_the_service_as_a_role_that_does_not_own_the_schema() -> None:
    services = dict(_socialpub_services())
    init = (REPO / "config" / "postgres-init" / "10-app-role.sql").read_text("utf-8")
    app_role = services["migrate"]["SOCIALPUB_DATABASE_APP_ROLE"]
    assert f"CREATE ROLE {app_role} LOGIN;" in init
    owner = _compose()["services"]["postgres"]["environment"]["POSTGRES_USER"]
    assert services["migrate"]["SOCIALPUB_DATABASE_URL"].startswith(f"postgresql://{owner}@")
    for name, environment in services.items():
        if name != "migrate":
            assert environment["SOCIALPUB_DATABASE_URL"].startswith(f"postgresql://{app_role}@")
