"""Tokens that expire: refreshed before use and once on the platform's auth error.

A ``TokenKeeper`` starts from the tokens configured for the account (the "seed": secrets from the
environment) and keeps what it obtains later in the ``CredentialStore`` (encrypted at rest). When
a refresh is refused (revoked grant, wrong client), it records that in the store and raises
``AuthError`` at once on every later call, instead of hammering the token endpoint, until a human
configures a different seed token.

Token values never appear in messages, ``repr`` or logs: errors name the account and the step.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from socialpub.platforms.base import CredentialStore
from socialpub.platforms.errors import AuthError, PermanentError

T = TypeVar("T")
STORE_KEY = "oauth"


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str | None = None
    expires_at: float | None = None  # epoch seconds; None: unknown or never

    def __repr__(self) -> str:
        return f"TokenSet(expires_at={self.expires_at!r})"

    def expiring(self, now: float, margin: float) -> bool:
        return self.expires_at is not None and self.expires_at - margin <= now


Refresher = Callable[[TokenSet], TokenSet]


def _fingerprint(material: str) -> str:
    return hashlib.sha256(b"socialpub-seed:" + material.encode()).hexdigest()[:16]


class TokenKeeper:
    """Hands out a valid access token for one account; see the module docstring.

    ``seed`` is the configured token set (None when tokens are obtained with ``obtain``, e.g. a
    Bluesky session from an app password). ``credential`` is any other configured secret whose
    change should lift a block (the app password, the client secret).
    """

    def __init__(
        self,
        account: str,
        store: CredentialStore,
        seed: TokenSet | None,
        refresh: Refresher,
        *,
        obtain: Callable[[], TokenSet] | None = None,
        credential: str = "",
        margin: float = 300.0,
        clock: Callable[[], float] = time.time,
        settle_seconds: float = 1.0,
    ) -> None:
        self.account = account
        self.store = store
        self.seed = seed
        self._refresh = refresh
        self._obtain = obtain
        self._credential = credential
        self.margin = margin
        self.clock = clock
        self.settle_seconds = settle_seconds

    def __repr__(self) -> str:
        return f"TokenKeeper(account={self.account!r})"

    def _fingerprint(self) -> str:
        seed = self.seed.refresh_token or self.seed.access_token if self.seed else ""
        return _fingerprint(f"{seed}\n{self._credential}")

    def _load(self) -> tuple[TokenSet | None, str | None]:
        raw = self.store.get(self.account, STORE_KEY)
        if not raw:
            return None, None
        data = json.loads(raw)
        if data.get("seed") != self._fingerprint():
            return None, None  # a human configured new tokens: start from them
        if data.get("blocked"):
            return None, str(data["blocked"])
        tokens = TokenSet(data["access_token"], data.get("refresh_token"), data.get("expires_at"))
        return tokens, None

    def _save(self, tokens: TokenSet | None, blocked: str | None = None) -> None:
        data: dict[str, object] = {"seed": self._fingerprint()}
        if blocked:
            data["blocked"] = blocked
        elif tokens:
            data.update(
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                expires_at=tokens.expires_at,
            )
        self.store.put(self.account, STORE_KEY, json.dumps(data))

    def tokens(self) -> TokenSet:
        """Current tokens, refreshed first when they expire within ``margin`` seconds."""
        stored, blocked = self._load()
        if blocked:
            raise AuthError(f"account {self.account!r} needs attention: {blocked}")
        current = stored or self.seed
        if current is None:
            if self._obtain is None:
                raise AuthError(f"account {self.account!r}: no token is configured")
            current = self._guarded(self._obtain)
            self._save(current)
        if current.expiring(self.clock(), self.margin):
            current = self.refresh(current)
        return current

    def access_token(self) -> str:
        return self.tokens().access_token

    def refresh(self, current: TokenSet | None = None) -> TokenSet:
        """Get new tokens now and store them. A refused refresh blocks the account (AuthError)."""
        current = current or self.tokens()
        try:
            fresh = self._refresh(current)
        except PermanentError as exc:
            # Refresh tokens rotate: another worker may have used ours a moment ago and be about
            # to store its successor. Take that instead of declaring the grant dead.
            for wait in (0.0, self.settle_seconds):
                time.sleep(wait)
                stored, _ = self._load()
                if stored and stored.access_token != current.access_token:
                    return stored
            raise self._block(exc) from exc
        self._save(fresh)
        return fresh

    def _guarded(self, step: Callable[[], TokenSet]) -> TokenSet:
        try:
            return step()
        except PermanentError as exc:  # includes AuthError: the grant itself was refused
            raise self._block(exc) from exc

    def _block(self, exc: PermanentError) -> AuthError:
        """Record that the grant is dead so nobody retries it; return the error to raise."""
        reason = f"token refresh refused ({exc.message})"
        self._save(None, blocked=reason)
        return AuthError(f"account {self.account!r} needs attention: {reason}", status=exc.status)

    def call(self, action: Callable[[str], T]) -> T:
        """Run ``action(access_token)``; on an AuthError (other than 403) refresh once, run again.

        Safe for mutating requests: a platform that rejected our token did not apply the request.
        """
        current = self.tokens()
        try:
            return action(current.access_token)
        except AuthError as exc:
            if exc.status == 403:  # forbidden, not expired: a new token would not help
                raise
            fresh = self.refresh(current)
        return action(fresh.access_token)
