"""The database goes away under two schedulers and two workers: stopped cleanly for a few seconds,
then crashed (``pg_ctl stop -m immediate``). Every process survives, and every delivery is still
published exactly once, claimed by one worker at a time.

A private PostgreSQL started from the machine's own binaries on a free port, so that the test can
take it down without touching the shared server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.chaos.conftest import (
    StackFactory,
    assert_claimed_one_at_a_time,
    assert_exactly_once,
    wait_settled,
)
from tests.chaos.postgres import PrivatePostgres, pg_bindir
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    if pg_bindir() is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    server = PrivatePostgres()
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.mark.timeout(400)
def test_database_stopped_then_crashed_mid_run_loses_and_doubles_nothing(
    stack_factory: StackFactory,
    mastodon: tuple[MastodonServer, str],
    private_pg: PrivatePostgres,
) -> None:
    server, _ = mastodon
    stack = stack_factory(database_url=private_pg.url)
    ids = seed(stack.runtime.sessions, "masto", "mastodon", 60, tag="dbdown")
    # A slowish platform (0.15 s a post) so that both outages fall in the middle of the run.
    server.control.stall(0.15, apply=True, times=1000, path="/api/v1/statuses", method="POST")
    procs = [stack.scheduler("s1"), stack.scheduler("s2"), stack.worker("w1"), stack.worker("w2")]
    wait_for(lambda: len(server.statuses) >= 5, timeout=120, what="a few published")
    private_pg.stop("fast")  # a clean stop: every connection is closed by the server
    time.sleep(4)
    assert all(p.poll() is None for p in procs), stack.logs()
    private_pg.start()
    wait_for(lambda: len(server.statuses) >= 25, timeout=120, what="publishing resumed")
    private_pg.stop("immediate")  # a crash: no checkpoint, crash recovery at the next start
    time.sleep(3)
    private_pg.start()
    wait_settled(stack, ids, timeout=240)
    assert all(p.poll() is None for p in procs), "a process died with the database"
    assert assert_exactly_once(stack, server, ids) == {"published": 60}
    assert_claimed_one_at_a_time(stack, ids)
