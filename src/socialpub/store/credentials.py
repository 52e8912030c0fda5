"""Tokens adapters obtained themselves (refreshed OAuth tokens, sessions), encrypted at rest.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from
``settings.secret_key`` with HKDF, so the database alone never reveals a token. Without a secret
key nothing is stored: ``put`` refuses with ``CredentialKeyMissing``. A value that no longer
decrypts (the secret key was changed) reads as absent, so the adapter falls back to the tokens
configured for the account instead of failing on every call.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from socialpub.platforms.errors import AuthError
from socialpub.store.db import SessionFactory
from socialpub.store.models import StoredCredential, utcnow


class CredentialKeyMissing(AuthError):
    """No secret key is configured, so an obtained token cannot be kept safely."""


def fernet_for(secret_key: str) -> Fernet:
    """The Fernet cipher for ``secret_key`` (any string; HKDF stretches it to a 32-byte key)."""
    raw = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"socialpub-credentials",
        info=b"stored-credentials-v1",
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(raw))


class DatabaseCredentialStore:
    """The ``CredentialStore`` of a deployment: one row per (account, key), encrypted."""

    def __init__(self, session_factory: SessionFactory, secret_key: str | None) -> None:
        self._sessions = session_factory
        self._fernet = fernet_for(secret_key) if secret_key else None

    def __repr__(self) -> str:
        return f"DatabaseCredentialStore(encrypting={self._fernet is not None})"

    def get(self, account: str, key: str) -> str | None:
        if self._fernet is None:
            return None
        with self._sessions() as session:
            row = session.get(StoredCredential, (account, key))
            ciphertext = row.ciphertext if row else None
        if ciphertext is None:
            return None
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            return None

    def put(self, account: str, key: str, value: str) -> None:
        if self._fernet is None:
            raise CredentialKeyMissing(
                f"account {account!r}: a refreshed token cannot be stored because "
                "SOCIALPUB_SECRET_KEY is not set; set it so tokens are kept encrypted"
            )
        ciphertext = self._fernet.encrypt(value.encode()).decode()
        try:
            self._upsert(account, key, ciphertext)
        except IntegrityError:  # another process inserted the row first: update it instead
            self._upsert(account, key, ciphertext)

    def _upsert(self, account: str, key: str, ciphertext: str) -> None:
        with self._sessions.begin() as session:
            row = session.get(StoredCredential, (account, key))
            if row is None:
                session.add(
                    StoredCredential(
                        account=account, key=key, ciphertext=ciphertext, updated_at=utcnow()
                    )
                )
            else:
                row.ciphertext = ciphertext
                row.updated_at = utcnow()

    def forget(self, account: str) -> int:
        """Drop everything stored for ``account`` (e.g. when it is resumed with new secrets).

        The adapter then starts again from the configured tokens, which also lifts a block left
        by a refused refresh. Returns how many values were dropped.
        """
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(StoredCredential).where(StoredCredential.account == account)
            ).all()
            for row in rows:
                session.delete(row)
            return len(rows)
