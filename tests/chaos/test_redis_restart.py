"""Redis killed and restarted empty mid-run (no persistence): what it held is re-sent, once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from socialpub.store.models import AuditEvent
from tests.chaos.conftest import StackFactory, assert_exactly_once, wait_settled
from tests.chaos.procs import PrivateRedis
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.mark.timeout(300)
def test_redis_flushed_and_restarted_mid_run(
    stack_factory: StackFactory,
    mastodon: tuple[MastodonServer, str],
    private_redis: PrivateRedis,
) -> None:
    server, _ = mastodon
    # Two deliveries per message, so that most messages wait in Redis rather than in a worker.
    stack = stack_factory(redis_url=private_redis.url, publish_batch=2)
    ids = seed(stack.runtime.sessions, "masto", "mastodon", 40, tag="restart")
    # A slow platform (0.3 s per post) keeps most messages waiting in Redis when it dies.
    server.control.stall(0.3, apply=True, times=1000, path="/api/v1/statuses", method="POST")
    stack.worker("w1", concurrency=2)
    stack.scheduler("s1")
    wait_for(lambda: len(server.statuses) >= 5, timeout=90, what="a few published")
    # Redis holds messages (waiting or unacked) when it dies; with no persistence they are lost.
    assert private_redis.messages(stack.prefix, stack.queue) > 0
    private_redis.restart()
    wait_for(lambda: len(server.statuses) >= 20, timeout=90, what="publishing resumed")
    private_redis.restart()
    wait_settled(stack, ids, timeout=120)
    assert assert_exactly_once(stack, server, ids) == {"published": 40}
    assert private_redis.restarts == 2
    with stack.runtime.sessions() as session:
        requeued = session.scalar(
            select(func.count()).where(
                AuditEvent.kind == "requeued", AuditEvent.subject_id.in_(ids)
            )
        )
    assert requeued, "the test must lose queued messages, or it proves nothing"


@pytest.mark.timeout(240)
def test_redis_down_when_the_processes_start_they_wait_and_retry(
    stack_factory: StackFactory, mastodon: tuple[MastodonServer, str], tmp_path: Path
) -> None:
    server, _ = mastodon
    redis_server = PrivateRedis(tmp_path)  # its port chosen, the server not started yet
    stack = stack_factory(redis_url=redis_server.url)
    ids = seed(stack.runtime.sessions, "masto", "mastodon", 10, tag="late-redis")
    procs = [stack.scheduler("s1"), stack.worker("w1")]
    # The scheduler claims due deliveries and cannot send them: it says so once, and waits.
    wait_for(
        lambda: "cannot reach Redis" in stack.log("scheduler-s1"),
        timeout=90,
        what="the scheduler saying Redis is unreachable",
    )
    time.sleep(3)  # several ticks and retries later
    assert all(p.poll() is None for p in procs), stack.logs()
    assert stack.log("scheduler-s1").count("cannot reach Redis") == 1
    redis_server.start()
    try:
        wait_settled(stack, ids, timeout=120)
        assert assert_exactly_once(stack, server, ids) == {"published": 10}
        assert "Redis is reachable again" in stack.log("scheduler-s1")
    finally:
        redis_server.kill()
