"""Users and their web sessions. Passwords are argon2 hashes; session ids are stored hashed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialpub.store.models import Base, utcnow


class User(Base):
    """A person with a role. ``email`` is how they sign in; ``timezone`` is how pages show time."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # staff, approver, admin
    password_hash: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sessions: Mapped[list[WebSession]] = relationship(back_populates="user")

    @property
    def actor(self) -> str:
        """How the audit log names this person: who they are, not only an id."""
        return f"web:{self.name} <{self.email}>"[:120]


class WebSession(Base):
    """One signed-in browser. Only the SHA-256 of the cookie value is kept; ending it is final."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="sessions")
