"""The platform misbehaves: 429 with reset headers, 5xx, answers lost after the post was made,
and a validation error. Every delivery ends published once or failed with the reason."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialpub import audit
from socialpub.store.models import AuditEvent, Delivery
from tests.chaos.conftest import StackFactory, assert_exactly_once, masto_account, wait_settled
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

pytestmark = pytest.mark.slow

POSTS = "/api/v1/statuses"


@pytest.mark.timeout(120)
def test_429_5xx_timeouts_after_sending_and_a_permanent_error(
    stack_factory: StackFactory, mastodon: tuple[MastodonServer, str]
) -> None:
    server, _ = mastodon
    stack = stack_factory(account=masto_account(server, timeout_seconds=1.5))
    stack.worker("w1", concurrency=2)
    stack.worker("w2", concurrency=2)
    stack.scheduler("s1")
    # The reset time below is absolute: every process must be up before the clock starts.
    for log, mark in (("worker-w1", "ready."), ("worker-w2", "ready."), ("scheduler-s1", "every")):
        wait_for(
            lambda f=log, m=mark: m in (stack.tmp / f"{f}.log").read_text("utf-8"),  # type: ignore[misc]
            timeout=30,
            what=f"{log} ready",
        )
    # Taken in this order by the first matching POSTs, whichever deliveries they belong to.
    server.rate_limit(5.0)  # 429 with X-RateLimit-Reset five seconds ahead, as Mastodon does
    server.control.fail(503, json_body={"error": "busy"}, times=2, path=POSTS, method="POST")
    server.control.stall(4.0, apply=True, times=2, path=POSTS, method="POST")  # made, unanswered
    server.control.fail(
        422, json_body={"error": "Validation failed"}, times=1, path=POSTS, method="POST"
    )
    ids = seed(stack.runtime.sessions, "masto", "mastodon", 20, tag="faults")
    wait_settled(stack, ids, timeout=60)
    counts = assert_exactly_once(stack, server, ids, allowed=frozenset({"failed"}))
    assert counts == {"published": 19, "failed": 1}
    with stack.runtime.sessions() as session:
        failed = session.scalars(select(Delivery).where(Delivery.state == "failed")).one()
        assert failed.last_error is not None and "HTTP 422" in failed.last_error
        # Permanent: failed on the very attempt that got the 422, never tried again.
        tail = list(audit.events_for(session, "delivery", failed.id))[-3:]
        assert [e.kind for e in tail] == ["attempt_started", "attempt_result", "failed"]
        assert tail[1].details["status"] == 422

        def count(kind: str) -> int:
            return int(
                session.scalar(
                    select(func.count()).where(
                        AuditEvent.kind == kind, AuditEvent.subject_id.in_(ids)
                    )
                )
                or 0
            )

        assert count("retry_scheduled") == 3  # the 429 and the two 503s
        assert count("rate_limited") >= 1  # the 429 held the whole account, across workers
    # 20 posts, 3 of them retried once; the two whose answers were lost were looked up instead.
    assert len(server.control.seen(POSTS, "POST")) == 23
