"""Duplicated Celery messages and several dispatchers: each delivery is still published once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from socialpub.delivery.dispatch import dispatch_due
from socialpub.delivery.queue import make_celery, make_enqueue
from tests.chaos.conftest import (
    StackFactory,
    assert_claimed_one_at_a_time,
    assert_exactly_once,
    assert_one_request_each,
    wait_settled,
)
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow


@pytest.mark.timeout(90)
def test_every_message_sent_three_times_publishes_once(
    stack_factory: StackFactory, mastodon: tuple[MastodonServer, str]
) -> None:
    server, _ = mastodon
    stack = stack_factory()
    ids = seed(stack.runtime.sessions, "masto", "mastodon", 20, tag="dup")
    app = make_celery(stack.runtime.settings)
    send = make_enqueue(app, stack.runtime.settings)

    def three_times(delivery_ids: Sequence[int], priority: int) -> None:
        for delivery_id in delivery_ids:  # one id per message, each message three times
            for _ in range(3):
                send([delivery_id], priority)

    # The test is the dispatcher here, so every message really is in Redis three times.
    queued = dispatch_due(stack.runtime.sessions, three_times, now=datetime.now(UTC))
    assert sorted(queued) == sorted(ids)
    stack.worker("w1")
    stack.worker("w2")
    wait_settled(stack, ids, timeout=60)
    # Late duplicates of already published deliveries are harmless too.
    for delivery_id in ids[:5]:
        send([delivery_id], 0)
    stack.scheduler("s1")  # so a lost message would be re-sent; none should be needed
    counts = assert_exactly_once(stack, server, ids)
    assert counts == {"published": 20}
    # Not one extra request: the duplicate claims lost in the database, before any HTTP.
    assert_one_request_each(stack, server, ids)
    app.close()


@pytest.mark.timeout(240)
def test_two_dispatchers_share_the_work_without_repeating_it(
    stack_factory: StackFactory, mastodon: tuple[MastodonServer, str]
) -> None:
    server, _ = mastodon
    stack = stack_factory(queued_timeout_seconds=60.0, dispatch_batch=3)
    stack.scheduler("s1")
    stack.scheduler("s2")
    # Seed only once both are ticking, so a slow start of one cannot leave it nothing to do.
    for name in ("s1", "s2"):
        wait_for(lambda n=name: "dispatching every" in stack.log(f"scheduler-{n}"),
                 timeout=60, what=f"scheduler {name} started")
    ids = seed(stack.runtime.sessions, "masto", "mastodon", 60, tag="two")
    stack.worker("w1")
    stack.worker("w2")
    wait_settled(stack, ids, timeout=120)
    assert assert_exactly_once(stack, server, ids) == {"published": 60}
    # Each delivery queued by one dispatcher and claimed by one worker at a time. (Not a count
    # of ``queued`` events: a batch that used its time gives deliveries back to be queued again.)
    assert_claimed_one_at_a_time(stack, ids)
    assert_one_request_each(stack, server, ids)
    # Both really dispatched (3 per tick each, so neither could do it all before the other began).
    for name in ("s1", "s2"):
        log = stack.log(f"scheduler-{name}")
        assert "due deliveries" in log, f"scheduler {name} queued nothing:\n{log[-2000:]}"
