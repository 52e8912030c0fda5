"""Fixtures for chaos tests: a Mastodon-like server on loopback and a process stack per test."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from socialpub import audit
from socialpub.delivery.states import State
from socialpub.store.models import Delivery
from tests.chaos.procs import Stack
from tests.conftest import REDIS_URL
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import wait_for

TOKEN_ENV = "CHAOS_MASTO_TOKEN"
FINAL = {State.PUBLISHED.value, State.FAILED.value, State.UNKNOWN.value, State.CANCELLED.value}


@pytest.fixture
def mastodon() -> Iterator[tuple[MastodonServer, str]]:
    with MastodonServer() as server:
        yield server, server.issue_token("newsroom")


def masto_account(server: MastodonServer, **extra: Any) -> dict[str, Any]:
    return {
        "platform": "mastodon",
        "base_url": server.base_url,
        "token_env": TOKEN_ENV,
        "timeout_seconds": 3.0,
        "lookup_depth": 40,
        **extra,
    }


StackFactory = Callable[..., Stack]


@pytest.fixture
def stack_factory(
    tmp_path: Path, postgres_url: str, redis_prefix: str, mastodon: tuple[MastodonServer, str]
) -> Iterator[StackFactory]:
    server, token = mastodon
    made: list[Stack] = []

    def build(
        *,
        redis_url: str = REDIS_URL,
        database_url: str | None = None,
        account: dict[str, Any] | None = None,
        token_override: str | None = None,
        **overrides: Any,
    ) -> Stack:
        stack = Stack(
            tmp=tmp_path,
            database_url=database_url or postgres_url,
            redis_url=redis_url,
            prefix=redis_prefix,
            accounts={"masto": account or masto_account(server)},
            overrides=overrides,
            extra_env={TOKEN_ENV: token_override or token},
        )
        made.append(stack)
        return stack

    yield build
    for stack in made:
        stack.close()


def states(stack: Stack, ids: list[int]) -> dict[int, str]:
    with stack.runtime.sessions() as session:
        rows = session.execute(select(Delivery.id, Delivery.state).where(Delivery.id.in_(ids)))
        return {i: s for i, s in rows}


def wait_settled(stack: Stack, ids: list[int], *, timeout: float) -> dict[int, str]:
    """Wait until every delivery is in a final state; the failure message carries the logs."""

    def settled() -> dict[int, str] | None:
        now = states(stack, ids)
        return now if all(s in FINAL for s in now.values()) else None

    try:
        result: dict[int, str] = wait_for(settled, timeout=timeout, interval=0.25, what="settled")
    except AssertionError as exc:
        counts = Counter(states(stack, ids).values())
        raise AssertionError(f"{exc}: states {dict(counts)}\n{stack.logs()}") from None
    return result


def assert_exactly_once(
    stack: Stack, server: MastodonServer, ids: list[int], *, allowed: frozenset[str] = frozenset()
) -> dict[str, int]:
    """Every delivery published exactly once at the server, or in an ``allowed`` final state
    and absent from it; the audit log agrees with the server. Returns counts by state."""
    statuses = list(server.statuses.values())
    by_text = Counter(s.text for s in statuses)
    assert not [t for t, c in by_text.items() if c > 1], "a post was published twice"
    published = 0
    counts: Counter[str] = Counter()
    with stack.runtime.sessions() as session:
        for d in session.scalars(select(Delivery).where(Delivery.id.in_(ids))):
            counts[d.state] += 1
            events = audit.events_for(session, "delivery", d.id)
            done = [e for e in events if e.kind == "published"]
            if d.state == State.PUBLISHED:
                published += 1
                assert d.remote_id in server.statuses, f"delivery {d.id}: not at the server"
                assert server.statuses[d.remote_id].text == d.text
                assert len(done) == 1 and done[0].details["remote_id"] == d.remote_id
            else:
                assert d.state in allowed, f"delivery {d.id} ended {d.state}: {d.last_error}"
                assert not done
                if d.state == State.FAILED:
                    assert by_text[d.text] == 0, f"delivery {d.id} failed but is at the server"
                    assert d.last_error, "a failure must say why"
    mine = {d_text for d_text in by_text}
    assert published == len(mine), "the server has posts the database does not know of"
    return dict(counts)


# Audit kinds that end an attempt: the lease is given up, whatever became of the delivery.
ATTEMPT_ENDS = frozenset(
    {
        "published",
        "given_back",
        "retry_scheduled",
        "rate_limited",
        "failed",
        "held",
        "outcome_unknown",
    }
)


def assert_claimed_one_at_a_time(stack: Stack, ids: list[int]) -> None:
    """From each delivery's audit trail: queued by one dispatcher at a time (never queued again
    while already queued) and held by one worker at a time (never a second ``attempt_started``
    before the first attempt ended). Counts are free to vary with timing; this may not."""
    with stack.runtime.sessions() as session:
        for delivery_id in ids:
            queued = False
            holder: str | None = None
            for e in audit.events_for(session, "delivery", delivery_id):
                where = f"delivery {delivery_id}, event {e.id} {e.kind} by {e.actor}"
                if e.kind == "queued":
                    assert not queued and holder is None, f"{where}: queued twice"
                    queued = True
                elif e.kind == "attempt_started":
                    assert queued, f"{where}: claimed without being queued"
                    assert holder is None, f"{where}: claimed while {holder} held it"
                    queued, holder = False, e.actor
                elif e.kind == "lease_expired":
                    holder = e.actor  # the reconciler took over a lease that had run out
                elif e.kind in ATTEMPT_ENDS:
                    holder = None


def assert_one_request_each(stack: Stack, server: MastodonServer, ids: list[int]) -> None:
    """One POST per delivery, unless its worker's lease ran out on a busy machine (audit:
    ``lease_expired``): then the reconciler's lookup may race the worker's send, and the extra
    POST carries the same idempotency key, which the platform answers with the same post
    (``assert_exactly_once`` checks that). A duplicated message never causes a request."""
    posts = Counter(
        r.headers.get("idempotency-key") for r in server.control.seen("/api/v1/statuses", "POST")
    )
    with stack.runtime.sessions() as session:
        for d in session.scalars(select(Delivery).where(Delivery.id.in_(ids))):
            sent = posts.pop(d.idempotency_key, 0)
            if sent > 1:
                kinds = [e.kind for e in audit.events_for(session, "delivery", d.id)]
                assert "lease_expired" in kinds, f"delivery {d.id} sent {sent} times: {kinds}"
    assert not posts, f"POSTs for no delivery of this test: {posts}"
