"""Stored deliveries for delivery tests, inserted directly (compose is tested elsewhere).

Each delivery gets unique text (``<tag> #<n>``), its own idempotency key and the ``created`` and
``scheduled`` audit events compose would write, so audit checks see a normal history.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from socialpub import audit
from socialpub.delivery.batch import publish_many
from socialpub.delivery.publish import Clock
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.db import SessionFactory
from socialpub.store.models import Article, Delivery, Post


def seed(
    sessions: SessionFactory,
    account: str,
    platform: str,
    due: Sequence[datetime] | int,
    *,
    tag: str = "post",
    priority: int = 0,
    state: State = State.SCHEDULED,
) -> list[int]:
    """One post with one delivery per due time (``int``: that many, all due now); their ids."""
    times = [datetime.now(UTC)] * due if isinstance(due, int) else list(due)
    with sessions.begin() as session:
        post = Post(
            article=Article(source_kind="text", title=tag, text=tag, content_hash=uuid.uuid4().hex),
            author="user:test",
            summary=tag,
            hashtags=[],
            link=None,
        )
        session.add(post)
        rows = []
        for n, when in enumerate(times):
            text = f"{tag} #{n} {uuid.uuid4().hex[:6]}"
            rows.append(
                Delivery(
                    post=post,
                    account=account,
                    platform=platform,
                    text=text,
                    parts=[text],
                    part_ids=[],
                    state=state.value,
                    priority=priority,
                    scheduled_at=when,
                    scheduled_tz="UTC",
                    due_at=when,
                    idempotency_key=uuid.uuid4().hex,
                )
            )
        session.add_all(rows)
        session.flush()
        for d in rows:
            for kind in ("created", "scheduled"):
                audit.record(
                    session,
                    actor="user:test",
                    subject_type="delivery",
                    subject_id=d.id,
                    kind=kind,
                    details={"due_at": d.due_at.isoformat()} if kind == "scheduled" else {},
                )
        return [d.id for d in rows]


def publish_one(
    runtime: Runtime,
    delivery_id: int,
    *,
    actor: str,
    clock: Clock | None = None,
    rng: random.Random | None = None,
) -> State | None:
    """What a worker does with a message naming one delivery (the task takes a list of ids):
    the state it reached, None when there was nothing to claim."""
    options = {} if clock is None else {"clock": clock}
    return publish_many(runtime, [delivery_id], actor=actor, rng=rng, **options)[delivery_id]
