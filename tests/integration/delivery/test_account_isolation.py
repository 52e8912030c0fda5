"""Finding 6: one account's unreadable value never holds back another account's deliveries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from socialpub.delivery.dispatch import dispatch_due
from socialpub.delivery.slots import rules_for
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery
from tests.integration.delivery.conftest import ListQueue, hook
from tests.integration.delivery.seed import publish_one, seed
from tests.receiver import Receiver


def states(runtime: Runtime) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    with runtime.sessions() as session:
        for account, state in session.execute(select(Delivery.account, Delivery.state)):
            found.setdefault(account, set()).add(str(state))
    return found


def test_a_broken_window_holds_back_only_its_own_account(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    # Built directly, as a settings object that slipped past load-time validation would be.
    runtime: Runtime = runtime_factory(
        accounts={
            "broken": hook(hook_url, windows=["mon-fri 08:00-25:00"]),
            "healthy": hook(hook_url),
        },
    )
    now = datetime.now(UTC)
    # More broken deliveries than one batch holds, all due first: they must not starve the other.
    seed(runtime.sessions, "broken", "webhook", [now.replace(year=now.year - 1)] * 5)
    (good,) = seed(runtime.sessions, "healthy", "webhook", [now])
    queue = ListQueue()
    rules = rules_for(runtime.settings)
    dispatch_due(runtime.sessions, queue, now=now, batch=3, open_at=rules.open_at)
    assert queue.sent == [good]
    publish_one(runtime, good, actor="worker:test", clock=lambda: now)
    found = states(runtime)
    assert found["healthy"] == {State.PUBLISHED.value}
    assert found["broken"] == {State.SCHEDULED.value}
    assert len(receiver.received) == 1
