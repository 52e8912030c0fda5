"""SQLAlchemy 2 models. The database is the source of truth; Redis only carries work."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from socialpub.store.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(16))  # file, url, feed, text
    source_ref: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    author: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text)
    hashtags: Mapped[list[Any]] = mapped_column(default=list)
    link: Mapped[str | None] = mapped_column(Text)
    approval: Mapped[str] = mapped_column(String(16), default="approved")
    # ISO 639-1 code of the post's language (detected by compose or chosen); None when unknown
    language: Mapped[str | None] = mapped_column(String(16))
    # which engine wrote the summary: "extractive", "abstractive" or "person"
    summary_backend: Mapped[str] = mapped_column(String(16), default="extractive")
    # shown before the text where a platform hides it behind a warning (Mastodon spoiler_text)
    content_warning: Mapped[str | None] = mapped_column(Text)
    # the post's images must be blurred until a reader chooses to see them
    sensitive_media: Mapped[bool] = mapped_column(default=False)
    # posted as a reply to each published delivery of the post, after the delay (first comment)
    first_comment: Mapped[str | None] = mapped_column(Text)
    first_comment_delay_seconds: Mapped[int] = mapped_column(default=0)
    # embargo: no delivery of the post may be due before this, whatever reschedules or approves it
    not_before: Mapped[datetime | None] = mapped_column(default=None)
    # the last reviewer's comment when the post was rejected, for its author to act on
    review_comment: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship()
    deliveries: Mapped[list[Delivery]] = relationship(back_populates="post")
    media: Mapped[list[PostMedia]] = relationship(order_by="PostMedia.position")


class PostMedia(Base):
    """An image of a post, kept in the database so every worker on every host can send it."""

    __tablename__ = "post_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(64))
    alt_text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Delivery(Base):
    """One post on one account: exactly what will be sent, when, and what became of it."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_state_due", "state", "due_at"),
        Index("ix_deliveries_account_state", "account", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    account: Mapped[str] = mapped_column(String(120))
    platform: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    parts: Mapped[list[Any]] = mapped_column(default=list)  # thread parts; [text] when single
    part_ids: Mapped[list[Any]] = mapped_column(default=list)  # remote ids of parts sent so far
    state: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    scheduled_at: Mapped[datetime]
    scheduled_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    queued_at: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    remote_id: Mapped[str | None] = mapped_column(Text)
    remote_url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    # when ``socialpub retract`` deleted it from its platform; it stays ``published`` in history
    retracted_at: Mapped[datetime | None]
    # a first comment: the delivery it answers (one comment per parent: unique), and the
    # parent's remote id, which the first part is sent in reply to
    parent_id: Mapped[int | None] = mapped_column(unique=True)
    reply_to: Mapped[str | None] = mapped_column(Text)
    # the link this delivery sends when it is not the post's: the post's link with the account's
    # campaign (utm_*) parameters; None means the post's link (a first comment sends none)
    link: Mapped[str | None] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(Text)
    error_class: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    post: Mapped[Post] = relationship(back_populates="deliveries")
    # its public counts, oldest reading first (history loads them with ``selectinload``)
    readings: Mapped[list[DeliveryMetrics]] = relationship(
        order_by="DeliveryMetrics.read_at", viewonly=True
    )

    @property
    def latest_metrics(self) -> dict[str, Any] | None:
        """The latest reading of its public counts, as history shows them; None before any."""
        if not self.readings:
            return None
        last = self.readings[-1]
        return {
            "reading": last.reading,
            "read_at": last.read_at.isoformat(),
            **{c: getattr(last, c) for c in METRIC_COUNTS},
        }

    @property
    def sent_link(self) -> str | None:
        """The link this delivery sends: its own, else its post's; a first comment's is in its
        text, and it must not bring the post's card again."""
        if self.parent_id is not None:
            return None
        return self.link or self.post.link


class AuditEvent(Base):
    """Append-only: rows are inserted with the state change they record and never changed."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The tamper-evident chain (see ``socialpub.audit``): the previous event's hash and this one's.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


METRIC_COUNTS = ("likes", "reposts", "replies", "quotes", "impressions")


class DeliveryMetrics(Base):
    """One reading of a published post's public counts, at about 1 h, 1 d or 7 d after it."""

    __tablename__ = "delivery_metrics"
    __table_args__ = (Index("ux_delivery_metrics_reading", "delivery_id", "reading", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"))
    reading: Mapped[str] = mapped_column(String(8))  # "1h", "1d", "7d"
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
    likes: Mapped[int | None]
    reposts: Mapped[int | None]
    replies: Mapped[int | None]
    quotes: Mapped[int | None]
    impressions: Mapped[int | None]


class StoredCredential(Base):
    """Tokens an adapter obtained itself (refreshed OAuth tokens), encrypted with the secret key."""

    __tablename__ = "stored_credentials"

    account: Mapped[str] = mapped_column(String(120), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    ciphertext: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AccountState(Base):
    """Runtime state of a configured account: paused after an auth error until an admin acts."""

    __tablename__ = "account_states"

    account: Mapped[str] = mapped_column(String(120), primary_key=True)
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token for the web API. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # staff, approver, admin
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


@event.listens_for(AuditEvent, "before_update")
def _refuse_audit_update(*_: object) -> None:
    raise PermissionError("audit events are append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_audit_delete(*_: object) -> None:
    raise PermissionError("audit events are append-only")
