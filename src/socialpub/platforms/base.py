"""The adapter contract every platform module implements.

An adapter is built for one configured account and is handed its ``httpx.Client`` (so tests and
rate limiting share one transport) and a ``CredentialStore`` (where refreshed tokens are kept,
encrypted). It never reads the environment or the database itself.

Contract of each method:
- ``publish(request)`` posts ``request.text`` (and media) exactly as given. Returns a
  ``PublishResult`` on success; raises a ``PlatformError`` subclass otherwise (see ``errors``). It
  passes ``request.idempotency_key`` to the platform wherever the platform supports one.
- ``lookup(request)`` finds the post that ``publish(request)`` may have made; returns its
  ``PublishResult`` or ``None`` when it certainly does not exist. Raises ``UnknownOutcome`` when the
  platform offers no way to tell.
- ``delete(remote_id)`` removes a post we made; returns None.
- ``verify_credentials()`` returns a short description of who we post as; raises ``AuthError``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Protocol
from urllib.parse import urlsplit

import httpx
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from socialpub.compose.limits import PlatformLimits
from socialpub.platforms.errors import PermanentError


@dataclass(frozen=True)
class MediaItem:
    data: bytes
    mime_type: str
    alt_text: str = ""
    filename: str = "image"


@dataclass(frozen=True)
class PublishRequest:
    text: str
    idempotency_key: str
    media: tuple[MediaItem, ...] = ()
    reply_to: str | None = None  # remote id of the post this one answers (threads)
    link: str | None = None
    language: str | None = None  # ISO 639-1 code ("en", "de"), sent where a platform takes it


@dataclass(frozen=True)
class PublishResult:
    remote_id: str
    url: str | None = None
    status: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


class CredentialStore(Protocol):
    """Where an adapter keeps tokens it obtained itself (refreshed OAuth tokens, sessions)."""

    def get(self, account: str, key: str) -> str | None: ...

    def put(self, account: str, key: str, value: str) -> None: ...


class MemoryCredentialStore:
    """Keeps credentials in memory only; for one-off commands and tests."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], str] = {}

    def get(self, account: str, key: str) -> str | None:
        return self._values.get((account, key))

    def put(self, account: str, key: str, value: str) -> None:
        self._values[(account, key)] = value


def _web_url(value: str) -> str:
    """Only http(s) with a host: ``gopher://``, ``file://`` or a bare path never become a target."""
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a URL") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host")
    return value


WebUrl = Annotated[str, AfterValidator(_web_url)]  # an option that names an http(s) endpoint


class AdapterOptions(BaseModel):
    """The keys of an ``[accounts.<name>]`` table that an adapter reads. Subclass per platform.

    Secrets are never options: an option such as ``token_env`` names the variable holding it and
    the settings layer resolves it into ``secrets`` before the adapter is built.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class AccountContext:
    """Everything an adapter knows about the account it serves."""

    name: str
    platform: str
    options: Mapping[str, Any]
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)  # never in logs


class Adapter(ABC):
    kind: ClassVar[str]
    Options: ClassVar[type[AdapterOptions]] = AdapterOptions
    default_limits: ClassVar[PlatformLimits]
    # True when a renewed token replaces the configured one (X rotates refresh tokens, Threads
    # renews its long-lived token): without a persistent CredentialStore the account stops working.
    needs_stored_tokens: ClassVar[bool] = False
    # The secrets this adapter reads (``<name>_env`` / ``<name>_file`` keys), so the settings
    # layer refuses a misspelt one at load time; None accepts any (third-party adapters).
    secret_names: ClassVar[frozenset[str] | None] = None
    # The secrets it cannot publish without: missing ones are a configuration error at load.
    required_secrets: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        account: AccountContext,
        client: httpx.Client,
        credentials: CredentialStore | None = None,
    ) -> None:
        self.account = account
        self.client = client
        self.credentials: CredentialStore = credentials or MemoryCredentialStore()
        self.options = self.parse_options(account.options)

    @classmethod
    def parse_options(cls, raw: Mapping[str, Any]) -> Any:
        try:
            return cls.Options.model_validate(dict(raw))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or '(table)'}: {e['msg']}"
                for e in exc.errors()
            )
            raise PermanentError(f"account options for {cls.kind!r}: {problems}") from exc

    @property
    def limits(self) -> PlatformLimits:
        """The limits in force for this account; override where an instance sets its own."""
        return self.default_limits

    def secret(self, key: str) -> str:
        from socialpub.platforms.errors import AuthError

        value = self.account.secrets.get(key)
        if not value:
            raise AuthError(f"account {self.account.name!r}: secret {key!r} is not set")
        return value

    @property
    def can_look_up(self) -> bool:
        """Whether ``lookup`` can tell a post that was made from one that was not.

        An account that cannot is never sent several deliveries per worker message: after a
        crash, the claimed but unsent ones could not be told from the one in flight.
        """
        return True

    @abstractmethod
    def publish(self, request: PublishRequest) -> PublishResult: ...

    @abstractmethod
    def lookup(self, request: PublishRequest) -> PublishResult | None: ...

    @abstractmethod
    def delete(self, remote_id: str) -> None: ...

    @abstractmethod
    def verify_credentials(self) -> str: ...
