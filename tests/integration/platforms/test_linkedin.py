from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from socialpub.compose.escaping import linkedin_little_text
from socialpub.platforms.base import MediaItem, MemoryCredentialStore, PublishRequest
from socialpub.platforms.errors import AuthError, PermanentError, RateLimited
from socialpub.platforms.linkedin import LinkedInAdapter, plain_text
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.linkedin import LinkedInServer, read_little

ORG = "urn:li:organization:2414183"
MEMBER = "urn:li:person:abc123"


@pytest.fixture
def server() -> Iterator[LinkedInServer]:
    with LinkedInServer() as s:
        s.admins[ORG] = {MEMBER}
        yield s


def make(
    server: LinkedInServer,
    client: httpx.Client,
    store: MemoryCredentialStore,
    *,
    refresh: bool = True,
    version: str = "202610",
) -> LinkedInAdapter:
    access, refresh_token = server.grant(MEMBER)
    secrets = {"access_token": access}
    if refresh:
        secrets |= {"refresh_token": refresh_token, "client_secret": "li-secret"}
    return build(
        LinkedInAdapter,
        client,
        store=store,
        secrets=secrets,
        options={
            "author": ORG,
            "client_id": "li-client",
            "api_base_url": server.base_url,
            "oauth_base_url": server.base_url,
            "version": version,
            "timeout_seconds": 1,
        },
    )


@pytest.fixture
def adapter(
    server: LinkedInServer, client: httpx.Client, store: MemoryCredentialStore
) -> LinkedInAdapter:
    return make(server, client, store)


TRICKY = (
    "Ward (east) reopens [today] — *finally* <3 a_b ~ {ok} @home | \\ #NHS https://ex.org/a_(b)"
)


def test_little_text_round_trips_through_linkedins_parser() -> None:
    assert read_little(linkedin_little_text(TRICKY)) == TRICKY
    assert plain_text(linkedin_little_text(TRICKY)) == TRICKY
    assert read_little(TRICKY) != TRICKY  # unescaped, LinkedIn would cut it short


def test_publish_sends_version_headers_and_escaped_commentary(
    server: LinkedInServer, adapter: LinkedInAdapter
) -> None:
    result = adapter.publish(PublishRequest(TRICKY, "k-1"))
    assert result.remote_id.startswith("urn:li:share:")
    assert server.shown(result.remote_id) == TRICKY
    seen = server.control.seen("/rest/posts", "POST")[0]
    assert seen.headers["linkedin-version"] == "202610"
    assert seen.headers["x-restli-protocol-version"] == "2.0.0"


def test_an_inactive_version_is_a_permanent_error(
    server: LinkedInServer, client: httpx.Client, store: MemoryCredentialStore
) -> None:
    with pytest.raises(PermanentError, match="not active"):
        make(server, client, store, version="202411").publish(PublishRequest("x", "k-2"))


def test_a_retry_answered_duplicate_returns_the_existing_share(
    server: LinkedInServer, adapter: LinkedInAdapter
) -> None:
    first = adapter.publish(PublishRequest("Same words", "k-3"))
    second = adapter.publish(PublishRequest("Same words", "k-3"))
    assert second.remote_id == first.remote_id and len(server.posts) == 1
    assert adapter.lookup(PublishRequest("Same words", "k-3")) is not None
    assert adapter.lookup(PublishRequest("Other words", "k-4")) is None


def test_a_duplicate_naming_a_deleted_post_is_not_success(
    server: LinkedInServer, adapter: LinkedInAdapter
) -> None:
    server.control.fail(
        422,
        json_body={"status": 422, "message": "Content is a duplicate of urn:li:share:1"},
        path="/rest/posts",
        method="POST",
    )
    with pytest.raises(PermanentError, match="duplicate"):
        adapter.publish(PublishRequest("ghost", "k-5"))


def test_images_upload_then_attach_with_alt_text(
    server: LinkedInServer, adapter: LinkedInAdapter
) -> None:
    images = tuple(MediaItem(PNG, "image/png", alt_text=f"photo {i}") for i in range(2))
    result = adapter.publish(PublishRequest("two photos", "k-6", media=images))
    content = server.posts[result.remote_id]["content"]["multiImage"]["images"]
    assert [i["altText"] for i in content] == ["photo 0", "photo 1"]


def test_expired_token_is_refreshed_and_without_refresh_the_account_is_blocked(
    server: LinkedInServer, client: httpx.Client
) -> None:
    store = MemoryCredentialStore()
    adapter = make(server, client, store)
    server.expire_access_tokens()
    adapter.publish(PublishRequest("after refresh", "k-7"))
    assert server.control.seen("/oauth/v2/accessToken")
    no_refresh = make(server, client, MemoryCredentialStore(), refresh=False)
    server.expire_access_tokens()
    with pytest.raises(AuthError, match="needs attention"):
        no_refresh.publish(PublishRequest("blocked", "k-8"))


def test_posting_as_a_page_you_do_not_administer_is_forbidden_without_refreshing(
    server: LinkedInServer, adapter: LinkedInAdapter
) -> None:
    server.admins[ORG] = set()
    with pytest.raises(AuthError, match="permissions"):
        adapter.publish(PublishRequest("not mine", "k-9"))
    assert not server.control.seen("/oauth/v2/accessToken")


def test_day_throttle_waits_until_midnight_utc(
    server: LinkedInServer, adapter: LinkedInAdapter
) -> None:
    server.rate_limit()
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("throttled", "k-10"))
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 86400


def test_verify_and_delete(server: LinkedInServer, adapter: LinkedInAdapter) -> None:
    assert "posting as urn:li:organization" in adapter.verify_credentials()
    result = adapter.publish(PublishRequest("delete me", "k-11"))
    adapter.delete(result.remote_id)
    assert server.posts == {}
