from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from socialpub.platforms.base import MediaItem, MemoryCredentialStore, PublishRequest
from socialpub.platforms.errors import (
    AuthError,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.threads import ThreadsAdapter
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.threads import ThreadsServer


@pytest.fixture
def server() -> Iterator[ThreadsServer]:
    with ThreadsServer() as s:
        yield s


def make(
    server: ThreadsServer,
    client: httpx.Client,
    store: MemoryCredentialStore,
    token: str,
    **options: Any,
) -> ThreadsAdapter:
    return build(
        ThreadsAdapter,
        client,
        store=store,
        secrets={"access_token": token},
        options={
            "graph_url": server.base_url,
            "poll_seconds": 0.05,
            "timeout_seconds": 1,
            **options,
        },
    )


@pytest.fixture
def adapter(
    server: ThreadsServer, client: httpx.Client, store: MemoryCredentialStore
) -> ThreadsAdapter:
    return make(server, client, store, server.issue_token())


def test_container_is_polled_until_finished_then_published(
    server: ThreadsServer, adapter: ThreadsAdapter
) -> None:
    result = adapter.publish(PublishRequest("Flu clinic opens Monday", "k-1"))
    assert server.posts[result.remote_id]["text"] == "Flu clinic opens Monday"
    assert result.url and result.url.startswith("https://www.threads.net/@cityhospital/post/")
    statuses = [r for r in server.control.requests if r.method == "GET" and "status" in r.query]
    assert len(statuses) == 2


def test_emoji_count_their_utf8_bytes(server: ThreadsServer, adapter: ThreadsAdapter) -> None:
    with pytest.raises(PermanentError, match="emoji"):
        adapter.publish(PublishRequest("🎉" * 126, "k-2"))  # 126 characters, 504 as Threads counts
    adapter.publish(PublishRequest("é" * 500, "k-3"))


def test_replies_and_images_refused(server: ThreadsServer, adapter: ThreadsAdapter) -> None:
    parent = adapter.publish(PublishRequest("1/2", "t-1"))
    child = adapter.publish(PublishRequest("2/2", "t-2", reply_to=parent.remote_id))
    assert server.posts[child.remote_id]["reply_to"] == parent.remote_id
    with pytest.raises(PermanentError, match="public URL"):
        adapter.publish(PublishRequest("pic", "t-3", media=(MediaItem(PNG, "image/png"),)))


def test_a_stalled_container_creation_is_transient_but_a_stalled_publish_is_unknown(
    server: ThreadsServer, adapter: ThreadsAdapter
) -> None:
    server.control.stall(2.0, path="/threads", method="POST")
    with pytest.raises(TransientError):
        adapter.publish(PublishRequest("first try", "k-4"))
    assert server.posts == {}
    request = PublishRequest("second try", "k-5")
    server.control.stall(2.0, path="/threads_publish", method="POST")
    with pytest.raises(UnknownOutcome):
        adapter.publish(request)
    found = adapter.lookup(request)
    assert found is not None and found.remote_id in server.posts


def test_token_is_refreshed_a_week_before_it_expires_and_stored(
    server: ThreadsServer, client: httpx.Client
) -> None:
    store = MemoryCredentialStore()
    soon = datetime.now(UTC) + timedelta(days=3)
    adapter = make(server, client, store, server.issue_token(), token_expires_at=soon.isoformat())
    adapter.verify_credentials()
    assert "token renewed before 20" in adapter.verify_credentials()
    assert len(server.control.seen("/refresh_access_token")) == 1
    assert '"expires_at"' in (store.get("test-account", "oauth") or "")


def test_an_expired_token_blocks_the_account(server: ThreadsServer, client: httpx.Client) -> None:
    token = server.issue_token(age=61 * 86400)
    adapter = make(server, client, MemoryCredentialStore(), token)
    with pytest.raises(AuthError, match="needs attention") as caught:
        adapter.publish(PublishRequest("too late", "k-6"))
    assert token not in str(caught.value)


def test_rate_limit_code_4_waits_as_told(server: ThreadsServer, adapter: ThreadsAdapter) -> None:
    server.rate_limit(minutes=3)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("slow", "k-7"))
    assert caught.value.retry_after == 180


def test_delete_and_verify(server: ThreadsServer, adapter: ThreadsAdapter) -> None:
    assert adapter.verify_credentials().endswith("set token_expires_at")
    result = adapter.publish(PublishRequest("bye", "k-8"))
    adapter.delete(result.remote_id)
    assert server.posts == {}


def test_a_used_up_publishing_limit_waits_instead_of_failing(
    server: ThreadsServer, adapter: ThreadsAdapter
) -> None:
    server.quota_total = 1
    adapter.publish(PublishRequest("The one post today", "k-limit-1"))
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("One too many", "k-limit-2"))
    assert caught.value.retry_after == 3600.0 and "1 of 1 posts" in caught.value.message
    assert len(server.containers) == 1  # checked before making a container
    limit_calls = server.control.seen("threads_publishing_limit", "GET")
    assert limit_calls and "quota_usage" in limit_calls[-1].query
