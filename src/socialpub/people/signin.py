"""Signing in and out: password checks with a lock-out after repeated failures, and sessions
that live in the database so signing out (or an admin disabling someone) ends them at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.people import passwords
from socialpub.people.models import User, WebSession
from socialpub.people.service import by_email
from socialpub.store.models import utcnow

MAX_FAILURES = 5  # consecutive wrong passwords before the account is locked for a while
LOCK_FOR = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)


class SignInRefused(Exception):
    """Why a sign-in failed, worded so it does not say whether the e-mail exists."""


@dataclass(frozen=True)
class Started:
    cookie_value: str  # goes in the cookie; only its hash is stored
    web_session: WebSession


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def authenticate(
    session: Session, email: str, password: str, *, now: datetime | None = None
) -> User:
    """The user, or SignInRefused. Counts failures; locks after MAX_FAILURES for LOCK_FOR."""
    now = now or utcnow()
    user = by_email(session, email) if len(email) <= 254 else None
    if user is not None and user.locked_until is not None and user.locked_until > now:
        raise SignInRefused("too many failed sign-ins; try again in a few minutes")
    ok = passwords.verify(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        if user is not None and not ok:
            user.failed_signins += 1
            if user.failed_signins >= MAX_FAILURES:
                user.locked_until = now + LOCK_FOR
                user.failed_signins = 0
                audit.record(
                    session,
                    actor="system:signin",
                    subject_type="user",
                    subject_id=user.id,
                    kind="signin_locked",
                    details={"until": user.locked_until.isoformat()},
                )
        raise SignInRefused("that e-mail and password do not match an active account")
    user.failed_signins = 0
    user.locked_until = None
    return user


def start(
    session: Session,
    user: User,
    *,
    now: datetime | None = None,
    via: dict[str, str] | None = None,
) -> Started:
    """A new session for ``user``; ``via`` says how they proved who they are, when not by
    password (single sign-on: the provider and its subject), for the audit event."""
    now = now or utcnow()
    value = secrets.token_urlsafe(32)
    web_session = WebSession(
        token_hash=_digest(value),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(web_session)
    session.flush()
    audit.record(
        session,
        actor=user.actor,
        subject_type="user",
        subject_id=user.id,
        kind="signed_in",
        details={"session": web_session.id, **(via or {"via": "password"})},
    )
    return Started(value, web_session)


def resolve(
    session: Session, cookie_value: str, *, now: datetime | None = None
) -> WebSession | None:
    """The live session behind a cookie value, with its active user; None when it has ended."""
    if not cookie_value or len(cookie_value) > 200:
        return None
    now = now or utcnow()
    found = session.scalars(
        select(WebSession).where(WebSession.token_hash == _digest(cookie_value))
    ).first()
    if found is None or found.ended_at is not None or found.expires_at <= now:
        return None
    if not found.user.active:
        return None
    return found


def end(session: Session, cookie_value: str) -> bool:
    found = session.scalars(
        select(WebSession).where(WebSession.token_hash == _digest(cookie_value))
    ).first()
    if found is None or found.ended_at is not None:
        return False
    found.ended_at = utcnow()
    audit.record(
        session,
        actor=found.user.actor,
        subject_type="user",
        subject_id=found.user_id,
        kind="signed_out",
        details={"session": found.id},
    )
    return True
