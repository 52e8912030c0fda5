"""Typed publish errors. The error carries the retry decision; the worker only reads it.

PlatformError
 ├── TransientError(retry_after)   try again later: timeouts before sending, 5xx, throttling
 │    └── RateLimited               the platform said 429 / its own throttling code
 ├── PermanentError                 never retry: validation, duplicate, permission
 │    └── AuthError                 credentials expired or revoked: pause the account
 └── UnknownOutcome                 the request may have been applied; look it up, never resend
"""

from __future__ import annotations


class PlatformError(Exception):
    """Base of every error an adapter raises. ``status`` is the HTTP status when there was one."""

    permanent: bool = False

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class TransientError(PlatformError):
    """Nothing was applied; the same request may succeed later, not sooner than ``retry_after``."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class RateLimited(TransientError):
    """The platform throttled us; ``retry_after`` comes from its own headers or body."""


class PermanentError(PlatformError):
    """Retrying the same request can never succeed."""

    permanent = True


class AuthError(PermanentError):
    """The account's credentials are missing, expired or revoked: a human must act."""


class UnknownOutcome(PlatformError):
    """The request may have reached the platform and been applied (e.g. a timeout after sending)."""
