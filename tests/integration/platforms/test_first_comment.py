"""First comments: created only after the post is published, once, and published once as a
reply to it over real HTTP, even when the answer to the comment is lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from socialpub.delivery.first_comment import comment_key, spawn_due
from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import AuditEvent, Delivery, Post
from tests.integration.delivery.conftest import tick
from tests.integration.delivery.seed import seed
from tests.platform_servers.mastodon import MastodonServer

COMMENT = "Read the full story: https://news.example/clinic #health"


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    with MastodonServer() as server:
        yield server


@pytest.fixture
def runtime(
    mastodon: MastodonServer, runtime_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> Runtime:
    monkeypatch.setenv("FC_TOKEN", mastodon.issue_token("newsroom"))
    account = {"platform": "mastodon", "base_url": mastodon.base_url, "token_env": "FC_TOKEN"}
    rt: Runtime = runtime_factory(accounts={"masto": account})
    return rt


def post_with_comment(runtime: Runtime, delay_seconds: int = 0) -> int:
    [delivery_id] = seed(runtime.sessions, "masto", "mastodon", 1, tag="Night clinic opens")
    with runtime.sessions.begin() as session:
        post_id = session.get_one(Delivery, delivery_id).post_id
        session.execute(
            update(Post)
            .where(Post.id == post_id)
            .values(first_comment=COMMENT, first_comment_delay_seconds=delay_seconds)
        )
    return delivery_id


def comments_of(runtime: Runtime, parent_id: int) -> list[Delivery]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Delivery).where(Delivery.parent_id == parent_id)))


def test_the_comment_follows_the_published_post_as_a_reply(
    runtime: Runtime, mastodon: MastodonServer
) -> None:
    parent_id = post_with_comment(runtime, delay_seconds=60)
    assert spawn_due(runtime) == 0  # not published yet: no comment
    tick(runtime)
    with runtime.sessions() as session:
        parent = session.get_one(Delivery, parent_id)
        assert parent.state == State.PUBLISHED.value
        parent_remote, parent_key = parent.remote_id, parent.idempotency_key
    now = datetime.now(UTC)
    assert spawn_due(runtime, now) == 1
    assert spawn_due(runtime, now) == 0  # one comment per post, however often it runs
    [comment] = comments_of(runtime, parent_id)
    assert comment.reply_to == parent_remote and comment.idempotency_key == comment_key(parent_key)
    assert comment.due_at >= now + timedelta(seconds=59)
    tick(runtime, now + timedelta(seconds=30))
    assert comments_of(runtime, parent_id)[0].state == State.SCHEDULED.value  # waits its delay
    tick(runtime, now + timedelta(seconds=61))
    [comment] = comments_of(runtime, parent_id)
    assert comment.state == State.PUBLISHED.value
    status = mastodon.statuses[str(comment.remote_id)]
    assert status.text == COMMENT and status.in_reply_to_id == parent_remote
    keys = [r.headers["idempotency-key"] for r in mastodon.control.seen("/api/v1/statuses", "POST")]
    assert keys == [parent_key, comment_key(parent_key)]
    with runtime.sessions() as session:
        kinds = session.scalars(
            select(AuditEvent.kind)
            .where(AuditEvent.subject_id == comment.id)
            .order_by(AuditEvent.id)
        ).all()
    assert kinds[0] == "scheduled" and kinds[-1] == "published"


def test_a_lost_answer_to_the_comment_still_gives_exactly_one_comment(
    runtime: Runtime, mastodon: MastodonServer
) -> None:
    parent_id = post_with_comment(runtime)
    tick(runtime)
    spawn_due(runtime)
    # the platform makes the comment, then the connection drops: the worker must not resend
    mastodon.control.drop(apply=True, path="/api/v1/statuses", method="POST")
    for _ in range(3):
        tick(runtime, datetime.now(UTC) + timedelta(minutes=5))
    replies = [s for s in mastodon.statuses.values() if s.in_reply_to_id is not None]
    assert len(replies) == 1 and replies[0].text == COMMENT
    [parent] = [s for s in mastodon.statuses.values() if s.in_reply_to_id is None]
    assert replies[0].in_reply_to_id == parent.id and int(replies[0].id) > int(parent.id)
    [comment] = comments_of(runtime, parent_id)
    assert comment.state in (State.PUBLISHED.value, State.PUBLISHING.value)


def test_schedulers_spawning_at_once_make_one_comment(runtime: Runtime) -> None:
    parent_id = post_with_comment(runtime)
    tick(runtime)
    barrier, made = threading.Barrier(3), []

    def spawn() -> None:
        barrier.wait()
        made.append(spawn_due(runtime))

    threads = [threading.Thread(target=spawn) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(made) == 1 and len(comments_of(runtime, parent_id)) == 1


def test_on_a_facebook_page_the_first_comment_is_the_pages_comment(
    runtime_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.platform_servers.facebook import FacebookServer

    with FacebookServer(page_id="1029384756") as facebook:
        monkeypatch.setenv("FC_FB", facebook.issue_token())
        account = {
            "platform": "facebook",
            "page_id": "1029384756",
            "graph_url": facebook.base_url,
            "page_token_env": "FC_FB",
        }
        runtime: Runtime = runtime_factory(accounts={"page": account})
        [parent_id] = seed(runtime.sessions, "page", "facebook", 1, tag="Open day")
        with runtime.sessions.begin() as session:
            post_id = session.get_one(Delivery, parent_id).post_id
            session.execute(update(Post).where(Post.id == post_id).values(first_comment=COMMENT))
        tick(runtime)
        assert spawn_due(runtime) == 1
        tick(runtime)
        [comment] = comments_of(runtime, parent_id)
        assert comment.state == State.PUBLISHED.value
        [made] = facebook.comments.values()
        with runtime.sessions() as session:
            parent_remote = session.get_one(Delivery, parent_id).remote_id
        assert made == {"id": comment.remote_id, "post": parent_remote, "message": COMMENT}
        # lookup (after a lost answer) finds the comment, not the post
        adapter = runtime.adapter("page")
        from socialpub.platforms.base import PublishRequest

        found = adapter.lookup(PublishRequest(COMMENT, "k", reply_to=parent_remote))
        assert found is not None and found.remote_id == comment.remote_id
        adapter.delete(str(comment.remote_id))
        assert facebook.comments == {}
