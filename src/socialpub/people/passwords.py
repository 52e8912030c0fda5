"""Password hashing with argon2id (argon2-cffi's defaults, the RFC 9106 low-memory profile)."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()
MIN_LENGTH = 10
MAX_LENGTH = 1024  # argon2 takes any length; a bound keeps a megabyte "password" from costing time


@cache
def _dummy() -> str:
    """A hash of nothing anyone can type, verified against when the e-mail is unknown, so an
    unknown address costs as long as a wrong password and the timing does not say which
    addresses exist. Made on first use: every command that imports this module would pay
    for it otherwise."""
    return _HASHER.hash(secrets.token_urlsafe(32))


class PasswordError(ValueError):
    pass


def check_new(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordError(f"a password has at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    check_new(password)
    return _HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(stored_hash or _dummy(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def generate() -> str:
    """A one-time password for a new person, shown once."""
    return secrets.token_urlsafe(15)
