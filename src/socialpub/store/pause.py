"""The "pause all publishing" switch: one row, read by workers at the moment they publish."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from socialpub.store.models import Base, utcnow

SWITCH_ID = 1  # there is one switch; the row is created the first time anyone pauses


class PublishingPause(Base):
    __tablename__ = "publishing_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(120), default="")
    since: Mapped[datetime] = mapped_column(default=utcnow)
