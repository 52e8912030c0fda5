"""API tokens: created with a role, shown once, stored only as a SHA-256, revocable."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.store.models import ApiToken, utcnow


class Role(StrEnum):
    STAFF = "staff"  # compose, preview, schedule, cancel
    APPROVER = "approver"  # staff, and approve drafts
    ADMIN = "admin"  # everything, and the audit log

    def allows(self, needed: Role) -> bool:
        order = [Role.STAFF, Role.APPROVER, Role.ADMIN]
        return order.index(self) >= order.index(needed)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, name: str, role: Role, *, actor: str) -> str:
    """Store a new token and return it; it cannot be shown again."""
    token = "sp_" + secrets.token_urlsafe(32)
    row = ApiToken(name=name, role=role.value, token_hash=_digest(token))
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        subject_type="api_token",
        subject_id=row.id,
        kind="token_created",
        details={"name": name, "role": role.value},
    )
    return token


def verify(session: Session, token: str) -> ApiToken | None:
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row


def revoke(session: Session, name: str, *, actor: str) -> bool:
    row = session.scalars(select(ApiToken).where(ApiToken.name == name)).first()
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    audit.record(
        session,
        actor=actor,
        subject_type="api_token",
        subject_id=row.id,
        kind="token_revoked",
        details={"name": name},
    )
    return True


def all_tokens(session: Session) -> Sequence[ApiToken]:
    return session.scalars(select(ApiToken).order_by(ApiToken.name)).all()
