"""Reading history and the audit log with filters and pages: what admins browse and export.

History is ordered by when a delivery went out (``published_at``) or, for one that did not,
when it last changed; the same instant is what ``since``/``until`` compare. Filters are plain
values (validated by ``HistoryFilter.check``), so the CLI, the REST API and the pages build the
same query from the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from socialpub.delivery.errors import Invalid
from socialpub.delivery.states import State
from socialpub.store.models import AuditEvent, Delivery, Post

T = TypeVar("T")
MAX_PAGE = 500
MAX_TEXT_FILTER = 200
# What "history" means when no state is asked for: what went out, failed, or needs an admin.
DONE = (State.PUBLISHED, State.FAILED, State.CANCELLED, State.UNKNOWN, State.RETRY_WAIT)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        after = self.offset + len(self.items)
        return after if after < self.total else None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.casefold()}%"


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise Invalid(f"limit must be between 1 and {MAX_PAGE}, not {limit}")
    if offset < 0:
        raise Invalid(f"offset must be 0 or more, not {offset}")


@dataclass(frozen=True)
class HistoryFilter:
    account: str | None = None
    platform: str | None = None
    state: str | None = None
    author: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None  # in the delivery's text, case-insensitive
    post_id: int | None = None
    states: tuple[State, ...] = field(default=DONE)

    def check(self) -> None:
        if self.state is not None and self.state not in {s.value for s in State}:
            names = ", ".join(s.value for s in State)
            raise Invalid(f"state {self.state!r} is not one of: {names}")
        if self.text is not None and len(self.text) > MAX_TEXT_FILTER:
            raise Invalid(f"the text filter is longer than {MAX_TEXT_FILTER} characters")
        if self.since and self.until and self.until < self.since:
            raise Invalid("until is before since: nothing can match")


def went_out_at() -> Any:
    """The instant history shows and filters on: publish time, else the last change."""
    return func.coalesce(Delivery.published_at, Delivery.updated_at)


def _history_query(f: HistoryFilter) -> Select[Any]:
    f.check()
    when = went_out_at()
    # each row shows its latest counts: one more query for the whole page, not one per row
    query = (
        select(Delivery)
        .join(Post, Post.id == Delivery.post_id)
        .options(selectinload(Delivery.readings))
    )
    if f.state is not None:
        query = query.where(Delivery.state == f.state)
    else:
        query = query.where(Delivery.state.in_([s.value for s in f.states]))
    if f.account:
        query = query.where(Delivery.account == f.account)
    if f.platform:
        query = query.where(Delivery.platform == f.platform)
    if f.author:
        query = query.where(Post.author == f.author)
    if f.post_id is not None:
        query = query.where(Delivery.post_id == f.post_id)
    if f.since is not None:
        query = query.where(when >= f.since)
    if f.until is not None:
        query = query.where(when < f.until)
    if f.text:
        query = query.where(func.lower(Delivery.text).like(_like(f.text), escape="\\"))
    return query


def history_page(
    session: Session, f: HistoryFilter, *, limit: int = 50, offset: int = 0
) -> Page[Delivery]:
    """One page of history, newest first, and how many match in all."""
    check_page(limit, offset)
    query = _history_query(f)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(went_out_at().desc(), Delivery.id.desc()).limit(limit).offset(offset)
    ).all()
    return Page(rows, total, limit, offset)


def history_all(session: Session, f: HistoryFilter, *, cap: int = 50_000) -> Sequence[Delivery]:
    """Everything that matches, oldest first, for an export (at most ``cap`` rows)."""
    query = _history_query(f).order_by(went_out_at(), Delivery.id).limit(cap)
    return session.scalars(query).all()


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None  # who acted (``author`` in the pages' words)
    kind: str | None = None
    account: str | None = None  # events about this account's deliveries (or the account)
    platform: str | None = None
    delivery_id: int | None = None
    post_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None  # in the event's details, case-insensitive

    def check(self) -> None:
        if self.text is not None and len(self.text) > MAX_TEXT_FILTER:
            raise Invalid(f"the text filter is longer than {MAX_TEXT_FILTER} characters")
        if self.since and self.until and self.until < self.since:
            raise Invalid("until is before since: nothing can match")


def _audit_query(f: AuditFilter) -> Select[Any]:
    f.check()
    query = select(AuditEvent)
    if f.actor:
        query = query.where(AuditEvent.actor == f.actor)
    if f.kind:
        query = query.where(AuditEvent.kind == f.kind)
    if f.delivery_id is not None:
        query = query.where(
            AuditEvent.subject_type == "delivery", AuditEvent.subject_id == f.delivery_id
        )
    if f.post_id is not None:
        of_post = select(Delivery.id).where(Delivery.post_id == f.post_id)
        query = query.where(
            or_(
                (AuditEvent.subject_type == "post") & (AuditEvent.subject_id == f.post_id),
                (AuditEvent.subject_type == "delivery") & AuditEvent.subject_id.in_(of_post),
            )
        )
    if f.account or f.platform:
        ids = select(Delivery.id)
        if f.account:
            ids = ids.where(Delivery.account == f.account)
        if f.platform:
            ids = ids.where(Delivery.platform == f.platform)
        about_delivery = (AuditEvent.subject_type == "delivery") & AuditEvent.subject_id.in_(ids)
        if f.account and not f.platform:
            # account events (paused, resumed) name the account in their details
            named = (AuditEvent.subject_type == "account") & func.lower(
                cast(AuditEvent.details, String)
            ).like(_like(f'"{f.account}"'), escape="\\")
            query = query.where(or_(about_delivery, named))
        else:
            query = query.where(about_delivery)
    if f.since is not None:
        query = query.where(AuditEvent.at >= f.since)
    if f.until is not None:
        query = query.where(AuditEvent.at < f.until)
    if f.text:
        query = query.where(
            func.lower(cast(AuditEvent.details, String)).like(_like(f.text), escape="\\")
        )
    return query


def audit_page(
    session: Session,
    f: AuditFilter,
    *,
    limit: int = 50,
    offset: int = 0,
    oldest_first: bool = False,
) -> Page[AuditEvent]:
    """One page of the audit log, newest first (one delivery's story reads better oldest
    first), and how many events match in all."""
    check_page(limit, offset)
    query = _audit_query(f)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = AuditEvent.id if oldest_first else AuditEvent.id.desc()
    rows = session.scalars(query.order_by(order).limit(limit).offset(offset)).all()
    return Page(rows, total, limit, offset)


def audit_all(session: Session, f: AuditFilter, *, cap: int = 200_000) -> Sequence[AuditEvent]:
    """Every matching event, oldest first, for an export (at most ``cap``)."""
    return session.scalars(_audit_query(f).order_by(AuditEvent.id).limit(cap)).all()
