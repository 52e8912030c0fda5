"""A worker SIGKILLed between a post and its first comment: each post still gets exactly one
comment, a reply to it, made after it."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select, update

from socialpub.delivery.first_comment import spawn_due
from socialpub.store.models import Delivery, Post
from tests.chaos.conftest import StackFactory, masto_account, wait_settled
from tests.chaos.procs import kill9
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow


@pytest.mark.timeout(150)
def test_a_killed_worker_leaves_exactly_one_comment_after_each_post(
    stack_factory: StackFactory, mastodon: tuple[MastodonServer, str]
) -> None:
    server, _ = mastodon
    stack = stack_factory(account=masto_account(server, timeout_seconds=15.0))
    parents = seed(stack.runtime.sessions, "masto", "mastodon", 6, tag="commented")
    with stack.runtime.sessions.begin() as session:
        post_id = session.get_one(Delivery, parents[0]).post_id
        session.execute(update(Post).where(Post.id == post_id).values(first_comment="Credits: AP"))
    # The scheduler's first-comment step, as often as a tick, from this process too: with the
    # stack's own scheduler running it as well, two spawners race for every comment.
    stop = threading.Event()

    def spawner() -> None:
        while not stop.is_set():
            spawn_due(stack.runtime, actor="scheduler:test")
            stop.wait(0.3)

    thread = threading.Thread(target=spawner)
    thread.start()
    try:
        victim = stack.worker("w1", concurrency=2)
        stack.scheduler("s1")
        wait_for(
            lambda: (
                any(s.in_reply_to_id for s in list(server.statuses.values()))
                or len(server.statuses) >= 3
            ),
            timeout=40,
            what="posts (and a first comment) going out",
        )
        # the next comments' answers hang, then the worker dies while waiting for them
        server.control.stall(8.0, apply=True, times=2, path="/api/v1/statuses", method="POST")
        wait_for(
            lambda: len(server.control.seen("/api/v1/statuses", "POST")) >= len(parents) // 2 + 2,
            timeout=40,
            what="more publishes in flight",
        )
        kill9(victim)
        stack.worker("w2", concurrency=2)

        def comments() -> list[int]:
            with stack.runtime.sessions() as session:
                return list(
                    session.scalars(select(Delivery.id).where(Delivery.parent_id.in_(parents)))
                )

        wait_for(lambda: len(comments()) == len(parents), timeout=60, what="every comment made")
        wait_settled(stack, parents + comments(), timeout=60)
    finally:
        stop.set()
        thread.join(10)
    replies = [s for s in server.statuses.values() if s.in_reply_to_id is not None]
    per_parent = Counter(s.in_reply_to_id for s in replies)
    top = {s.id for s in server.statuses.values() if s.in_reply_to_id is None}
    assert len(top) == len(parents) and set(per_parent) == top
    assert set(per_parent.values()) == {1}, per_parent  # exactly one comment per post
    assert all(int(s.id) > int(s.in_reply_to_id or 0) for s in replies)  # after its post
