"""Read-only views the pages list: a person's posts, posts waiting for review. No writes here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.orm import Session, selectinload

from socialpub.delivery.states import State
from socialpub.store.models import AuditEvent, Delivery, Post


def posts_by(session: Session, author: str, *, limit: int = 100) -> Sequence[Post]:
    """The author's newest posts with their deliveries, newest first."""
    query = (
        select(Post)
        .where(Post.author == author)
        .options(selectinload(Post.deliveries), selectinload(Post.article))
        .order_by(Post.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def awaiting_review(session: Session, *, limit: int = 100) -> Sequence[Post]:
    """Posts with at least one draft delivery, oldest first: the approvers' inbox."""
    has_draft = select(Delivery.post_id).where(Delivery.state == State.DRAFT.value)
    query = (
        select(Post)
        .where(Post.id.in_(has_draft), Post.approval != "rejected")
        .options(
            selectinload(Post.deliveries), selectinload(Post.media), selectinload(Post.article)
        )
        .order_by(Post.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def post(session: Session, post_id: int) -> Post | None:
    return session.get(Post, post_id)


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (its own % and _ escaped)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class HistoryFilter:
    account: str | None = None
    platform: str | None = None
    state: str | None = None
    author: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None


def _history_query(f: HistoryFilter) -> Select[Delivery]:
    when = func.coalesce(Delivery.published_at, Delivery.due_at)
    query = select(Delivery).join(Post, Post.id == Delivery.post_id)
    if f.account:
        query = query.where(Delivery.account == f.account)
    if f.platform:
        query = query.where(Delivery.platform == f.platform)
    if f.state:
        query = query.where(Delivery.state == f.state)
    if f.author:
        query = query.where(Post.author.ilike(_like(f.author), escape="\\"))
    if f.since:
        query = query.where(when >= f.since)
    if f.until:
        query = query.where(when < f.until)
    if f.text:
        query = query.where(Delivery.text.ilike(_like(f.text), escape="\\"))
    return query.order_by(when.desc(), Delivery.id.desc())


def history(
    session: Session, f: HistoryFilter, *, offset: int = 0, limit: int = 50
) -> tuple[Sequence[Delivery], int]:
    """One page of deliveries matching ``f``, newest first, and how many match in all."""
    query = _history_query(f)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.scalars(
        query.options(selectinload(Delivery.post)).offset(offset).limit(limit)
    ).all()
    return rows, int(total)


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    kind: str | None = None
    subject_type: str | None = None
    subject_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None


def _audit_query(f: AuditFilter) -> Select[AuditEvent]:
    query = select(AuditEvent)
    if f.actor:
        query = query.where(AuditEvent.actor.ilike(_like(f.actor), escape="\\"))
    if f.kind:
        query = query.where(AuditEvent.kind == f.kind)
    if f.subject_type:
        query = query.where(AuditEvent.subject_type == f.subject_type)
    if f.subject_id is not None:
        query = query.where(AuditEvent.subject_id == f.subject_id)
    if f.since:
        query = query.where(AuditEvent.at >= f.since)
    if f.until:
        query = query.where(AuditEvent.at < f.until)
    if f.text:
        query = query.where(cast(AuditEvent.details, Text).ilike(_like(f.text), escape="\\"))
    return query.order_by(AuditEvent.id.desc())


def audit_events(
    session: Session, f: AuditFilter, *, offset: int = 0, limit: int = 50
) -> tuple[Sequence[AuditEvent], int]:
    query = _audit_query(f)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return session.scalars(query.offset(offset).limit(limit)).all(), int(total)


def audit_all(session: Session, f: AuditFilter, *, batch: int = 1000) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, read in batches (an export of any size)."""
    last = 0
    base = _audit_query(f).order_by(None).order_by(AuditEvent.id)
    while True:
        rows = session.scalars(base.where(AuditEvent.id > last).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def history_all(session: Session, f: HistoryFilter, *, limit: int = 100_000) -> Sequence[Delivery]:
    return session.scalars(
        _history_query(f).options(selectinload(Delivery.post)).limit(limit)
    ).all()
