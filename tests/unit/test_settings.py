"""Settings: defaults < TOML file < environment; secrets by reference; loud, precise errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialpub.settings import ConfigError, load_settings

KEY = "8pZ1cXk9fV3h0gq3N2bq7W0m1oXxYQk5c2a7Yk3f0dA="  # a Fernet key: 32 bytes, URL-safe base64


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "socialpub.toml"
    path.write_text(text, "utf-8")
    return path


def test_defaults_give_a_working_outbox_install() -> None:
    settings = load_settings()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.redis_url == "redis://localhost:6379/0"
    assert settings.account("outbox").platform == "outbox"


def test_file_overrides_defaults_and_environment_overrides_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path, 'timezone = "Asia/Shanghai"\nmax_attempts = 3\n')
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    monkeypatch.setenv("SOCIALPUB_MAX_ATTEMPTS", "5")
    settings = load_settings()
    assert settings.timezone == "Asia/Shanghai"
    assert settings.max_attempts == 5


def test_the_default_config_path_is_read_when_present(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "socialpub.toml").write_text('timezone = "Europe/Paris"\n')
    assert load_settings().timezone == "Europe/Paris"


def test_secrets_come_from_the_environment_or_a_file_never_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "hook-secret").write_text("from-a-file\n")
    config = write(
        tmp_path,
        f"""
[accounts.hook]
platform = "webhook"
url = "https://example.org/hook"
secret_file = "{tmp_path / "hook-secret"}"

[accounts.other]
platform = "webhook"
url = "https://example.org/other"
secret_env = "OTHER_SECRET"
""",
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    monkeypatch.setenv("OTHER_SECRET", "from-the-env")
    accounts = load_settings().parsed_accounts()
    assert accounts["hook"].secrets == {"secret": "from-a-file"}
    assert accounts["other"].secrets == {"secret": "from-the-env"}
    assert "secret_env" not in accounts["other"].options


def test_a_missing_secret_is_a_configuration_error_at_load_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 5: a webhook whose secret variable is unset used to post unsigned."""
    config = write(
        tmp_path,
        '[accounts.m]\nplatform = "webhook"\nurl = "https://x.org"\n'
        'secret_env = "NOT_SET_ANYWHERE"\n',
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    with pytest.raises(ConfigError, match=r"accounts\.m: secret not set: secret \(from secret_env"):
        load_settings()
    monkeypatch.setenv("NOT_SET_ANYWHERE", "s3cret")
    assert load_settings().account("m").secrets == {"secret": "s3cret"}


@pytest.mark.parametrize(
    ("platform", "table"),
    [
        ("mastodon", 'base_url = "https://m.example"\n'),
        ("telegram", 'chat_id = "@x"\n'),
        ("discord", ""),
    ],
)
def test_every_adapter_refuses_to_load_without_its_required_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, table: str
) -> None:
    config = write(tmp_path, f'[accounts.a]\nplatform = "{platform}"\n{table}')
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    with pytest.raises(ConfigError, match=r"accounts\.a: secret\(s\) not configured"):
        load_settings()


def test_a_disabled_account_may_lack_its_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(
        tmp_path,
        '[accounts.a]\nplatform = "mastodon"\nenabled = false\nbase_url = "https://m.example"\n'
        'token_env = "UNSET_TOKEN"\n',
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    assert load_settings().account("a").missing_secrets


def test_a_misspelt_secret_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(
        tmp_path,
        '[accounts.a]\nplatform = "mastodon"\nbase_url = "https://m.example"\n'
        'token_env = "TOKEN"\ntokn_env = "TOKEN"\n',
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    monkeypatch.setenv("TOKEN", "t")
    with pytest.raises(ConfigError, match=r"unknown secret key\(s\) tokn .*token_env/token_file"):
        load_settings()


def test_settings_file_variant_reads_a_container_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "key").write_text(KEY + "\n")
    monkeypatch.setenv("SOCIALPUB_SECRET_KEY_FILE", str(tmp_path / "key"))
    secret = load_settings().secret_key
    assert secret is not None and secret.get_secret_value() == KEY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max_attempts = 0\n", "socialpub.toml: max_attempts: Input should be greater than"),
        ('timezone = "Mars/Olympus"\n', "timezone: Value error, unknown time zone 'Mars/Olympus'"),
        ('colour = "blue"\n', "socialpub.toml: unknown key(s) colour"),
        ("max_attempts = [\n", "socialpub.toml: not valid TOML"),
        (
            '[accounts.a]\nplatform = "carrier-pigeon"\n',
            "accounts.a: platform: unknown platform 'carrier-pigeon'",
        ),
        ('[accounts.a]\nplatform = "webhook"\n', "accounts.a: account options for 'webhook': url"),
        (
            '[accounts.a]\nplatform = "webhook"\nurl = "https://x"\nhashtag_count = "many"\n',
            "accounts.a.hashtag_count: Input should be a valid integer",
        ),
        (
            '[accounts.a]\nplatform = "outbox"\ntimezone = "Nowhere/Land"\n',
            "accounts.a.timezone: Value error, unknown time zone",
        ),
        (
            '[accounts.a]\nplatform = "outbox"\nwindows = ["mon-fri 08:00-25:00"]\n',
            "accounts.a.windows: Value error, 'mon-fri 08:00-25:00': '25:00' is not a time",
        ),
        (
            '[accounts.a]\nplatform = "outbox"\nslots = ["someday 09:30"]\n',
            "accounts.a.slots: Value error, 'someday 09:30': unknown day",
        ),
        (
            '[accounts.a]\nplatform = "webhook"\nurl = "gopher://example.org/1"\n',
            "accounts.a: account options for 'webhook': url: Value error, must be an http",
        ),
        (
            '[accounts.a]\nplatform = "webhook"\nurl = "https://example.org/"\n'
            'lookup_url = "file:///etc/passwd"\n',
            "lookup_url: Value error, must be an http",
        ),
        ('secret_key = "password"\n', "secret_key: Value error, is not a Fernet key"),
    ],
)
def test_a_bad_config_names_the_file_the_key_and_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(write(tmp_path, text)))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert expected in str(caught.value)
    assert str(tmp_path / "socialpub.toml") in str(caught.value)


def test_a_config_path_that_does_not_exist_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALPUB_CONFIG", "/nonexistent/socialpub.toml")
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings()
