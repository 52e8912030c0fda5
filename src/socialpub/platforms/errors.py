"""Typed publish errors. The error carries the decision; the worker and ``accounts check`` only
read ``error.handling`` (and ``retry_after``), never the class.

PlatformError                       handling        what the worker does
 ├── TransientError(retry_after)    RETRY           try again later (not before retry_after):
 │    └── RateLimited               RETRY             timeouts before sending, 5xx, throttling;
 │                                                    retry_after holds the whole account back
 ├── PermanentError                 FAIL            never retry: validation, permission
 │    ├── DuplicatePost(existing)   FAIL            the platform already has this post; the
 │    │                                               adapter looks it up before giving up
 │    └── AuthError                 PAUSE_ACCOUNT   credentials expired or revoked: pause the
 │                                                    account until a human acts
 └── UnknownOutcome                 LOOK_UP         may have been applied: look it up, never resend

``permanent`` is True for FAIL and PAUSE_ACCOUNT. Messages never hold secrets: every error that
leaves an adapter is redacted with the account's secret values (see ``base.Adapter``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class Handling(StrEnum):
    RETRY = "retry"
    FAIL = "fail"
    PAUSE_ACCOUNT = "pause_account"
    LOOK_UP = "look_up"


class PlatformError(Exception):
    """Base of every error an adapter raises. ``status`` is the HTTP status when there was one."""

    handling: ClassVar[Handling] = Handling.FAIL

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after

    @property
    def permanent(self) -> bool:
        """True when sending the same request again can never succeed."""
        return self.handling in (Handling.FAIL, Handling.PAUSE_ACCOUNT)

    def replace_message(self, message: str) -> None:
        """Rewrite the message in place (used to redact secrets); the type is kept."""
        self.message = message
        self.args = (message,)


class TransientError(PlatformError):
    """Nothing was applied; the same request may succeed later, not sooner than ``retry_after``."""

    handling = Handling.RETRY


class RateLimited(TransientError):
    """The platform throttled us; ``retry_after`` comes from its own headers or body."""


class PermanentError(PlatformError):
    """Retrying the same request can never succeed."""

    handling = Handling.FAIL


class DuplicatePost(PermanentError):
    """The platform refused the post as a duplicate of one the account already has.

    ``existing`` is the remote id of that post when the platform names it (LinkedIn does); the
    adapter checks that it is really ours, or looks it up, before letting this error out.
    """

    def __init__(
        self, message: str, *, status: int | None = None, existing: str | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.existing = existing


class AuthError(PermanentError):
    """The account's credentials are missing, expired or revoked: a human must act."""

    handling = Handling.PAUSE_ACCOUNT


class UnknownOutcome(PlatformError):
    """The request may have reached the platform and been applied (e.g. a timeout after sending)."""

    handling = Handling.LOOK_UP
