"""A worker killed with SIGKILL mid-publish: the platform is asked, nothing is sent twice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from socialpub import audit
from socialpub.store.models import Delivery
from tests.chaos.conftest import StackFactory, assert_exactly_once, masto_account, wait_settled
from tests.chaos.procs import Stack, kill9
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow


# Deadlines for a stuck run, not speed goals: on a machine whose cores are busy a worker takes
# many seconds to start.
@pytest.mark.timeout(360)
def test_sigkill_mid_publish_is_resolved_by_lookup_not_by_resending(
    stack_factory: StackFactory, mastodon: tuple[MastodonServer, str]
) -> None:
    server, _ = mastodon
    # The HTTP timeout outlasts the stall, so the worker is still waiting when it is killed.
    stack = stack_factory(account=masto_account(server, timeout_seconds=15.0))
    # The first two posts are applied by the platform, whose answer then hangs: the worker is
    # killed while it waits, so only the platform knows they were published.
    server.control.stall(8.0, apply=True, times=2, path="/api/v1/statuses", method="POST")
    ids = seed(stack.runtime.sessions, "masto", "mastodon", 12, tag="killed")
    victim = stack.worker("w1", concurrency=2)
    stack.scheduler("s1")
    wait_for(
        lambda: len(server.control.seen("/api/v1/statuses", "POST")) >= 2,
        timeout=120,
        what="two publishes in flight",
    )
    assert len(server.statuses) == 2  # applied, unanswered
    kill9(victim)
    stack.worker("w2", concurrency=2)
    wait_settled(stack, ids, timeout=180)
    assert assert_exactly_once(stack, server, ids) == {"published": 12}
    with stack.runtime.sessions() as session:
        recovered, retried = [], []
        for d in session.scalars(select(Delivery).where(Delivery.id.in_(ids))):
            events = audit.events_for(session, "delivery", d.id)
            if "lease_expired" not in [e.kind for e in events]:
                continue
            published = next(e for e in events if e.kind == "published")
            if published.details.get("found_by") == "lookup":
                recovered.append(d.id)
            else:  # claimed in the killed worker's batch but not yet sent: the platform said so
                retried.append(d.id)
    # The one in flight when the worker was killed (its lease kept alive while it waited, so the
    # first stalled post may have been answered and recorded by the worker itself) was found at
    # the platform and never sent again; the rest of the dead worker's batch was sent once,
    # after the lookup found nothing.
    assert recovered, _trail(stack, ids)
    # Never a second post for a delivery: every POST carries its delivery's key, and there are
    # exactly as many keys as deliveries. On a loaded machine a publish may time out after the
    # platform applied it and be sent again once a lookup did not yet see it; the repeat carries
    # the same Idempotency-Key, which Mastodon answers with the first status (counted once above).
    posts = server.control.seen("/api/v1/statuses", "POST")
    keys = [p.headers.get("idempotency-key") for p in posts]
    assert None not in keys
    assert len(set(keys)) == 12, _trail(stack, ids)


def _trail(stack: Stack, ids: list[int]) -> str:
    """Every delivery's audit trail, for a failure message."""
    lines = []
    with stack.runtime.sessions() as session:
        for delivery_id in ids:
            events = audit.events_for(session, "delivery", delivery_id)
            lines.append(f"{delivery_id}: " + ", ".join(f"{e.kind}/{e.actor}" for e in events))
    return "\n".join(lines)
