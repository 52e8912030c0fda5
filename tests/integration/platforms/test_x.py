from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from socialpub.platforms.base import MediaItem, MemoryCredentialStore, PublishRequest
from socialpub.platforms.errors import AuthError, PermanentError, RateLimited, UnknownOutcome
from socialpub.platforms.x import XAdapter
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.x import XServer


@pytest.fixture
def server() -> Iterator[XServer]:
    with XServer(client_id="cid") as s:
        yield s


def make(
    server: XServer, client: httpx.Client, store: MemoryCredentialStore, **secrets: str
) -> XAdapter:
    return build(
        XAdapter,
        client,
        store=store,
        secrets=secrets,
        options={"client_id": "cid", "api_base_url": server.base_url, "timeout_seconds": 1},
    )


@pytest.fixture
def adapter(server: XServer, client: httpx.Client, store: MemoryCredentialStore) -> XAdapter:
    _, refresh = server.grant()
    return make(server, client, store, refresh_token=refresh)


def test_first_use_refreshes_then_posts_and_stores_the_rotated_token(
    server: XServer, adapter: XAdapter, store: MemoryCredentialStore
) -> None:
    configured = adapter.account.secrets["refresh_token"]
    result = adapter.publish(PublishRequest("Hello X https://example.org/x", "k-1"))
    assert server.tweets[result.remote_id].text == "Hello X https://example.org/x"
    assert result.url and result.url.endswith("/i/web/status/" + result.remote_id)
    adapter.publish(PublishRequest("Second", "k-2"))
    assert len(server.control.seen("/2/oauth2/token")) == 1  # the stored token was reused
    stored = store.get("test-account", "oauth") or ""
    assert configured not in stored and "refresh_token" in stored  # the rotated one


def test_an_expired_access_token_is_refreshed_on_401(server: XServer, adapter: XAdapter) -> None:
    adapter.verify_credentials()
    server.expire_access_tokens()
    adapter.publish(PublishRequest("after expiry", "k-3"))
    assert len(server.control.seen("/2/oauth2/token")) == 2


def test_a_refused_refresh_blocks_the_account_without_retrying(
    server: XServer, client: httpx.Client, store: MemoryCredentialStore
) -> None:
    adapter = make(server, client, store, refresh_token="revoked-token-value")
    for key in ("k-4", "k-5"):
        with pytest.raises(AuthError, match="needs attention") as caught:
            adapter.publish(PublishRequest("blocked", key))
        assert "revoked-token-value" not in str(caught.value)
    assert len(server.control.seen("/2/oauth2/token")) == 1
    _, fresh = server.grant()
    make(server, client, store, refresh_token=fresh).publish(PublishRequest("ok", "k-6"))


def test_confidential_clients_use_basic_auth(client: httpx.Client) -> None:
    with XServer(client_id="cid", client_secret="shh") as server:
        _, refresh = server.grant()
        adapter = make(
            server, client, MemoryCredentialStore(), refresh_token=refresh, client_secret="shh"
        )
        assert adapter.verify_credentials().startswith("@newsroom")


def test_weighted_length_and_url_weight(server: XServer, adapter: XAdapter) -> None:
    adapter.publish(PublishRequest("a" * 250 + " https://example.org/" + "p" * 100, "k-7"))
    with pytest.raises(PermanentError, match="too long"):
        adapter.publish(PublishRequest("語" * 141, "k-8"))  # CJK weighs 2


def test_images_with_alt_text(server: XServer, adapter: XAdapter) -> None:
    image = MediaItem(PNG, "image/png", alt_text="Chart of admissions")
    result = adapter.publish(PublishRequest("chart", "k-9", media=(image,)))
    [media_id] = server.tweets[result.remote_id].media_ids
    assert server.media[media_id]["alt_text"] == "Chart of admissions"


def test_unknown_outcome_then_lookup_and_duplicate_resolution(
    server: XServer, adapter: XAdapter
) -> None:
    request = PublishRequest("Q&A <today> maybe posted https://example.org/long/path", "k-10")
    server.control.stall(2.0, path="/2/tweets", method="POST")
    with pytest.raises(UnknownOutcome):
        adapter.publish(request)
    found = adapter.lookup(request)
    assert found is not None and found.remote_id in server.tweets
    again = adapter.publish(request)  # X says duplicate; that is our own tweet
    assert again.remote_id == found.remote_id and len(server.tweets) == 1
    assert adapter.lookup(PublishRequest("never", "k-11")) is None


def test_threads_and_delete(server: XServer, adapter: XAdapter) -> None:
    first = adapter.publish(PublishRequest("1/2", "t-1"))
    second = adapter.publish(PublishRequest("2/2", "t-2", reply_to=first.remote_id))
    assert server.tweets[second.remote_id].reply_to == first.remote_id
    adapter.delete(second.remote_id)
    assert second.remote_id not in server.tweets


def test_429_reads_x_rate_limit_reset(server: XServer, adapter: XAdapter) -> None:
    adapter.verify_credentials()
    server.rate_limit(300)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("throttled", "k-12"))
    assert caught.value.retry_after is not None and 290 <= caught.value.retry_after <= 300


def test_two_workers_refreshing_at_once_do_not_block_the_account(
    server: XServer, client: httpx.Client, store: MemoryCredentialStore
) -> None:
    _, refresh = server.grant()
    first, second = (make(server, client, store, refresh_token=refresh) for _ in range(2))
    # The first refresh is applied at once but its answer takes 0.5 s to come back, so the
    # second worker presents the same (now used) refresh token and is refused meanwhile.
    server.control.stall(0.5, path="/2/oauth2/token")
    worker = threading.Thread(target=first.verify_credentials)
    worker.start()
    time.sleep(0.1)
    assert second.verify_credentials().startswith("@newsroom")
    worker.join()
    assert len(server.control.seen("/2/oauth2/token")) == 2
    second.publish(PublishRequest("still fine", "race-1"))


def test_the_24_hour_posting_cap_waits_for_its_own_reset(
    server: XServer, adapter: XAdapter
) -> None:
    adapter.verify_credentials()
    server.daily_cap_reached(6 * 3600)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("capped", "k-13"))
    assert caught.value.retry_after is not None and caught.value.retry_after > 5 * 3600
