"""What admins (web or CLI) do to people. Callers own the transaction; each change is audited."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.delivery.when import WhenError, zone
from socialpub.people.models import User, WebSession
from socialpub.people.passwords import generate, hash_password
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

_EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]{1,189}$")


class PeopleError(ValueError):
    """A request about a person that cannot be done, with a message for that person."""


@dataclass(frozen=True)
class NewUser:
    user: User
    password: str | None  # the generated one-time password, when none was given


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise PeopleError(f"{email[:80]!r} is not an e-mail address")
    return email


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 80 or any(ord(c) < 32 for c in name):
        raise PeopleError("a name has 1 to 80 printable characters")
    return name


def _check_zone(tz: str | None) -> str | None:
    if not tz:
        return None
    try:
        zone(tz)
    except WhenError as exc:
        raise PeopleError(str(exc)) from exc
    return tz


def by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def everyone(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.name, User.id)).all()


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def add(
    session: Session,
    *,
    name: str,
    email: str,
    role: Role,
    password: str | None = None,
    timezone: str | None = None,
    actor: str,
) -> NewUser:
    """Add a person. Without ``password`` a one-time one is generated and returned, once."""
    email = normalise_email(email)
    name = _check_name(name)
    if by_email(session, email) is not None:
        raise PeopleError(f"someone with the e-mail {email} exists already")
    generated = None if password else generate()
    user = User(
        name=name,
        email=email,
        role=Role(role).value,
        password_hash=hash_password(password or generated or ""),
        timezone=_check_zone(timezone),
        active=True,
        failed_signins=0,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        subject_type="user",
        subject_id=user.id,
        kind="user_added",
        details={"email": email, "role": user.role},
    )
    return NewUser(user, generated)


def _must_get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise PeopleError(f"no person {user_id}")
    return user


def _active_admins(session: Session) -> int:
    query = select(func.count()).where(User.role == Role.ADMIN.value, User.active.is_(True))
    return int(session.scalar(query.select_from(User)) or 0)


def change(
    session: Session,
    user_id: int,
    *,
    role: Role | None = None,
    active: bool | None = None,
    timezone: str | None = None,
    actor: str,
) -> User:
    """Change a role, (de)activate, or set a time zone. The last active admin stays an admin."""
    user = _must_get(session, user_id)
    details: dict[str, object] = {}
    losing_admin = (
        user.role == Role.ADMIN.value
        and user.active
        and ((role is not None and role != Role.ADMIN) or active is False)
    )
    if losing_admin and _active_admins(session) <= 1:
        raise PeopleError("the last active admin cannot be demoted or disabled")
    if role is not None and role.value != user.role:
        details["role"] = [user.role, role.value]
        user.role = role.value
    if active is not None and active != user.active:
        details["active"] = active
        user.active = active
        if not active:
            end_all_sessions(session, user)
    if timezone is not None:
        new_zone = _check_zone(timezone)
        if new_zone != user.timezone:
            details["timezone"] = new_zone
            user.timezone = new_zone
    if details:
        audit.record(
            session,
            actor=actor,
            subject_type="user",
            subject_id=user.id,
            kind="user_changed",
            details=details,
        )
    return user


def reset_password(
    session: Session, user_id: int, *, password: str | None = None, actor: str
) -> str | None:
    """Set a new password (or a generated one, returned once); every open session ends."""
    user = _must_get(session, user_id)
    generated = None if password else generate()
    user.password_hash = hash_password(password or generated or "")
    user.failed_signins = 0
    user.locked_until = None
    end_all_sessions(session, user)
    audit.record(
        session,
        actor=actor,
        subject_type="user",
        subject_id=user.id,
        kind="password_reset",
        details={},
    )
    return generated


def end_all_sessions(session: Session, user: User) -> None:
    now = utcnow()
    for web_session in session.scalars(
        select(WebSession).where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))
    ):
        web_session.ended_at = now


def ensure_first_admin(
    session: Session, *, email: str, name: str = "Admin", password: str | None = None
) -> NewUser | None:
    """On a new install (nobody yet), add the first admin; otherwise do nothing and say so."""
    if count(session) > 0:
        return None
    return add(
        session,
        name=name,
        email=email,
        role=Role.ADMIN,
        password=password,
        actor="system:first-admin",
    )
