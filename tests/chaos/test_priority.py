"""An urgent announcement overtakes a routine backlog already waiting in Redis."""

from __future__ import annotations

import pytest

from tests.chaos.conftest import StackFactory, wait_settled
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow


@pytest.mark.timeout(90)
def test_urgent_goes_ahead_of_the_routine_queue(
    stack_factory: StackFactory, mastodon: tuple[MastodonServer, str]
) -> None:
    server, _ = mastodon
    stack = stack_factory()
    # One slow worker (0.2 s per post) and 30 routine posts: a backlog of several seconds.
    server.control.stall(0.2, apply=True, times=1000, path="/api/v1/statuses", method="POST")
    routine = seed(stack.runtime.sessions, "masto", "mastodon", 30, tag="routine")
    stack.worker("w1", concurrency=1)
    stack.scheduler("s1")
    wait_for(lambda: len(server.statuses) >= 3, timeout=40, what="the backlog to start")
    (urgent,) = seed(stack.runtime.sessions, "masto", "mastodon", 1, tag="urgent", priority=10)
    wait_settled(stack, [*routine, urgent], timeout=60)
    # The order in which posts reached the platform.
    order = [s.text for s in sorted(server.statuses.values(), key=lambda s: int(s.id))]
    (position,) = [n for n, text in enumerate(order) if text.startswith("urgent")]
    after = len(order) - 1 - position
    # Queued after most of the routine posts, published before most of them. (The ones the
    # worker was already sending, at most publish_batch_seconds' worth, cannot be overtaken.)
    assert after >= 20, f"only {after} routine posts were overtaken"
