"""Typed settings: defaults < TOML config file < environment (prefix ``SOCIALPUB_``).

The config file is ``$SOCIALPUB_CONFIG`` or ``config/socialpub.toml`` when it exists. Secrets are
never written in it: in an ``[accounts.<name>]`` table a key ``<secret>_env = "VAR"`` names the
environment variable that holds the secret, and ``<secret>_file = "/run/secrets/x"`` a file (for
container secrets). Both are resolved here; adapters only ever see ``secrets["<secret>"]``. Each
adapter declares the secrets it reads, so a misspelt ``tokn_env`` or a secret that resolves to
nothing is a configuration error at load time, not an unsigned or failing publish later.

Service-wide secrets come from ``SOCIALPUB_<NAME>`` or, for the settings in ``FILE_SETTINGS``
only, from the file named by ``SOCIALPUB_<NAME>_FILE``. Restricting the ``_FILE`` spelling to
those settings keeps it from colliding with settings whose own name ends in ``_file``
(``SOCIALPUB_HEARTBEAT_FILE`` is the heartbeat path, not "heartbeat is in this file").
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from socialpub.compose.limits import HashtagPlacement

DEFAULT_CONFIG = Path("config/socialpub.toml")
log = logging.getLogger(__name__)

# Settings that may be read from a file named by SOCIALPUB_<NAME>_FILE (container secrets). No
# setting's own name may be one of these plus "_file" (checked below, after Settings).
FILE_SETTINGS = frozenset(
    {
        "secret_key",
        "abstractive_api_key",
        "oidc_client_secret",
        "database_url",
        "redis_url",
        "alert_webhook_url",
    }
)
# Settings that are secrets themselves: the config file is the wrong place for them.
SECRET_SETTINGS = frozenset({"secret_key", "abstractive_api_key", "oidc_client_secret"})


class ConfigError(ValueError):
    """A configuration problem, with the file, the key and what is wrong in its message."""


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(
            f"unknown time zone {value[:80]!r} (use an IANA name like Europe/Paris)"
        ) from exc
    return value


def _check_tag_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Blocked tags: a tag, a prefix ending in *, or /a regular expression/ that compiles."""
    import re

    for pattern in patterns:
        body = pattern.strip()
        if len(body) > 2 and body.startswith("/") and body.endswith("/"):
            try:
                re.compile(body[1:-1])
            except re.error as exc:
                raise ValueError(f"blocked tag pattern {pattern!r}: {exc}") from exc
    return patterns


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
    hashtag_people: bool = False  # personal names may become tags
    hashtag_topics: bool = True  # topic tags from the curated vocabulary (English needs numpy)
    organisation: str | None = None  # the publisher's name for its tag; else the organisation's
    threads: bool = True
    # post the whole planned summary as a thread instead of its best sentences in one post
    thread_full_text: bool = False
    rate_limit_per_hour: int | None = Field(default=None, ge=1)
    slots: tuple[str, ...] = ()  # e.g. "mon-fri 09:30", "sat 11:00"
    windows: tuple[str, ...] = ()  # e.g. "mon-fri 08:00-18:00"

    _check_tz = field_validator("timezone")(lambda v: None if v is None else _check_zone(v))
    _check_blocked = field_validator("hashtags_blocked")(_check_tag_patterns)

    @field_validator("slots")
    @classmethod
    def _check_slots(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from socialpub.delivery.slots import validate

        validate(value, ())
        return value

    @field_validator("windows")
    @classmethod
    def _check_windows(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from socialpub.delivery.slots import validate

        validate((), value)
        return value


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
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _check_fernet_key(value: SecretStr | None) -> SecretStr | None:
    """A real Fernet key (``Fernet.generate_key()``: 32 random bytes, URL-safe base64), so a
    guessable word can never be the key that protects stored tokens."""
    if value is None:
        return None
    raw = value.get_secret_value().strip()
    try:
        decoded = base64.urlsafe_b64decode(raw.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        decoded = b""
    if len(raw) != 44 or len(decoded) != 32:
        raise ValueError(
            "is not a Fernet key (44 characters of URL-safe base64); make one with: python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
        )
    return SecretStr(raw)


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
    # PostgreSQL: the role the service runs as, granted its rights by `socialpub db upgrade` run as
    # the schema's owner (docs/security.md). Unset: one role does everything.
    database_app_role: str | None = Field(default=None, pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    redis_url: str = "redis://localhost:6379/0"
    redis_prefix: str = "socialpub"
    timezone: str = "UTC"
    # encrypts stored tokens; SOCIALPUB_SECRET_KEY(_FILE); a Fernet key, never shown in repr
    secret_key: SecretStr | None = None
    celery_queue: str = "socialpub"
    dispatch_interval_seconds: float = Field(default=1.0, gt=0)
    dispatch_batch: int = Field(default=200, ge=1)
    publish_batch: int = Field(default=20, ge=1)  # most deliveries of one account per message
    publish_batch_seconds: float = Field(default=1.0, gt=0)  # then the rest goes back unsent
    # crash recovery takes at most lease_seconds plus this
    reconcile_interval_seconds: float = Field(default=5.0, gt=0)
    # renewed every third of it while a worker holds a delivery, so a crash is noticed this soon
    lease_seconds: float = Field(default=30.0, gt=0)
    # a lost answer is looked up again, with backoff, this long before it is called unknown
    lookup_window_seconds: float = Field(default=300.0, ge=0)
    queued_timeout_seconds: float = Field(default=60.0, gt=0)
    max_attempts: int = Field(default=8, ge=1)
    max_age_hours: float = Field(default=24.0, gt=0)
    backoff_base_seconds: float = Field(default=5.0, gt=0)
    backoff_cap_seconds: float = Field(default=3600.0, gt=0)
    http_timeout_seconds: float = Field(default=15.0, gt=0)
    overdue_alert_seconds: float = Field(default=300.0, gt=0)
    alert_webhook_url: str | None = None
    heartbeat_file: str | None = None  # touched by every dispatcher tick (container health)
    # Prometheus exporter of a scheduler or worker process (the API serves /metrics itself)
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    log_format: Literal["text", "json"] = "text"  # json: one JSON object per line, every process
    api_host: str = "127.0.0.1"
    require_approval: bool = False  # posts by staff wait as drafts for an approver
    four_eyes: bool = False  # nobody approves their own post
    max_accounts_per_post: int = Field(default=25, ge=1, le=1000)
    api_port: int = 8000
    api_max_body_bytes: int = Field(default=16_000_000, ge=1024)  # larger bodies get a 413
    compose_budget_seconds: float = Field(default=10.0, gt=0)  # an API compose past it gets a 503
    allow_hosts: tuple[str, ...] = ()  # hosts URL fetching may reach despite being private
    feed_poll_seconds: float = Field(default=600.0, gt=0)
    # how often the scheduler creates the first comments of posts just published
    first_comment_interval_seconds: float = Field(default=5.0, gt=0)
    # how often it reads the public counts that are due (1 h, 1 d, 7 d after publishing), and
    # at most how many posts of one account it reads per run (gentle on the platform's limits)
    metrics_interval_seconds: float = Field(default=300.0, gt=0)
    metrics_per_account: int = Field(default=20, ge=1)
    feed_default_state: str = "scheduled"
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024)  # URL and feed fetching
    fetch_timeout_seconds: float = Field(default=15.0, gt=0)
    abstractive_url: str | None = None  # OpenAI-compatible base URL, e.g. http://localhost:11434/v1
    abstractive_model: str = "llama3.1"
    abstractive_api_key: SecretStr | None = None  # SOCIALPUB_ABSTRACTIVE_API_KEY(_FILE) if needed
    abstractive_timeout_seconds: float = Field(default=30.0, gt=0)
    # Single sign-on through OpenID Connect (docs/security.md, "Single sign-on"); off while
    # oidc_issuer is unset. Only people who exist (by verified e-mail) may sign in, unless
    # oidc_create_people is on: then new people from oidc_email_domains get a role from
    # oidc_role_claim/oidc_roles, else oidc_default_role.
    oidc_issuer: str | None = None  # e.g. https://login.example.org/realms/staff
    oidc_discovery_url: str | None = None  # default: <issuer>/.well-known/openid-configuration
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None  # SOCIALPUB_OIDC_CLIENT_SECRET(_FILE)
    # what the provider sends the browser back to; default: this request's /login/sso/callback
    oidc_redirect_url: str | None = None
    oidc_name: str = Field(default="single sign-on", min_length=1, max_length=60)
    oidc_email_domains: tuple[str, ...] = ()  # only these e-mail domains may sign in; () = any
    oidc_create_people: bool = False
    oidc_default_role: Literal["staff", "approver"] = "staff"  # never admin by default
    oidc_role_claim: str | None = None  # e.g. "groups": a claim holding names of groups
    oidc_roles: dict[str, Literal["staff", "approver", "admin"]] = Field(default_factory=dict)
    oidc_require_verified_email: bool = True  # refuse an ID token whose email_verified is not true
    organisation_name: str | None = None  # the publisher: its tag leads every post's tags
    # house style: preferred tag -> its synonyms, e.g. {"NHS" = ["NationalHealthService"]}
    hashtags_preferred: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = Field(
        default_factory=lambda: {"outbox": {"platform": "outbox", "path": "var/outbox.jsonl"}}
    )

    _check_tz = field_validator("timezone")(_check_zone)
    _check_key = field_validator("secret_key")(_check_fernet_key)

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
        """This one account (another account's broken table does not stop it)."""
        if name not in self.accounts:
            known = ", ".join(sorted(self.accounts)) or "none"
            raise ConfigError(f"no account named {name!r} is configured (configured: {known})")
        return parse_account(name, self.accounts[name])

    def parsed_accounts(self) -> dict[str, Account]:
        return {name: parse_account(name, table) for name, table in self.accounts.items()}


def _secret_from(key: str, value: str) -> str | None:
    if key.endswith("_file"):
        path = Path(value)
        try:
            text = path.read_text("utf-8").strip() if path.is_file() else ""
        except (OSError, UnicodeDecodeError):
            text = ""
        return text or None
    return os.environ.get(value) or None


def parse_account(name: str, table: Mapping[str, Any]) -> Account:
    """One account table, secrets resolved; ConfigError naming the key when it cannot be read."""
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
    """``SOCIALPUB_<NAME>_FILE`` reads ``SOCIALPUB_<NAME>`` from a file, for ``FILE_SETTINGS``.

    Any other ``SOCIALPUB_*_FILE`` variable is either a setting of its own (``heartbeat_file``,
    read by the environment source as usual) or a mistake, refused with the settings that do
    take a file.
    """
    found = {}
    for key, path in os.environ.items():
        if not (key.startswith("SOCIALPUB_") and key.endswith("_FILE")):
            continue
        field_name = key.removeprefix("SOCIALPUB_").lower()
        if key == "SOCIALPUB_CONFIG" or field_name in Settings.model_fields:
            continue
        target_name = field_name.removesuffix("_file")
        if target_name not in FILE_SETTINGS:
            allowed = ", ".join(f"SOCIALPUB_{n.upper()}_FILE" for n in sorted(FILE_SETTINGS))
            raise ConfigError(f"{key}: no such setting; only these are read from files: {allowed}")
        target = key.removesuffix("_FILE")
        if target in os.environ:
            continue
        try:
            found[target] = Path(path).read_text("utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{key}={path}: cannot read: {exc}") from exc
    return found


def _warn_about_secrets_in(where: str, data: Mapping[str, Any]) -> None:
    """The config file is often world-readable and in version control: say so when it holds a
    secret, and where the secret belongs instead."""
    for name in sorted(SECRET_SETTINGS & set(data)):
        log.warning(
            "%s: %s is a secret: set SOCIALPUB_%s or SOCIALPUB_%s_FILE instead of the config file",
            where,
            name,
            name.upper(),
            name.upper(),
        )
    for name in ("database_url", "redis_url", "alert_webhook_url"):
        value = data.get(name)
        if isinstance(value, str) and _has_password(value):
            log.warning(
                "%s: %s holds a password: set SOCIALPUB_%s or SOCIALPUB_%s_FILE instead",
                where,
                name,
                name.upper(),
                name.upper(),
            )


def _has_password(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return False


def load_settings(**overrides: Any) -> Settings:
    """Read the config file and environment; raise ConfigError naming the file and key."""
    path = _config_path()
    data = _read_toml(path) if path else {}
    where = str(path) if path else "settings"
    unknown = sorted(set(data) - set(Settings.model_fields))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    _warn_about_secrets_in(where, data)
    _FILE_DATA.clear()
    _FILE_DATA.update(data)
    from_files = _env_file_secrets()
    try:
        os.environ.update(from_files)
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_describe(exc)}") from exc
    except SettingsError as exc:  # SOCIALPUB_ACCOUNTS that is not JSON, say
        cause = f": {exc.__cause__}" if exc.__cause__ else ""
        raise ConfigError(f"environment: {exc}{cause}") from exc
    finally:
        _FILE_DATA.clear()  # a Settings(...) built directly later must not see this file
        for key in from_files:
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
    """What is wrong with an account's platform keys and secrets, as its adapter declares them."""
    from socialpub.platforms.errors import PlatformError
    from socialpub.platforms.registry import UnknownPlatform, adapter_class

    try:
        adapter = adapter_class(account.platform)
        adapter.parse_options(account.options)
    except UnknownPlatform as exc:
        return f"platform: {exc}"
    except PlatformError as exc:
        return exc.message
    except ImportError as exc:
        return f"platform {account.platform!r} cannot be loaded: {exc}"
    return _secret_problem(account, adapter.secret_names, adapter.required_secrets)


def _secret_problem(
    account: Account, known: frozenset[str] | None, required: frozenset[str]
) -> str | None:
    named = set(account.secrets) | {m.split(" ", 1)[0] for m in account.missing_secrets}
    if known is not None:
        unknown = sorted(named - known)
        if unknown:
            choices = ", ".join(f"{n}_env/{n}_file" for n in sorted(known)) or "none"
            return (
                f"unknown secret key(s) {', '.join(unknown)} "
                f"for platform {account.platform!r} (it reads: {choices})"
            )
    if not account.settings.enabled:
        return None  # a disabled account publishes nothing, so its secrets may be absent
    if account.missing_secrets:
        return "secret not set: " + "; ".join(account.missing_secrets)
    absent = sorted(required - named)
    if absent:
        return "secret(s) not configured: " + ", ".join(f"{n}_env or {n}_file" for n in absent)
    return None


@cache
def get_settings() -> Settings:
    return load_settings()


_CLASHES = {f"{name}_file" for name in FILE_SETTINGS} & set(Settings.model_fields)
if _CLASHES:  # pragma: no cover - a programming error, caught by the first import
    raise RuntimeError(f"settings whose names collide with a secret file variable: {_CLASHES}")
