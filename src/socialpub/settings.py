"""Typed settings: defaults < TOML config file < environment (prefix ``SOCIALPUB_``).

The config file is ``$SOCIALPUB_CONFIG`` or ``config/socialpub.toml`` when it exists. Secrets are
never written in it: in an ``[accounts.<name>]`` table a key ``<secret>_env = "VAR"`` names the
environment variable that holds the secret, and ``<secret>_file = "/run/secrets/x"`` a file (for
container secrets). Both are resolved here; adapters only ever see ``secrets["<secret>"]``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from socialpub.compose.limits import HashtagPlacement

DEFAULT_CONFIG = Path("config/socialpub.toml")


class ConfigError(ValueError):
    """A configuration problem, with the file, the key and what is wrong in its message."""


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {value!r} (use an IANA name like Europe/Paris)"
        ) from exc
    return value


class AccountSettings(BaseModel):
    """The keys socialpub itself reads from an account table; the rest go to the adapter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: str
    display_name: str | None = None
    timezone: str | None = None
    enabled: bool = True
    hashtag_count: int | None = Field(default=None, ge=0, le=30)
    hashtags_always: tuple[str, ...] = ()
    hashtags_blocked: tuple[str, ...] = ()
    hashtag_placement: HashtagPlacement = HashtagPlacement.APPENDED
    threads: bool = True
    rate_limit_per_hour: int | None = Field(default=None, ge=1)
    slots: tuple[str, ...] = ()  # e.g. "mon-fri 09:30", "sat 11:00"
    windows: tuple[str, ...] = ()  # e.g. "mon-fri 08:00-18:00"

    _check_tz = field_validator("timezone")(lambda v: None if v is None else _check_zone(v))


@dataclass(frozen=True)
class Account:
    name: str
    settings: AccountSettings
    options: Mapping[str, Any] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)
    missing_secrets: tuple[str, ...] = ()

    @property
    def platform(self) -> str:
        return self.settings.platform


def _config_path() -> Path | None:
    explicit = os.environ.get("SOCIALPUB_CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: SOCIALPUB_CONFIG names a file that does not exist")
        return path
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


class _TomlSource(PydanticBaseSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings], data: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._data = data

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self._data.items() if k in self.settings_cls.model_fields}


_FILE_DATA: dict[str, Any] = {}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOCIALPUB_", extra="forbid")

    database_url: str = "sqlite:///var/socialpub.db"
    redis_url: str = "redis://localhost:6379/0"
    redis_prefix: str = "socialpub"
    timezone: str = "UTC"
    secret_key: str | None = None  # encrypts stored tokens; SOCIALPUB_SECRET_KEY(_FILE)
    celery_queue: str = "socialpub"
    dispatch_interval_seconds: float = Field(default=1.0, gt=0)
    dispatch_batch: int = Field(default=200, ge=1)
    publish_batch: int = Field(default=20, ge=1)  # most deliveries of one account per message
    publish_batch_seconds: float = Field(default=1.0, gt=0)  # then the rest goes back unsent
    reconcile_interval_seconds: float = Field(default=15.0, gt=0)
    lease_seconds: float = Field(default=120.0, gt=0)
    queued_timeout_seconds: float = Field(default=60.0, gt=0)
    max_attempts: int = Field(default=8, ge=1)
    max_age_hours: float = Field(default=24.0, gt=0)
    backoff_base_seconds: float = Field(default=5.0, gt=0)
    backoff_cap_seconds: float = Field(default=3600.0, gt=0)
    http_timeout_seconds: float = Field(default=15.0, gt=0)
    overdue_alert_seconds: float = Field(default=300.0, gt=0)
    alert_webhook_url: str | None = None
    heartbeat_file: str | None = None  # touched by every dispatcher tick (container health)
    api_host: str = "127.0.0.1"
    require_approval: bool = False  # posts by staff wait as drafts for an approver
    four_eyes: bool = False  # nobody approves their own post
    max_accounts_per_post: int = Field(default=25, ge=1, le=1000)
    api_port: int = 8000
    allow_hosts: tuple[str, ...] = ()  # hosts URL fetching may reach despite being private
    feed_poll_seconds: float = Field(default=600.0, gt=0)
    feed_default_state: str = "scheduled"
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024)  # URL and feed fetching
    fetch_timeout_seconds: float = Field(default=15.0, gt=0)
    abstractive_url: str | None = None  # OpenAI-compatible base URL, e.g. http://localhost:11434/v1
    abstractive_model: str = "llama3.1"
    abstractive_api_key: str | None = None  # SOCIALPUB_ABSTRACTIVE_API_KEY(_FILE) if one is needed
    abstractive_timeout_seconds: float = Field(default=30.0, gt=0)
    accounts: dict[str, dict[str, Any]] = Field(
        default_factory=lambda: {"outbox": {"platform": "outbox", "path": "var/outbox.jsonl"}}
    )

    _check_tz = field_validator("timezone")(_check_zone)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls, _FILE_DATA))

    def account(self, name: str) -> Account:
        accounts = self.parsed_accounts()
        if name not in accounts:
            known = ", ".join(sorted(accounts)) or "none"
            raise ConfigError(f"no account named {name!r} is configured (configured: {known})")
        return accounts[name]

    def parsed_accounts(self) -> dict[str, Account]:
        return {name: _parse_account(name, table) for name, table in self.accounts.items()}


def _secret_from(key: str, value: str) -> str | None:
    if key.endswith("_file"):
        path = Path(value)
        return path.read_text("utf-8").strip() if path.is_file() else None
    return os.environ.get(value) or None


def _parse_account(name: str, table: Mapping[str, Any]) -> Account:
    own_keys = set(AccountSettings.model_fields)
    own = {k: v for k, v in table.items() if k in own_keys}
    options: dict[str, Any] = {}
    secrets: dict[str, str] = {}
    missing: list[str] = []
    for key, value in table.items():
        if key in own_keys:
            continue
        if key.endswith(("_env", "_file")) and isinstance(value, str):
            secret_name = key.rsplit("_", 1)[0]
            resolved = _secret_from(key, value)
            if resolved is None:
                missing.append(f"{secret_name} (from {key} = {value!r})")
            else:
                secrets[secret_name] = resolved
        else:
            options[key] = value
    try:
        settings = AccountSettings.model_validate(own)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, prefix=f"accounts.{name}")) from exc
    return Account(name, settings, options, secrets, tuple(missing))


def _describe(exc: ValidationError, *, prefix: str = "") -> str:
    parts = []
    for error in exc.errors():
        key = ".".join(str(p) for p in (prefix, *error["loc"]) if p != "")
        parts.append(f"{key or '(top level)'}: {error['msg']}")
    return "; ".join(parts)


def _env_file_secrets() -> dict[str, str]:
    """``SOCIALPUB_<NAME>_FILE`` reads ``SOCIALPUB_<NAME>`` from a file (container secrets)."""
    found = {}
    for key, path in os.environ.items():
        if key.startswith("SOCIALPUB_") and key.endswith("_FILE") and key != "SOCIALPUB_CONFIG":
            target = key.removesuffix("_FILE")
            if target not in os.environ:
                try:
                    found[target] = Path(path).read_text("utf-8").strip()
                except OSError as exc:
                    raise ConfigError(f"{key}={path}: cannot read: {exc}") from exc
    return found


def load_settings(**overrides: Any) -> Settings:
    """Read the config file and environment; raise ConfigError naming the file and key."""
    path = _config_path()
    data = _read_toml(path) if path else {}
    where = str(path) if path else "settings"
    unknown = sorted(set(data) - set(Settings.model_fields))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    _FILE_DATA.clear()
    _FILE_DATA.update(data)
    previous = {k: os.environ.get(k) for k in _env_file_secrets()}
    try:
        os.environ.update(_env_file_secrets())
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_describe(exc)}") from exc
    finally:
        _FILE_DATA.clear()  # a Settings(...) built directly later must not see this file
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
    try:
        accounts = settings.parsed_accounts()
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    for account in accounts.values():
        problem = _adapter_problem(account)
        if problem:
            raise ConfigError(f"{where}: accounts.{account.name}: {problem}")
    return settings


def _adapter_problem(account: Account) -> str | None:
    """What is wrong with an account's platform keys, checked by its adapter's own model."""
    from socialpub.platforms.errors import PlatformError
    from socialpub.platforms.registry import UnknownPlatform, adapter_class

    try:
        adapter_class(account.platform).parse_options(account.options)
    except UnknownPlatform as exc:
        return f"platform: {exc}"
    except PlatformError as exc:
        return exc.message
    except ImportError as exc:
        return f"platform {account.platform!r} cannot be loaded: {exc}"
    return None


@cache
def get_settings() -> Settings:
    return load_settings()
