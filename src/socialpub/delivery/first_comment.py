"""First comments: an optional follow-up (the link, credits, a hashtag set) posted as a reply to
a published post, after a delay, where the platform takes replies.

A first comment is a delivery of its own: its own row, idempotency key (the parent's plus
``-comment``), audit trail and exactly-once publishing through the same worker as any post. It
is created only once its parent is ``published``, by ``spawn_due`` (run on every scheduler
tick, as often as you like, from any number of schedulers): a unique index on
``deliveries.parent_id`` lets exactly one row exist per parent, whoever creates it. The row
carries the parent's remote id in ``reply_to``, so the worker sends it as a reply to that post
(a comment on Facebook and LinkedIn once their adapters take ``reply_to`` as one). A crash
anywhere (a worker killed after the post and before the comment, a scheduler killed after
creating it) leaves either no comment row, which the next tick creates, or one, which is
published once like any delivery; never two.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from socialpub import audit
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery, Post, utcnow

log = logging.getLogger(__name__)


_UNITS = {"": 1, "s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


class DelayError(ValueError):
    pass


def parse_delay(text: str) -> int:
    """Seconds from ``90``, ``90s``, ``10m``, ``2h`` or ``1d`` (how compose takes the delay)."""
    raw = text.strip().lower()
    number = raw.rstrip("abcdefghijklmnopqrstuvwxyz").strip()
    unit = raw[len(number) :].strip()
    if not number.isdigit() or unit not in _UNITS or len(number) > 7:
        raise DelayError(f"delay {text!r}: give seconds, or a number with s, m, h or d (10m)")
    return int(number) * _UNITS[unit]


def comment_key(parent_key: str) -> str:
    return f"{parent_key}-comment"


def spawn_due(runtime: Runtime, now: datetime | None = None, *, actor: str = "scheduler") -> int:
    """Create the comment delivery of every published post that has a first comment and none
    yet; how many were created. Accounts whose platform cannot reply get none."""
    now = now or utcnow()
    child = aliased(Delivery)
    with runtime.sessions() as session:
        parents = session.execute(
            select(
                Delivery.id,
                Delivery.account,
                Delivery.platform,
                Delivery.remote_id,
                Delivery.idempotency_key,
                Delivery.scheduled_tz,
                Post.id.label("post_id"),
                Post.first_comment,
                Post.first_comment_delay_seconds,
            )
            .join(Post, Post.id == Delivery.post_id)
            .outerjoin(child, child.parent_id == Delivery.id)
            .where(
                Delivery.state == State.PUBLISHED.value,
                Delivery.parent_id.is_(None),  # a comment gets no comment of its own
                Delivery.retracted_at.is_(None),
                Delivery.remote_id.is_not(None),
                Post.first_comment.is_not(None),
                child.id.is_(None),
            )
        ).all()
    created = 0
    for parent in parents:
        if not _takes_replies(runtime, parent.account):
            continue
        due = now + timedelta(seconds=parent.first_comment_delay_seconds or 0)
        text = str(parent.first_comment)
        try:
            with runtime.sessions.begin() as session:
                comment = Delivery(
                    post_id=parent.post_id,
                    account=parent.account,
                    platform=parent.platform,
                    text=text,
                    parts=[text],
                    part_ids=[],
                    state=State.SCHEDULED.value,
                    scheduled_at=due,
                    scheduled_tz=parent.scheduled_tz,
                    due_at=due,
                    idempotency_key=comment_key(parent.idempotency_key),
                    parent_id=parent.id,
                    reply_to=parent.remote_id,
                )
                session.add(comment)
                session.flush()
                audit.record(
                    session,
                    actor=actor,
                    subject_type="delivery",
                    subject_id=comment.id,
                    kind="scheduled",
                    details={"first_comment_of": parent.id, "due_at": due.isoformat()},
                    at=now,
                )
        except IntegrityError:  # another scheduler created it a moment ago
            continue
        created += 1
    return created


def _takes_replies(runtime: Runtime, account: str) -> bool:
    try:
        return runtime.adapter(account).takes_replies
    except Exception:  # the account is no longer configured
        return False
