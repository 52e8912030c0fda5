"""The actions people take on posts and deliveries, with their permissions and time rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from socialpub import audit
from socialpub.delivery import actions, approvals, service
from socialpub.delivery.errors import Conflict, Invalid, NeedsNewTime
from socialpub.delivery.permissions import Actor, PermissionDenied
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery, Post
from socialpub.store.tokens import Role

ARTICLE = (
    "Library extends opening hours\n\nThe main library will open until midnight in exam season."
)
ALICE = Actor("api:alice", Role.STAFF)
BOB = Actor("api:bob", Role.STAFF)
HEAD = Actor("api:head", Role.APPROVER)
ROOT = Actor("api:root", Role.ADMIN)


@pytest.fixture
def runtime(runtime_factory: Any) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={
            "one": {"platform": "outbox", "path": "one.jsonl"},
            "two": {"platform": "outbox", "path": "two.jsonl"},
        }
    )
    return rt


def compose(
    runtime: Runtime,
    *,
    author: Actor = ALICE,
    accounts: tuple[str, ...] = ("one",),
    when: datetime | None = None,
    draft: bool = False,
    **extra: Any,
) -> Post:
    request = service.ComposeRequest(
        raw=ARTICLE,
        accounts=[runtime.account(a) for a in accounts],
        when=when or datetime.now(UTC),
        tz="Europe/Paris",
        author=author.name,
        draft=draft,
        allow_duplicate=True,
        **extra,
    )
    with runtime.sessions.begin() as session:
        post = service.create_post(session, request, runtime.limits_for, actor=author.name)
        session.expunge_all()
    return post


def delivery(runtime: Runtime, delivery_id: int) -> Delivery:
    with runtime.sessions() as session:
        d = session.get(Delivery, delivery_id)
        assert d is not None
        session.expunge(d)
        return d


def ids_of(runtime: Runtime, post_id: int) -> list[int]:
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Delivery.id).where(Delivery.post_id == post_id).order_by(Delivery.id)
            )
        )


def test_the_same_account_twice_makes_one_delivery_and_accounts_are_capped(
    runtime: Runtime,
) -> None:
    post = compose(runtime, accounts=("one", "one", "two", "one"))
    assert [delivery(runtime, i).account for i in ids_of(runtime, post.id)] == ["one", "two"]
    with pytest.raises(service.ComposeError, match="at most 1 accounts"):
        request = service.ComposeRequest(
            raw=ARTICLE,
            accounts=[runtime.account("one"), runtime.account("two")],
            when=datetime.now(UTC),
            tz="UTC",
            author="x",
            allow_duplicate=True,
        )
        with runtime.sessions.begin() as session:
            service.create_post(session, request, runtime.limits_for, actor="x", max_accounts=1)


def test_a_past_time_is_refused_everywhere_unless_allowed(runtime: Runtime) -> None:
    past = datetime(2020, 1, 1, 10, tzinfo=UTC)
    with pytest.raises(service.ComposeError, match="in the past"):
        compose(runtime, when=past)
    (d,) = ids_of(runtime, compose(runtime).id)
    now = datetime.now(UTC)
    with runtime.sessions.begin() as session, pytest.raises(Invalid, match="in the past"):
        actions.reschedule_delivery(session, d, past, "UTC", actor=ALICE, now=now)
    assert delivery(runtime, d).due_at > past
    with runtime.sessions.begin() as session:
        actions.reschedule_delivery(session, d, past, "UTC", actor=ALICE, now=now, allow_past=True)
    assert delivery(runtime, d).due_at == past


def test_rescheduling_a_draft_keeps_it_a_draft(runtime: Runtime) -> None:
    (d,) = ids_of(runtime, compose(runtime, draft=True).id)
    later = datetime.now(UTC) + timedelta(days=2)
    with runtime.sessions.begin() as session:
        moved = actions.reschedule_delivery(
            session, d, later, "UTC", actor=ALICE, now=datetime.now(UTC)
        )
        assert moved.state == State.DRAFT
    assert delivery(runtime, d).due_at == later
    with runtime.sessions.begin() as session:  # the internal path (next-slot placement) too
        assert service.reschedule(session, d, later + timedelta(hours=1), "UTC", actor="t")
    assert delivery(runtime, d).state == State.DRAFT


def test_staff_cancel_only_their_own_and_unknown_is_for_admins(runtime: Runtime) -> None:
    (mine,) = ids_of(runtime, compose(runtime, author=ALICE).id)
    with runtime.sessions.begin() as session, pytest.raises(PermissionDenied):
        actions.cancel_delivery(session, mine, actor=BOB)
    with runtime.sessions.begin() as session:
        assert actions.cancel_delivery(session, mine, actor=ALICE, reason="typo").state == (
            State.CANCELLED
        )
    (other,) = ids_of(runtime, compose(runtime, author=ALICE).id)
    with runtime.sessions.begin() as session:
        session.execute(update(Delivery).where(Delivery.id == other).values(state="unknown"))
    for who in (ALICE, HEAD):
        with runtime.sessions.begin() as session, pytest.raises(PermissionDenied, match="admin"):
            actions.cancel_delivery(session, other, actor=who)
    with runtime.sessions.begin() as session:
        actions.cancel_delivery(session, other, actor=ROOT)
    with runtime.sessions() as session:  # audit events are written as the transaction commits
        events = audit.events_for(session, "delivery", other)
        assert (events[-1].kind, events[-1].actor) == ("cancelled", ROOT.name)
    with runtime.sessions.begin() as session, pytest.raises(Conflict, match="no longer"):
        actions.cancel_delivery(session, other, actor=ROOT)


def test_approval_after_the_scheduled_time_asks_for_a_new_time(runtime: Runtime) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=5)
    post = compose(runtime, draft=True, when=soon)
    (d,) = ids_of(runtime, post.id)
    later = soon + timedelta(hours=1)  # the approver comes back after the time has passed
    with runtime.sessions.begin() as session, pytest.raises(NeedsNewTime):
        approvals.approve(session, post.id, actor=HEAD, now=later)
    assert delivery(runtime, d).state == State.DRAFT
    new_time = later + timedelta(minutes=30)
    with runtime.sessions.begin() as session:
        assert approvals.approve(
            session, post.id, actor=HEAD, now=later, when=new_time, tz="UTC"
        ) == [d]
    assert (delivery(runtime, d).state, delivery(runtime, d).due_at) == (State.SCHEDULED, new_time)


def test_a_draft_for_now_goes_when_approved_and_four_eyes_forbids_ones_own(
    runtime: Runtime,
) -> None:
    post = compose(runtime, author=HEAD, draft=True)
    (d,) = ids_of(runtime, post.id)
    later = datetime.now(UTC) + timedelta(hours=3)
    with runtime.sessions.begin() as session, pytest.raises(PermissionDenied, match="four-eyes"):
        approvals.approve(session, post.id, actor=HEAD, now=later, four_eyes=True)
    with runtime.sessions.begin() as session, pytest.raises(PermissionDenied):
        approvals.approve(session, post.id, actor=ALICE, now=later)
    with runtime.sessions.begin() as session:
        assert approvals.approve(session, post.id, actor=ROOT, now=later, four_eyes=True) == [d]
    assert delivery(runtime, d).due_at == later


def test_reject_with_a_comment_edit_resubmit_approve(runtime: Runtime) -> None:
    post = compose(runtime, author=ALICE, draft=True, accounts=("one", "two"))
    first, second = ids_of(runtime, post.id)
    now = datetime.now(UTC)
    with runtime.sessions.begin() as session:
        approvals.reject(session, post.id, "Name the library", actor=HEAD, now=now)
    with runtime.sessions() as session:
        assert [p.review_comment for p in approvals.posts_by(session, ALICE.name)] == [
            "Name the library"
        ]
        assert approvals.inbox(session) == []
    with runtime.sessions.begin() as session, pytest.raises(Conflict, match="resubmits"):
        approvals.approve(session, post.id, actor=HEAD, now=now)
    with runtime.sessions.begin() as session:
        edited = actions.edit_delivery(
            session,
            first,
            actor=ALICE,
            account_for=runtime.account,
            limits_for=runtime.limits_for,
            text="The Main Library opens until midnight in exam season.",
            hashtags=["#Library", "exams"],
            now=now,
        )
        assert edited.text.startswith("The Main Library opens")
        assert "#Library" in edited.text and "#exams" in edited.text
    with runtime.sessions.begin() as session, pytest.raises(PermissionDenied):
        approvals.resubmit(session, post.id, actor=BOB, now=now)
    with runtime.sessions.begin() as session:
        approvals.resubmit(session, post.id, actor=ALICE, now=now)
        assert [p.id for p in approvals.inbox(session)] == [post.id]
    with runtime.sessions.begin() as session:
        assert approvals.approve(session, post.id, actor=HEAD, now=now) == [first, second]
    with runtime.sessions() as session:
        kinds = [e.kind for e in audit.events_for(session, "post", post.id)]
        assert kinds == ["created", "rejected", "resubmitted", "approved"]
    assert delivery(runtime, second).text != delivery(runtime, first).text


def test_an_edit_is_refitted_to_the_limit_and_only_before_a_worker_has_it(
    runtime: Runtime,
) -> None:
    (d,) = ids_of(runtime, compose(runtime).id)
    limit = runtime.limits_for(runtime.account("one")).max_length
    with runtime.sessions.begin() as session:
        edited = actions.edit_delivery(
            session,
            d,
            actor=ALICE,
            account_for=runtime.account,
            limits_for=runtime.limits_for,
            text="Long. " * 2000,
            now=datetime.now(UTC),
        )
        assert all(len(p) <= limit for p in edited.parts)
    with runtime.sessions.begin() as session:
        session.execute(update(Delivery).where(Delivery.id == d).values(state="queued"))
    with runtime.sessions.begin() as session, pytest.raises(Conflict, match="no longer"):
        actions.edit_delivery(
            session,
            d,
            actor=ALICE,
            account_for=runtime.account,
            limits_for=runtime.limits_for,
            text="x",
            now=datetime.now(UTC),
        )
    with runtime.sessions.begin() as session, pytest.raises(Invalid, match="hashtag"):
        actions.clean_hashtags(["#ok", "not ok"])
    # a script's vowel signs are part of its letters, as the platforms read them
    assert actions.clean_hashtags(["#हिंदी", "#Open_Data"]) == ["हिंदी", "Open_Data"]


def test_an_embargo_cannot_be_overtaken(runtime: Runtime) -> None:
    now = datetime.now(UTC)
    embargo = now + timedelta(days=1)
    with pytest.raises(service.ComposeError, match="embargo"):
        compose(runtime, when=now, not_before=embargo)
    post = compose(runtime, when=embargo + timedelta(hours=1), not_before=embargo, draft=True)
    (d,) = ids_of(runtime, post.id)
    with runtime.sessions.begin() as session, pytest.raises(Invalid, match="embargo"):
        actions.reschedule_delivery(session, d, now, "UTC", actor=ALICE, now=now)
    with runtime.sessions.begin() as session, pytest.raises(Invalid, match="embargo"):
        approvals.approve(session, post.id, actor=HEAD, now=now, when=now + timedelta(hours=1))
    # An embargo set later moves what was due earlier.
    (other,) = ids_of(runtime, compose(runtime, when=now + timedelta(hours=1)).id)
    other_post = delivery(runtime, other).post_id
    with runtime.sessions.begin() as session:
        assert actions.set_embargo(session, other_post, embargo, actor=ALICE, now=now) == [other]
    assert delivery(runtime, other).due_at == embargo
