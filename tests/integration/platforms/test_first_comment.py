"""First comments: created only after the post is published, once, and published once as a
reply to it over real HTTP, even when the answer to the comment is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
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


def _linkedin(stack: ExitStack, env: pytest.MonkeyPatch) -> tuple[dict[str, Any], Replied]:
    from tests.platform_servers.linkedin import LinkedInServer

    server = stack.enter_context(LinkedInServer())
    member = "urn:li:person:abc123"
    env.setenv("FC_SECRET", server.grant(member)[0])
    account = {
        "platform": "linkedin",
        "author": member,
        "api_base_url": server.base_url,
        "access_token_env": "FC_SECRET",
    }

    def replied(parent: str, comment: str) -> bool:
        made = server.comments.get(comment)
        return made is not None and made["object"] == parent and made["actor"] == member

    return account, replied


def _bluesky(stack: ExitStack, env: pytest.MonkeyPatch) -> tuple[dict[str, Any], Replied]:
    from tests.platform_servers.bluesky import BlueskyServer

    server = stack.enter_context(BlueskyServer())
    server.add_account("newsroom.example", "abcd-efgh-ijkl-mnop")
    env.setenv("FC_SECRET", "abcd-efgh-ijkl-mnop")
    account = {
        "platform": "bluesky",
        "identifier": "newsroom.example",
        "service": server.base_url,
        "app_password_env": "FC_SECRET",
    }

    def replied(parent: str, comment: str) -> bool:
        record = server.records.get(comment, {}).get("value", {})
        return bool(record.get("reply", {}).get("parent", {}).get("uri") == parent)

    return account, replied


def _x(stack: ExitStack, env: pytest.MonkeyPatch) -> tuple[dict[str, Any], Replied]:
    from tests.platform_servers.x import XServer

    server = stack.enter_context(XServer())
    env.setenv("FC_SECRET", server.grant("newsroom")[1])
    account = {
        "platform": "x",
        "client_id": server.client_id,
        "api_base_url": server.base_url,
        "refresh_token_env": "FC_SECRET",
    }

    def replied(parent: str, comment: str) -> bool:
        tweet = server.tweets.get(comment)
        return tweet is not None and tweet.reply_to == parent

    return account, replied


def _threads(stack: ExitStack, env: pytest.MonkeyPatch) -> tuple[dict[str, Any], Replied]:
    from tests.platform_servers.threads import ThreadsServer

    server = stack.enter_context(ThreadsServer())
    env.setenv("FC_SECRET", server.issue_token())
    account = {
        "platform": "threads",
        "graph_url": server.base_url,
        "poll_seconds": 0.05,
        "access_token_env": "FC_SECRET",
    }

    def replied(parent: str, comment: str) -> bool:
        return bool(server.posts.get(comment, {}).get("reply_to") == parent)

    return account, replied


Replied = Callable[[str, str], bool]
PLATFORMS: dict[str, Callable[[ExitStack, pytest.MonkeyPatch], tuple[dict[str, Any], Replied]]] = {
    "linkedin": _linkedin,
    "bluesky": _bluesky,
    "x": _x,
    "threads": _threads,
}


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_each_platform_takes_the_first_comment_through_the_same_path(
    platform: str, runtime_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scheduler's spawn, the worker's publish, the lookup after a lost answer and retract:
    the same code for a reply (Bluesky, X, Threads) as for a page's comment (LinkedIn)."""
    from socialpub.platforms.base import PublishRequest

    with ExitStack() as stack:
        account, replied = PLATFORMS[platform](stack, monkeypatch)
        runtime: Runtime = runtime_factory(accounts={"acct": account})
        [parent_id] = seed(runtime.sessions, "acct", platform, 1, tag="Night clinic opens")
        with runtime.sessions.begin() as session:
            post_id = session.get_one(Delivery, parent_id).post_id
            session.execute(update(Post).where(Post.id == post_id).values(first_comment=COMMENT))
        assert spawn_due(runtime) == 0  # the post is not out yet
        tick(runtime)
        assert spawn_due(runtime) == 1
        tick(runtime)
        [comment] = comments_of(runtime, parent_id)
        assert comment.state == State.PUBLISHED.value, comment.last_error
        with runtime.sessions() as session:
            parent_remote = str(session.get_one(Delivery, parent_id).remote_id)
        assert comment.reply_to == parent_remote
        assert replied(parent_remote, str(comment.remote_id))
        adapter = runtime.adapter("acct")
        if adapter.can_look_up:  # after a lost answer, the comment is found, not the post
            asked = PublishRequest(COMMENT, comment.idempotency_key, reply_to=parent_remote)
            found = adapter.lookup(asked)
            assert found is not None and found.remote_id == comment.remote_id
        adapter.delete(str(comment.remote_id))
        assert not replied(parent_remote, str(comment.remote_id))
