"""The state machine as data: terminal states stay put, races have one winner by design."""

from __future__ import annotations

import pytest

from socialpub.delivery.states import ALLOWED, IllegalTransition, State, check, sources_for


def test_published_and_cancelled_are_final() -> None:
    assert ALLOWED[State.PUBLISHED] == frozenset()
    assert ALLOWED[State.CANCELLED] == frozenset()


def test_unknown_is_never_sent_again_without_a_person() -> None:
    # From unknown there is no way to queued or publishing: only an admin reschedules it.
    assert State.QUEUED not in ALLOWED[State.UNKNOWN]
    assert State.PUBLISHING not in ALLOWED[State.UNKNOWN]


def test_only_queued_leads_to_publishing() -> None:
    assert sources_for(State.PUBLISHING) == frozenset({State.QUEUED})


def test_every_state_has_rules() -> None:
    assert set(ALLOWED) == set(State)


def test_check_refuses() -> None:
    check(State.SCHEDULED, State.QUEUED)
    with pytest.raises(IllegalTransition):
        check(State.PUBLISHED, State.SCHEDULED)
