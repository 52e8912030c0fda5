from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from socialpub.platforms.base import MediaItem, PublishRequest
from socialpub.platforms.errors import (
    AuthError,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.facebook import FacebookAdapter
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.facebook import FacebookServer
from tests.platform_servers.graph import graph_error


@pytest.fixture
def server() -> Iterator[FacebookServer]:
    with FacebookServer(page_id="1029384756") as s:
        yield s


@pytest.fixture
def adapter(server: FacebookServer, client: httpx.Client) -> FacebookAdapter:
    return build(
        FacebookAdapter,
        client,
        secrets={"page_token": server.issue_token()},
        options={"page_id": "1029384756", "graph_url": server.base_url, "timeout_seconds": 1},
    )


def test_publish_to_the_page_feed_with_the_token_in_a_header(
    server: FacebookServer, adapter: FacebookAdapter
) -> None:
    result = adapter.publish(
        PublishRequest("Open day on Saturday", "k-1", link="https://example.org/open-day")
    )
    assert server.posts[result.remote_id]["link"] == "https://example.org/open-day"
    assert result.url == f"https://www.facebook.com/{result.remote_id}"
    seen = server.control.seen("/feed")[0]
    assert "access_token" not in seen.query and seen.headers["authorization"].startswith("Bearer")


def test_photos_are_uploaded_unpublished_with_alt_text_then_attached(
    server: FacebookServer, adapter: FacebookAdapter
) -> None:
    photos = tuple(MediaItem(PNG, "image/png", alt_text=f"room {i}") for i in range(2))
    result = adapter.publish(PublishRequest("Two rooms", "k-2", media=photos))
    attached = server.posts[result.remote_id]["media"]
    assert [server.photos[p]["alt_text_custom"] for p in attached] == ["room 0", "room 1"]
    assert not any(server.photos[p]["published"] for p in attached)


def test_throttling_codes_carry_the_business_use_case_wait(
    server: FacebookServer, adapter: FacebookAdapter
) -> None:
    for code in (4, 17, 32):
        server.rate_limit(minutes=7, code=code)
        with pytest.raises(RateLimited) as caught:
            adapter.publish(PublishRequest("throttled", "k-3"))
        assert caught.value.retry_after == 420


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (1, TransientError),
        (2, TransientError),
        (341, RateLimited),
        (368, RateLimited),
        (190, AuthError),
        (10, AuthError),
        (100, PermanentError),
    ],
)
def test_graph_error_codes_decide_not_the_status(
    server: FacebookServer, adapter: FacebookAdapter, code: int, error: type[Exception]
) -> None:
    body = graph_error(code, "test").body
    server.control.fail(400, body=bytes(body), headers={"content-type": "application/json"})
    with pytest.raises(error):
        adapter.publish(PublishRequest("x", "k-4"))


def test_an_invalidated_token_is_an_auth_error(
    server: FacebookServer, adapter: FacebookAdapter
) -> None:
    server.tokens.clear()
    with pytest.raises(AuthError, match="190"):
        adapter.verify_credentials()


def test_a_token_for_another_page_fails_verification(
    server: FacebookServer, client: httpx.Client
) -> None:
    wrong = build(
        FacebookAdapter,
        client,
        secrets={"page_token": server.issue_token()},
        options={"page_id": "555", "graph_url": server.base_url},
    )
    with pytest.raises(AuthError, match="not to page 555"):
        wrong.verify_credentials()


def test_unknown_outcome_resolved_by_lookup_and_duplicate(
    server: FacebookServer, adapter: FacebookAdapter
) -> None:
    request = PublishRequest("Did this go out?", "k-5")
    server.control.drop(path="/feed")
    with pytest.raises(UnknownOutcome):
        adapter.publish(request)
    found = adapter.lookup(request)
    assert found is not None and found.remote_id in server.posts
    assert adapter.publish(request).remote_id == found.remote_id  # 506 resolved to our post
    assert len(server.posts) == 1
    assert adapter.lookup(PublishRequest("never", "k-6")) is None


def test_verify_and_delete(server: FacebookServer, adapter: FacebookAdapter) -> None:
    assert adapter.verify_credentials() == "page City Hospital (1029384756)"
    result = adapter.publish(PublishRequest("bye", "k-7"))
    adapter.delete(result.remote_id)
    adapter.delete(result.remote_id)
    assert server.posts == {}
