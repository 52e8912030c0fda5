"""What a person does to a delivery or a post after composing it: cancel, reschedule, edit, embargo.

Every function checks the actor's permission (``permissions.py``) and the time rules
(``rules.py``), changes rows only with conditional updates (a worker that claimed the delivery
meanwhile wins, and the person gets ``Conflict``), and writes an audit event naming the actor.
Callers own the transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime

import regex
from sqlalchemy import update
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.compose import Draft, PlatformLimits, Rendered, render
from socialpub.compose.summarize import plan_given
from socialpub.delivery.errors import Conflict, Invalid, NotFound
from socialpub.delivery.permissions import Actor, check_cancel, check_change
from socialpub.delivery.repository import transition
from socialpub.delivery.rules import check_when
from socialpub.delivery.service import policy_for
from socialpub.delivery.states import CANCELLABLE, State
from socialpub.settings import Account
from socialpub.store.models import Delivery, Post

# A delivery not yet handed to a worker, whose text may still change.
EDITABLE = (State.DRAFT, State.SCHEDULED, State.HELD)
# Where a reschedule may start. ``unknown`` is not here: it may be on the platform already, so it
# goes through ``ops.retry`` after the platform is checked.
RESCHEDULABLE = (State.SCHEDULED, State.QUEUED, State.RETRY_WAIT, State.HELD, State.FAILED)
MAX_HASHTAGS = 30
# letters, digits and _, with the combining marks of scripts such as Devanagari (regex's \w)
_HASHTAG = regex.compile(r"\w+")
MAX_TEXT = 20_000  # characters of a person's edit; far above any platform, far below harm

AccountFor = Callable[[str], Account]
LimitsFor = Callable[[Account], PlatformLimits]


def delivery_or_404(session: Session, delivery_id: int) -> Delivery:
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotFound(f"no delivery {delivery_id}")
    return delivery


def post_or_404(session: Session, post_id: int) -> Post:
    post = session.get(Post, post_id)
    if post is None:
        raise NotFound(f"no post {post_id}")
    return post


def cancel_delivery(
    session: Session, delivery_id: int, *, actor: Actor, reason: str = ""
) -> Delivery:
    """Cancel one delivery: its post's author, an approver or an admin; ``unknown`` admin only."""
    delivery = delivery_or_404(session, delivery_id)
    check_cancel(actor, delivery.post.author, delivery.state, delivery_id)
    state = delivery.state
    if not transition(
        session,
        delivery_id,
        CANCELLABLE,
        State.CANCELLED,
        actor=actor.name,
        kind="cancelled",
        details={"reason": reason} if reason else None,
    ):
        raise Conflict(f"delivery {delivery_id} is {state} and can no longer be cancelled")
    session.refresh(delivery)
    return delivery


def reschedule_delivery(
    session: Session,
    delivery_id: int,
    when: datetime,
    tz: str,
    *,
    actor: Actor,
    now: datetime,
    allow_past: bool = False,
) -> Delivery:
    """Move a delivery that has not gone out to ``when``; a draft stays a draft.

    Refused (``Invalid``) for a past time unless ``allow_past``, or before the post's embargo.
    """
    delivery = delivery_or_404(session, delivery_id)
    check_change(actor, delivery.post.author, f"delivery {delivery_id}")
    check_when(when, now=now, allow_past=allow_past, not_before=delivery.post.not_before)
    state = State(delivery.state)
    if state is State.UNKNOWN:
        raise Conflict(
            f"delivery {delivery_id} is unknown: it may already be on the platform; an admin"
            " checks and uses retry"
        )
    sources: Sequence[State] = (State.DRAFT,) if state is State.DRAFT else RESCHEDULABLE
    target = State.DRAFT if state is State.DRAFT else State.SCHEDULED
    if not transition(
        session,
        delivery_id,
        sources,
        target,
        actor=actor.name,
        kind="rescheduled",
        details={"from": state.value, "due_at": when.isoformat(), "tz": tz},
        now=now,
        scheduled_at=when,
        scheduled_tz=tz,
        due_at=when,
        queued_at=None,
        lease_owner=None,
        lease_until=None,
    ):
        raise Conflict(f"delivery {delivery_id} is {delivery.state} and cannot be rescheduled")
    session.refresh(delivery)
    return delivery


def _draft_for(post: Post, text: str, hashtags: Sequence[str], link: str | None = None) -> Draft:
    # The person's text is the plan, as compose treats an edited summary (``draft_post``).
    return Draft(
        title=post.article.title,
        summary=text,
        hashtags=tuple(hashtags),
        link=link or post.link,
        plan=plan_given(text, post.language),
        language=post.language,
    )


def clean_hashtags(tags: Sequence[str]) -> list[str]:
    """``#Tag`` or ``Tag`` → ``Tag``; refuses what a platform would not read as one tag."""
    cleaned: list[str] = []
    for raw in tags:
        tag = raw.strip().lstrip("#")
        if not tag or not _HASHTAG.fullmatch(tag) or len(tag) > 100:
            raise Invalid(f"{raw!r} is not a hashtag: letters, digits and _ only")
        if tag.casefold() not in {t.casefold() for t in cleaned}:
            cleaned.append(tag)
    if len(cleaned) > MAX_HASHTAGS:
        raise Invalid(f"at most {MAX_HASHTAGS} hashtags")
    return cleaned


def render_edit(
    post: Post,
    account: Account,
    limits: PlatformLimits,
    *,
    text: str,
    hashtags: Sequence[str],
    link: str | None = None,
) -> Rendered:
    """A person's text and tags for one account, fitted by the compose engine (no I/O).
    ``link`` is the delivery's own (its campaign parameters), kept through the edit."""
    if not text.strip():
        raise Invalid("the text is empty")
    if len(text) > MAX_TEXT:
        raise Invalid(f"the text is longer than {MAX_TEXT} characters")
    if not account.settings.threads:
        limits = dataclasses.replace(limits, threads=False, max_thread_parts=1)
    # The person chose these tags: all of them go (minus the account's blocked ones).
    policy = dataclasses.replace(policy_for(account), count=len(hashtags), always=())
    return render(_draft_for(post, text, hashtags, link), limits, policy)


def edit_delivery(
    session: Session,
    delivery_id: int,
    *,
    actor: Actor,
    account_for: AccountFor,
    limits_for: LimitsFor,
    text: str | None = None,
    hashtags: Sequence[str] | None = None,
    now: datetime,
) -> Delivery:
    """Replace one delivery's text and/or hashtags, re-fitted to its platform's limits.

    Only before it is handed to a worker (draft, scheduled, held). ``text`` None keeps the
    post's summary; ``hashtags`` None keeps the post's tags.
    """
    delivery = delivery_or_404(session, delivery_id)
    post = delivery.post
    check_change(actor, post.author, f"delivery {delivery_id}")
    if State(delivery.state) not in EDITABLE or delivery.part_ids:
        raise Conflict(f"delivery {delivery_id} is {delivery.state}: it can no longer be edited")
    tags = clean_hashtags(hashtags) if hashtags is not None else list(post.hashtags)
    account = account_for(delivery.account)
    rendered = render_edit(
        post,
        account,
        limits_for(account),
        text=text or post.summary,
        hashtags=tags,
        link=delivery.link,
    )
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.state.in_([s.value for s in EDITABLE]),
        )
        .values(text=rendered.text, parts=list(rendered.parts), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"delivery {delivery_id} was handed to a worker meanwhile")
    audit.record(
        session,
        actor=actor.name,
        subject_type="delivery",
        subject_id=delivery_id,
        kind="edited",
        details={
            "post": post.id,
            "length": rendered.length,
            "limit": rendered.limit,
            "parts": len(rendered.parts),
            "hashtags": list(rendered.hashtags),
        },
        at=now,
    )
    session.refresh(delivery)
    return delivery


def set_embargo(
    session: Session, post_id: int, not_before: datetime | None, *, actor: Actor, now: datetime
) -> list[int]:
    """Set (or with None lift) a post's "not before" time; deliveries due earlier move to it.

    Returns the ids of the deliveries that moved. A draft stays a draft.
    """
    post = post_or_404(session, post_id)
    check_change(actor, post.author, f"post {post_id}")
    post.not_before = not_before
    audit.record(
        session,
        actor=actor.name,
        subject_type="post",
        subject_id=post_id,
        kind="embargo_set" if not_before else "embargo_lifted",
        details={"not_before": not_before.isoformat() if not_before else None},
        at=now,
    )
    moved: list[int] = []
    if not_before is None:
        return moved
    for d in post.deliveries:
        state = State(d.state)
        if d.due_at >= not_before or state not in (State.DRAFT, *RESCHEDULABLE):
            continue
        if state is State.FAILED:
            continue  # finished; a retry later starts no earlier than the embargo
        target = State.DRAFT if state is State.DRAFT else State.SCHEDULED
        if transition(
            session,
            d.id,
            state,
            target,
            actor=actor.name,
            kind="rescheduled",
            details={"due_at": not_before.isoformat(), "reason": "embargo"},
            now=now,
            scheduled_at=not_before,
            due_at=not_before,
        ):
            moved.append(d.id)
    session.flush()
    return moved
