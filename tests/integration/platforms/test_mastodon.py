from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from socialpub.platforms.base import MediaItem, PublishRequest
from socialpub.platforms.errors import AuthError, PermanentError, RateLimited, UnknownOutcome
from socialpub.platforms.mastodon import MastodonAdapter
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.mastodon import MastodonServer


@pytest.fixture
def server() -> Iterator[MastodonServer]:
    with MastodonServer() as s:
        yield s


@pytest.fixture
def adapter(server: MastodonServer, client: httpx.Client) -> MastodonAdapter:
    return build(
        MastodonAdapter,
        client,
        options={"base_url": server.base_url, "timeout_seconds": 1},
        secrets={"token": server.issue_token("newsroom")},
    )


def test_publish_returns_id_and_url_and_sends_the_idempotency_key(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    result = adapter.publish(PublishRequest("Hello from the newsroom #news", "key-1"))
    assert result.url == f"{server.base_url}/@newsroom/{result.remote_id}"
    assert server.statuses[result.remote_id].text == "Hello from the newsroom #news"
    assert server.control.seen("/api/v1/statuses", "POST")[0].headers["idempotency-key"] == "key-1"


def test_a_retry_with_the_same_key_does_not_post_twice(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    first = adapter.publish(PublishRequest("Once only", "key-2"))
    second = adapter.publish(PublishRequest("Once only", "key-2"))
    assert first.remote_id == second.remote_id
    assert len(server.posts_by("newsroom")) == 1


def test_idempotency_keys_are_forgotten_after_an_hour_as_on_mastodon(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    server.idempotency_ttl = 0.0
    adapter.publish(PublishRequest("Twice after an hour", "key-11"))
    adapter.publish(PublishRequest("Twice after an hour", "key-11"))
    assert len(server.posts_by("newsroom")) == 2  # why lookup, not the key, settles doubts


def test_images_are_uploaded_with_alt_text_and_waited_for(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    image = MediaItem(PNG, "image/png", alt_text="A ward at night")
    result = adapter.publish(PublishRequest("With a picture", "key-3", media=(image,)))
    [media_id] = server.statuses[result.remote_id].media_ids
    assert server.media[media_id].description == "A ward at night"
    assert server.control.seen("/api/v1/media/", "GET")  # it polled until processed


def test_urls_count_as_23_so_a_long_link_fits(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    text = "x" * 470 + " https://example.org/" + "a" * 200
    adapter.publish(PublishRequest(text, "key-4"))
    with pytest.raises(PermanentError, match="character limit"):
        adapter.publish(PublishRequest("y" * 501, "key-5"))


def test_replies_thread_under_the_parent(server: MastodonServer, adapter: MastodonAdapter) -> None:
    parent = adapter.publish(PublishRequest("Part 1", "t-1"))
    child = adapter.publish(PublishRequest("Part 2", "t-2", reply_to=parent.remote_id))
    assert server.statuses[child.remote_id].in_reply_to_id == parent.remote_id


def test_429_carries_retry_after_from_the_iso_reset_header(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    server.rate_limit(120)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("Throttled", "key-6"))
    assert caught.value.retry_after is not None and 110 < caught.value.retry_after <= 120


def test_a_revoked_token_is_an_auth_error_without_the_token_in_it(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    token = adapter.account.secrets["token"]
    server.tokens.clear()
    with pytest.raises(AuthError) as caught:
        adapter.verify_credentials()
    assert token not in str(caught.value) and token not in repr(caught.value)


def test_a_stall_after_the_post_is_an_unknown_outcome_and_lookup_finds_the_post(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    server.control.stall(2.0, path="/api/v1/statuses", method="POST")
    request = PublishRequest("Did it go out?", "key-7")
    with pytest.raises(UnknownOutcome):
        adapter.publish(request)
    found = adapter.lookup(request)
    assert found is not None and found.remote_id in server.statuses
    assert adapter.lookup(PublishRequest("Never sent", "key-8")) is None


def test_lookup_reads_mastodons_html_with_links_tags_and_paragraphs(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    text = (
        "Q&A <tonight> #Health\nhttps://example.org/a/very/long/path/to/the/story?x=1&y=2\n\nMore"
    )
    request = PublishRequest(text, "key-12")
    made = adapter.publish(request)
    assert '<span class="invisible">' in server._render(server.statuses[made.remote_id])["content"]
    found = adapter.lookup(request)
    assert found is not None and found.remote_id == made.remote_id


def test_a_dropped_connection_is_an_unknown_outcome(
    server: MastodonServer, adapter: MastodonAdapter
) -> None:
    server.control.drop(apply=False, path="/api/v1/statuses")
    with pytest.raises(UnknownOutcome):
        adapter.publish(PublishRequest("Dropped", "key-9"))


def test_delete_and_verify(server: MastodonServer, adapter: MastodonAdapter) -> None:
    assert adapter.verify_credentials() == "@newsroom@127.0.0.1"
    result = adapter.publish(PublishRequest("Delete me", "key-10"))
    adapter.delete(result.remote_id)
    assert result.remote_id not in server.statuses
    adapter.delete(result.remote_id)  # already gone is fine


def test_instance_max_characters_option_sets_the_limit(
    server: MastodonServer, client: httpx.Client
) -> None:
    adapter = build(
        MastodonAdapter, client, options={"base_url": server.base_url, "max_characters": 5000}
    )
    assert adapter.limits.max_length == 5000


def test_a_base_url_without_scheme_is_refused_when_the_config_is_read(
    client: httpx.Client,
) -> None:
    with pytest.raises(PermanentError, match=r"base_url: .*http\(s\) URL"):
        build(MastodonAdapter, client, options={"base_url": "mastodon.social"})
