"""A worker host cut off from the platform while it publishes.

The worker runs in a network namespace of its own, created and removed by this test, with two
private links to this host: one to the database and Redis, one to the platform stand-in. The
platform link is cut while a post is in flight: the platform applied it, its answer is lost
(read timeout), and the lookup that follows cannot connect. Nobody can tell yet, but a moment
later the platform could: the delivery must go to the reconciler, be found by a later lookup and
end ``published``, exactly once; never ``unknown``, never sent twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from socialpub.delivery.states import State
from tests.chaos.conftest import (
    FINAL,
    StackFactory,
    assert_claimed_one_at_a_time,
    assert_exactly_once,
    masto_account,
    states,
    wait_settled,
)
from tests.chaos.netns import Netns, NetnsUnavailable
from tests.chaos.postgres import PrivatePostgres, pg_bindir
from tests.chaos.procs import PrivateRedis
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow

POSTS = "/api/v1/statuses"


@pytest.fixture
def netns() -> Iterator[Netns]:
    try:
        ns = Netns()
    except (NetnsUnavailable, FileNotFoundError) as exc:
        pytest.skip(f"cannot create a network namespace here (needs root and ip netns): {exc}")
    try:
        yield ns
    finally:
        ns.close()


@pytest.mark.timeout(400)
def test_a_worker_cut_off_mid_publish_ends_published_once_not_unknown(
    netns: Netns, stack_factory: StackFactory, tmp_path: Path
) -> None:
    if pg_bindir() is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    services, platform = netns.add_link(), netns.add_link()
    pg = PrivatePostgres()
    pg.listen.append(services.host_addr)
    pg.trust(f"{services.host_addr}/30")  # the link: the worker and this host
    redis_server = PrivateRedis(tmp_path, bind=("127.0.0.1", services.host_addr))
    server = MastodonServer()
    server.host = platform.host_addr
    try:
        pg.start()
        redis_server.start()
        with server:
            token = server.issue_token("newsroom")
            stack = stack_factory(
                database_url=pg.url_at(services.host_addr),
                redis_url=redis_server.url,
                # A 3 s read timeout: the answer to the post in flight is lost when the link is cut.
                account=masto_account(server, timeout_seconds=3.0),
                max_attempts=200,  # the posts not yet sent retry until the link is back
                token_override=token,
            )
            ids = seed(stack.runtime.sessions, "masto", "mastodon", 8, tag="cutoff")
            # The first post is applied at once and answered only after 6 s: in flight at the cut.
            server.control.stall(6.0, apply=True, times=1, path=POSTS, method="POST")
            stack.worker("w1", concurrency=1, prefix=netns.exec_prefix)
            stack.scheduler("s1")  # on this host: it can reach the platform throughout
            wait_for(
                lambda: server.control.seen(POSTS, "POST"), timeout=120, what="a post in flight"
            )
            netns.cut(platform)
            # the answer to the post in flight is lost and the lookup after it cannot connect:
            # the worker leaves the delivery for a later lookup, while the link is still cut
            wait_for(
                lambda: State.RETRY_WAIT.value in states(stack, ids).values(),
                timeout=120,
                what="the post in flight left for a later lookup",
            )
            in_the_meantime = states(stack, ids)
            netns.restore(platform)
            final = wait_settled(stack, ids, timeout=240)
            assert "unknown" not in in_the_meantime.values(), in_the_meantime
            assert set(final.values()) <= FINAL
            assert assert_exactly_once(stack, server, ids) == {"published": 8}
            assert_claimed_one_at_a_time(stack, ids)
            # Found by lookup, not sent again: one POST per delivery in all.
            assert len(server.control.seen(POSTS, "POST")) == 8
    finally:
        redis_server.kill()
        pg.close()
