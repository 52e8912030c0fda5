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

Every error leaving these four methods has the account's secret values and anything that looks
like a credential redacted from its message (``__init_subclass__`` wraps them), so a platform that
echoes our request back cannot put a token into ``last_error``, the audit log or a log line.

Each adapter class declares ``quota`` (its documented publishing limit, or None for "none") and
``secret_patterns`` (regexes of secrets its platform puts in URLs); HTTP adapters build on
``http.HttpAdapter``, which supplies the request/answer plumbing.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, ClassVar, Protocol, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from socialpub.compose.limits import PlatformLimits
from socialpub.platforms import redact
from socialpub.platforms.errors import PermanentError, PlatformError

F = TypeVar("F", bound=Callable[..., Any])
_UNSET: Any = object()


@dataclass(frozen=True)
class Quota:
    """A publishing limit: at most ``requests`` per ``per_seconds`` (a sliding window)."""

    requests: int
    per_seconds: float


@dataclass(frozen=True)
class MediaItem:
    data: bytes
    mime_type: str
    alt_text: str = ""
    filename: str = "image"


@dataclass(frozen=True)
class PostMetrics:
    """The public counts a platform shows for one post; None where it offers no such count."""

    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    quotes: int | None = None
    impressions: int | None = None


@dataclass(frozen=True)
class LinkCard:
    """The preview of a link: built by ``linkcard.fetch_card`` from the page's Open Graph data."""

    url: str
    title: str
    description: str = ""
    image_url: str | None = None
    thumbnail: MediaItem | None = None  # fetched, stripped and fitted; None when unavailable


@dataclass(frozen=True)
class PublishRequest:
    text: str
    idempotency_key: str
    media: tuple[MediaItem, ...] = ()
    reply_to: str | None = None  # remote id of the post this one answers (threads)
    link: str | None = None
    language: str | None = None  # ISO 639-1 code ("en", "de"), sent where a platform takes it
    content_warning: str | None = None  # text shown instead of the post until a reader opens it
    sensitive: bool = False  # the media must be blurred (Mastodon sensitive, Bluesky self-label)
    card: LinkCard | None = None  # given to adapters with ``builds_link_cards``, first part only


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

    # Shared by every adapter that talks to a platform; a platform may change the defaults.
    timeout_seconds: float = 15.0
    lookup_depth: int = 25  # how many recent posts ``lookup`` reads to find ours
    read_metrics: bool = True  # read public counts of published posts (where offered)
    # utm_* parameters for this account's links (platforms/campaign.py), e.g.
    # {source = "mastodon", medium = "social", campaign = "{campaign}"}
    utm: dict[str, str] | None = None


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
    # The platform's documented publishing limit for one account, kept by the rate limiter; a
    # concrete adapter must say (None: the platform has none), so none is silently unlimited.
    quota: ClassVar[Quota | None] = _UNSET
    # Regexes of secrets this platform carries in URLs (group 1, if any, is kept): redacted from
    # every log line of the process as soon as the adapter class is loaded.
    secret_patterns: ClassVar[tuple[str, ...]] = ()
    # Pixel limits of the platform's images (bytes: ``limits.max_image_bytes``). Before
    # ``publish`` runs, every image is re-encoded without metadata (EXIF, GPS) and scaled to fit.
    max_image_side: ClassVar[int | None] = None
    max_image_pixels: ClassVar[int | None] = None
    prepares_images: ClassVar[bool] = True  # False only where images never leave this machine
    # True when the adapter sends the link's preview itself (``PublishRequest.card``): the worker
    # fetches the card for it. Others leave the preview to the platform, which builds it from
    # the link in the text (Mastodon, Discord, Slack) or a parameter (Telegram, Threads).
    builds_link_cards: ClassVar[bool] = False
    # False where nobody sees a preview of the link (an outbox file, a webhook's program), so
    # ``preview`` shows no card for it.
    shows_link_cards: ClassVar[bool] = True
    # True where a reply to a post is a comment on it (Facebook and LinkedIn pages, which have no
    # threads): first comments go there too.
    takes_comments: ClassVar[bool] = False
    # The secrets this adapter reads (``<name>_env`` / ``<name>_file`` keys), so the settings
    # layer refuses a misspelt one at load time; None accepts any (third-party adapters).
    secret_names: ClassVar[frozenset[str] | None] = None
    # The secrets it cannot publish without: missing ones are a configuration error at load.
    required_secrets: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for pattern in cls.secret_patterns:
            redact.add_pattern(pattern)
        for name in ("publish", "lookup", "delete", "verify_credentials", "metrics"):
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, "_redacts", False):
                setattr(cls, name, _redacting(method, prepare=name == "publish"))
        if not inspect.isabstract(cls) and cls.quota is _UNSET:
            raise TypeError(f"{cls.__name__} must declare quota (a Quota, or None for no limit)")

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
        redact.remember(*account.secrets.values())

    def api_version_retires(self) -> tuple[str, date] | None:
        """(version, the date the platform retires it) for a versioned API; None otherwise."""
        return None

    def api_version_warning(self, today: date, *, days: int = 60) -> str | None:
        """A warning once the API version in use retires within ``days``; shown by
        ``accounts check``. None while it is safe (or the platform has no versions)."""
        retiring = self.api_version_retires()
        if retiring is None:
            return None
        version, when = retiring
        left = (when - today).days
        if left > days:
            return None
        if left < 0:
            return f"API version {version} was retired on {when}: set a newer one"
        return f"API version {version} retires on {when} (in {left} days): set a newer one"

    def prepare_media(self, request: PublishRequest) -> PublishRequest:
        """``request`` with its images stripped of metadata and fitted to this platform."""
        if not request.media or not self.prepares_images:
            return request
        from socialpub.platforms.images import ImageLimits, prepare

        limits = ImageLimits(
            self.limits.max_image_bytes or 5_000_000, self.max_image_side, self.max_image_pixels
        )
        return dataclasses.replace(request, media=tuple(prepare(m, limits) for m in request.media))

    def redact(self, text: str) -> str:
        """``text`` without this account's secrets or anything that looks like a credential."""
        return redact.redact(text, self.account.secrets.values())

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
    def takes_replies(self) -> bool:
        """Whether ``publish`` accepts ``reply_to`` (a reply or a comment): first comments go
        only to accounts whose platform does."""
        return self.limits.threads or self.takes_comments

    @property
    def can_look_up(self) -> bool:
        """Whether ``lookup`` can tell a post that was made from one that was not.

        An account that cannot is never sent several deliveries per worker message: after a
        crash, the claimed but unsent ones could not be told from the one in flight.
        """
        return True

    def metrics(self, remote_id: str) -> PostMetrics | None:
        """The post's public counts now; None when the platform offers none to us."""
        return None

    @abstractmethod
    def publish(self, request: PublishRequest) -> PublishResult: ...

    @abstractmethod
    def lookup(self, request: PublishRequest) -> PublishResult | None: ...

    @abstractmethod
    def delete(self, remote_id: str) -> None: ...

    @abstractmethod
    def verify_credentials(self) -> str: ...


def _redacting(method: F, *, prepare: bool = False) -> F:
    """Wrap an adapter method so that no error leaves it carrying a secret; with ``prepare``
    (``publish``), its images are stripped and fitted first, whichever adapter it is."""

    @functools.wraps(method)
    def wrapper(self: Adapter, *args: Any, **kwargs: Any) -> Any:
        try:
            if prepare and args and isinstance(args[0], PublishRequest):
                args = (self.prepare_media(args[0]), *args[1:])
            return method(self, *args, **kwargs)
        except PlatformError as exc:
            exc.replace_message(self.redact(exc.message))
            raise
        except Exception as exc:  # a bug or a library error: its text may quote a request
            if all(isinstance(a, str) for a in exc.args):
                exc.args = tuple(self.redact(a) for a in exc.args)
            raise

    wrapper._redacts = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
