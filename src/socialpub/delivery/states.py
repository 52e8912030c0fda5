"""The delivery state machine as data: which state may follow which. Pure, no I/O."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    PUBLISHING = "publishing"
    RETRY_WAIT = "retry_wait"
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    HELD = "held"  # waiting while its account is paused (auth error); released by an admin


TERMINAL = frozenset({State.PUBLISHED, State.FAILED, State.CANCELLED})
DISPATCHABLE = frozenset({State.SCHEDULED, State.RETRY_WAIT})
CANCELLABLE = frozenset(
    {State.DRAFT, State.SCHEDULED, State.QUEUED, State.RETRY_WAIT, State.HELD, State.UNKNOWN}
)

ALLOWED: dict[State, frozenset[State]] = {
    # draft → draft: a draft rescheduled (or edited) stays a draft until it is approved
    State.DRAFT: frozenset({State.DRAFT, State.SCHEDULED, State.CANCELLED}),
    State.SCHEDULED: frozenset({State.QUEUED, State.CANCELLED, State.SCHEDULED, State.HELD}),
    # queued → queued: the reconciler re-sends a message Redis lost, and says so in the audit log
    State.QUEUED: frozenset(
        {State.QUEUED, State.PUBLISHING, State.CANCELLED, State.SCHEDULED, State.HELD}
    ),
    # publishing → scheduled: a batch gives back, unsent, what it did not get to
    State.PUBLISHING: frozenset(
        {
            State.PUBLISHED,
            State.RETRY_WAIT,
            State.FAILED,
            State.UNKNOWN,
            State.HELD,
            State.SCHEDULED,
        }
    ),
    State.RETRY_WAIT: frozenset(
        {State.QUEUED, State.CANCELLED, State.SCHEDULED, State.FAILED, State.HELD}
    ),
    State.HELD: frozenset({State.SCHEDULED, State.CANCELLED}),
    State.UNKNOWN: frozenset({State.PUBLISHED, State.SCHEDULED, State.FAILED, State.CANCELLED}),
    State.PUBLISHED: frozenset(),
    State.FAILED: frozenset({State.SCHEDULED}),  # an admin may retry a failed delivery
    State.CANCELLED: frozenset(),
}


class IllegalTransition(ValueError):
    pass


def sources_for(target: State) -> frozenset[State]:
    """Every state from which ``target`` may be reached."""
    return frozenset(s for s, nexts in ALLOWED.items() if target in nexts)


def check(source: State, target: State) -> None:
    if target not in ALLOWED[source]:
        raise IllegalTransition(f"a delivery cannot go from {source} to {target}")
