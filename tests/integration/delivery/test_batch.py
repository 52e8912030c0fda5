"""Several deliveries in one worker message, against a real receiver, database and Redis.

Each delivery in a batch must keep the guarantees it has alone: claimed once, sent once, its own
audit trail, and nothing sent into an account the platform has just throttled or refused, or by
a worker whose lease on it was taken over.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from socialpub import audit
from socialpub.delivery import service
from socialpub.delivery.batch import publish_many
from socialpub.delivery.dispatch import dispatch_due
from socialpub.delivery.reconcile import reconcile
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.accounts import pause
from socialpub.store.models import AccountState, AuditEvent, Delivery
from tests.integration.delivery.conftest import ListQueue, hook
from tests.integration.delivery.seed import seed
from tests.receiver import Receiver

WORKER = "worker:test"


def queue_due(runtime: Runtime) -> list[int]:
    queue = ListQueue()
    dispatch_due(runtime.sessions, queue, now=datetime.now(UTC))
    return queue.sent


def rows(runtime: Runtime, ids: list[int]) -> dict[int, Delivery]:
    with runtime.sessions() as session:
        found = session.scalars(select(Delivery).where(Delivery.id.in_(ids))).all()
        return {d.id: d for d in found}


def kinds(runtime: Runtime, delivery_id: int) -> list[str]:
    with runtime.sessions() as session:
        return [e.kind for e in audit.events_for(session, "delivery", delivery_id)]


def last_event(runtime: Runtime, delivery_id: int) -> AuditEvent:
    with runtime.sessions() as session:
        return audit.events_for(session, "delivery", delivery_id)[-1]


def two_accounts(runtime_factory: Any, hook_url: str, **extra: Any) -> Runtime:
    # A time budget no busy machine exhausts, unless a test is about the budget.
    extra.setdefault("publish_batch_seconds", 60.0)
    runtime: Runtime = runtime_factory(accounts={"a": hook(hook_url), "b": hook(hook_url)}, **extra)
    return runtime


def test_a_batch_publishes_each_delivery_once_with_its_own_audit_trail(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime = two_accounts(runtime_factory, hook_url)
    ids = seed(runtime.sessions, "a", "webhook", 4) + seed(runtime.sessions, "b", "webhook", 3)
    assert sorted(queue_due(runtime)) == sorted(ids)
    outcomes = publish_many(runtime, ids, actor=WORKER)
    assert outcomes == dict.fromkeys(ids, State.PUBLISHED)
    assert receiver.attempts == len(receiver.received) == 7
    sent = {r["id"] for r in receiver.received}
    for delivery_id, row in rows(runtime, ids).items():
        assert row.attempts == 1 and row.idempotency_key in sent
        assert row.remote_id and row.remote_url and row.lease_until is None
        assert kinds(runtime, delivery_id)[-4:] == [
            "queued",
            "attempt_started",
            "attempt_result",
            "published",
        ]
    # The same message again (Celery redelivered it): nothing is claimed, nothing sent.
    assert publish_many(runtime, ids, actor=WORKER) == dict.fromkeys(ids)
    assert receiver.attempts == 7


def test_what_cannot_be_claimed_is_skipped_and_the_rest_goes_out(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime = two_accounts(runtime_factory, hook_url)
    cancelled, ok = seed(runtime.sessions, "a", "webhook", 2)
    (paused,) = seed(runtime.sessions, "b", "webhook", 1)
    queue_due(runtime)
    with runtime.sessions.begin() as session:
        assert service.cancel(session, cancelled, actor="user:test")
        pause(session, "b", "token revoked", actor="user:test")
    missing = 10**9
    outcomes = publish_many(runtime, [cancelled, missing, paused, ok], actor=WORKER)
    assert outcomes == {cancelled: None, missing: None, paused: None, ok: State.PUBLISHED}
    assert receiver.attempts == 1
    held = rows(runtime, [paused])[paused]
    assert held.state == State.HELD and held.attempts == 0  # not claimed: held where it waited


def test_a_throttled_account_gives_back_the_rest_of_its_batch_unsent(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime = two_accounts(runtime_factory, hook_url)
    a1, a2, a3 = seed(runtime.sessions, "a", "webhook", 3)
    b1, b2 = seed(runtime.sessions, "b", "webhook", 2)
    queue_due(runtime)
    receiver.script = [429]  # the first request, a1's, answers 429 with Retry-After: 1
    before = datetime.now(UTC)
    outcomes = publish_many(runtime, [a1, b1, a2, b2, a3], actor=WORKER)
    assert outcomes == {
        a1: State.RETRY_WAIT,
        b1: State.PUBLISHED,
        a2: State.SCHEDULED,
        b2: State.PUBLISHED,
        a3: State.SCHEDULED,
    }
    assert receiver.attempts == 3  # a1 once, b1, b2: nothing more went to the throttled account
    found = rows(runtime, [a1, a2, a3])
    assert found[a1].attempts == 1
    for given_back in (a2, a3):
        assert found[given_back].attempts == 0  # not sent, so not counted
        assert found[given_back].due_at >= before + timedelta(seconds=0.9)
        event = last_event(runtime, given_back)
        assert event.kind == "rate_limited" and event.details["sent"] is False


def test_an_auth_error_pauses_the_account_and_holds_the_rest_of_its_batch(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime = two_accounts(runtime_factory, hook_url)
    a1, a2 = seed(runtime.sessions, "a", "webhook", 2)
    (b1,) = seed(runtime.sessions, "b", "webhook", 1)
    queue_due(runtime)
    receiver.script = [401]
    outcomes = publish_many(runtime, [a1, a2, b1], actor=WORKER)
    assert outcomes == {a1: State.HELD, a2: State.HELD, b1: State.PUBLISHED}
    assert receiver.attempts == 2
    found = rows(runtime, [a1, a2])
    assert (found[a1].attempts, found[a2].attempts) == (1, 0)
    with runtime.sessions() as session:
        state = session.get(AccountState, "a")
        assert state is not None and state.needs_attention


def test_leases_of_waiting_deliveries_are_renewed_while_a_slow_batch_runs(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(
        accounts={"a": hook(hook_url)}, lease_seconds=3.0, publish_batch_seconds=60.0
    )
    ids = seed(runtime.sessions, "a", "webhook", 5)
    queue_due(runtime)
    # Five sends take 5 s or more, longer than one lease. (Renewed every third of a lease, so a
    # busy machine may delay a renewal by two thirds of one, 2 s, before it would be lost.)
    receiver.delay_seconds = 1.0
    done = threading.Event()

    def reconciler() -> None:  # as the scheduler would, but far more often
        while not done.is_set():
            reconcile(runtime, ListQueue(), now=datetime.now(UTC), actor="reconciler:test")
            done.wait(0.1)

    thread = threading.Thread(target=reconciler)
    thread.start()
    try:
        outcomes = publish_many(runtime, ids, actor=WORKER)
    finally:
        done.set()
        thread.join(10)
    assert outcomes == dict.fromkeys(ids, State.PUBLISHED)
    assert receiver.attempts == 5
    assert not [k for i in ids for k in kinds(runtime, i) if k == "lease_expired"]


def test_a_delivery_taken_over_mid_batch_is_left_to_the_reconciler_unsent(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(
        accounts={"a": hook(hook_url)}, lease_seconds=1.0, publish_batch_seconds=30.0
    )
    first, second, third = seed(runtime.sessions, "a", "webhook", 3)
    queue_due(runtime)
    keys = {d.idempotency_key: d.id for d in rows(runtime, [first, second, third]).values()}
    receiver.delay_seconds = 0.6  # the batch renews its leases before the second send

    def take_over_second(key: str) -> None:
        if keys.get(key) == first:  # while the first is being sent, someone else takes the second
            with runtime.sessions.begin() as session:
                session.execute(
                    update(Delivery)
                    .where(Delivery.id == second)
                    .values(lease_owner="reconciler:elsewhere")
                )

    receiver.on_post = take_over_second
    outcomes = publish_many(runtime, [first, second, third], actor=WORKER)
    assert outcomes == {first: State.PUBLISHED, second: State.PUBLISHING, third: State.PUBLISHED}
    assert sorted(keys[r["id"]] for r in receiver.received) == [first, third]
    assert rows(runtime, [second])[second].lease_owner == "reconciler:elsewhere"


def test_a_batch_on_a_slow_platform_gives_back_what_it_has_not_started_in_time(
    runtime_factory: Any, hook_url: str, receiver: Receiver
) -> None:
    runtime: Runtime = runtime_factory(accounts={"a": hook(hook_url)}, publish_batch_seconds=0.5)
    ids = seed(runtime.sessions, "a", "webhook", 5)
    queue_due(runtime)
    receiver.delay_seconds = 0.3  # sends start at 0, 0.3 (if the machine is quick), 0.6 > 0.5
    outcomes = publish_many(runtime, ids, actor=WORKER)
    # How many fit in the budget depends on the machine's speed: one for certain (the first is
    # always sent), two at most (each send takes 0.3 s). What was sent is a prefix, published;
    # the rest went back unsent.
    sent = [i for i in ids if outcomes[i] == State.PUBLISHED]
    assert 1 <= len(sent) <= 2 and sent == ids[: len(sent)]
    rest = ids[len(sent) :]
    given_back = dict.fromkeys(rest, State.SCHEDULED)
    assert outcomes == {**dict.fromkeys(sent, State.PUBLISHED), **given_back}
    assert receiver.attempts == len(sent)
    back = rows(runtime, rest)
    for delivery_id, row in back.items():
        assert row.attempts == 0 and row.due_at <= datetime.now(UTC)  # due again at once
        assert kinds(runtime, delivery_id)[-1] == "given_back"
    # The next ticks queue them again and they go out, each once (every batch sends its first).
    receiver.delay_seconds = 0.0
    while rest:
        assert sorted(queue_due(runtime)) == sorted(rest)
        outcomes = publish_many(runtime, rest, actor=WORKER)
        assert outcomes[rest[0]] == State.PUBLISHED
        rest = [i for i in rest if outcomes[i] != State.PUBLISHED]
    assert receiver.attempts == len(receiver.received) == 5


def test_accounts_whose_platform_cannot_look_a_post_up_are_never_batched(
    runtime_factory: Any, hook_url: str
) -> None:
    blind = {k: v for k, v in hook(hook_url).items() if k != "lookup_url"}
    runtime: Runtime = runtime_factory(
        accounts={"seeing": hook(hook_url), "blind": blind}, publish_batch=20
    )
    # After a crash, a claimed but unsent delivery could not be told from the one in flight.
    assert runtime.publish_batch("seeing") == 20
    assert runtime.publish_batch("blind") == 1
    assert runtime.publish_batch("no-such-account") == 1
    seed(runtime.sessions, "seeing", "webhook", 3)
    seed(runtime.sessions, "blind", "webhook", 3)
    sizes: list[tuple[int, ...]] = []
    dispatch_due(
        runtime.sessions,
        lambda ids, priority: sizes.append(tuple(ids)),
        now=datetime.now(UTC),
        per_message=runtime.publish_batch,
    )
    assert sorted(len(ids) for ids in sizes) == [1, 1, 1, 3]
