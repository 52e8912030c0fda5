"""Who may do what to whose post: the rules as a table."""

from __future__ import annotations

import pytest

from socialpub.delivery.permissions import (
    Actor,
    PermissionDenied,
    check_cancel,
    check_review,
    may_cancel,
    may_change,
    may_operate,
    may_review,
    waits_for_approval,
)
from socialpub.delivery.states import State
from socialpub.store.tokens import Role

ALICE = Actor("api:alice", Role.STAFF)
BOB = Actor("api:bob", Role.STAFF)
HEAD = Actor("api:head", Role.APPROVER)
ROOT = Actor("api:root", Role.ADMIN)


@pytest.mark.parametrize(
    ("actor", "state", "allowed"),
    [
        (ALICE, State.SCHEDULED, True),  # her own post
        (BOB, State.SCHEDULED, False),  # someone else's
        (HEAD, State.SCHEDULED, True),
        (ROOT, State.SCHEDULED, True),
        (ALICE, State.UNKNOWN, False),  # may be on the platform: admin only
        (HEAD, State.UNKNOWN, False),
        (ROOT, State.UNKNOWN, True),
    ],
)
def test_cancel(actor: Actor, state: State, allowed: bool) -> None:
    assert may_cancel(actor, "api:alice", state) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied, match="delivery 7"):
            check_cancel(actor, "api:alice", state, 7)


def test_change_is_for_the_author_and_reviewers() -> None:
    assert may_change(ALICE, "api:alice") and not may_change(BOB, "api:alice")
    assert may_change(HEAD, "api:alice") and may_change(ROOT, "api:alice")


def test_review_needs_an_approver_and_four_eyes_forbids_ones_own() -> None:
    assert not may_review(ALICE, "api:bob", four_eyes=False)
    assert may_review(HEAD, "api:head", four_eyes=False)
    assert not may_review(HEAD, "api:head", four_eyes=True)
    assert may_review(ROOT, "api:head", four_eyes=True)
    with pytest.raises(PermissionDenied, match="four-eyes"):
        check_review(HEAD, "api:head", 3, four_eyes=True)
    with pytest.raises(PermissionDenied, match="approver role"):
        check_review(ALICE, "api:bob", 3, four_eyes=False)


def test_operations_are_for_admins() -> None:
    assert [may_operate(a) for a in (ALICE, HEAD, ROOT)] == [False, False, True]


def test_require_approval_holds_staff_but_not_approvers() -> None:
    assert waits_for_approval(ALICE, require_approval=True)
    assert not waits_for_approval(HEAD, require_approval=True)
    assert not waits_for_approval(ALICE, require_approval=False)
