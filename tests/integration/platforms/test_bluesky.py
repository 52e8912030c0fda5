from __future__ import annotations

import io
import random
import uuid
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image

from socialpub.platforms.base import MediaItem, MemoryCredentialStore, PublishRequest
from socialpub.platforms.bluesky import BlueskyAdapter, record_key
from socialpub.platforms.errors import AuthError, PermanentError, RateLimited, UnknownOutcome
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.bluesky import TID, BlueskyServer

PASSWORD = "abcd-efgh-ijkl-mnop"


@pytest.fixture
def server() -> Iterator[BlueskyServer]:
    with BlueskyServer() as s:
        s.add_account("newsroom.example", PASSWORD)
        yield s


def make(
    server: BlueskyServer,
    client: httpx.Client,
    store: MemoryCredentialStore,
    password: str = PASSWORD,
) -> BlueskyAdapter:
    return build(
        BlueskyAdapter,
        client,
        store=store,
        secrets={"app_password": password},
        options={
            "identifier": "newsroom.example",
            "service": server.base_url,
            "timeout_seconds": 1,
        },
    )


@pytest.fixture
def adapter(
    server: BlueskyServer, client: httpx.Client, store: MemoryCredentialStore
) -> BlueskyAdapter:
    return make(server, client, store)


def test_publish_creates_a_record_with_facets_under_our_record_key(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    text = "Café news: https://example.org/a #Health"
    result = adapter.publish(PublishRequest(text, "key-1"))
    assert result.remote_id.endswith("/" + record_key("key-1"))
    assert "/profile/did:plc:" in (result.url or "")
    [post] = server.posts()
    link, tag = post["facets"]
    raw = text.encode()
    assert raw[link["index"]["byteStart"] : link["index"]["byteEnd"]] == b"https://example.org/a"
    assert raw[tag["index"]["byteStart"] : tag["index"]["byteEnd"]] == b"#Health"
    assert tag["features"][0]["tag"] == "Health"


def test_record_keys_are_valid_tids_and_stable() -> None:
    assert record_key("k") == record_key("k") != record_key("k2")
    assert all(TID.match(record_key(str(i))) for i in range(200))
    assert all(TID.match(record_key(uuid.uuid4().hex)) for _ in range(200))


def test_a_uuid7_key_puts_its_own_time_in_the_record_key() -> None:
    millis = 1_795_000_000_000  # 2026-11-18
    key = uuid.UUID(int=(millis << 80) | (7 << 76) | (2 << 62) | 12345).hex
    rkey = record_key(key)
    n = 0
    for char in rkey:
        n = n * 32 + "234567abcdefghijklmnopqrstuvwxyz".index(char)
    assert (n >> 10) // 1000 == millis and TID.match(rkey)
    assert record_key(key + "-1") != rkey and TID.match(record_key(key + "-1"))


def test_a_retry_returns_the_first_post_instead_of_a_second(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    first = adapter.publish(PublishRequest("Only once", "key-2"))
    second = adapter.publish(PublishRequest("Only once", "key-2"))
    assert first.remote_id == second.remote_id and len(server.posts()) == 1


def test_an_unknown_outcome_is_resolved_by_lookup(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    request = PublishRequest("Stalled but made", "key-3")
    assert adapter.lookup(request) is None
    server.control.stall(2.0, path="createRecord")
    with pytest.raises(UnknownOutcome):
        adapter.publish(request)
    found = adapter.lookup(request)
    assert found is not None and found.remote_id in server.records


def test_images_with_alt_text_and_the_size_limit(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    image = MediaItem(PNG, "image/png", alt_text="Nurses at work")
    adapter.publish(PublishRequest("Picture", "key-4", media=(image,)))
    [post] = server.posts()
    assert post["embed"]["images"][0]["alt"] == "Nurses at work"
    noise = Image.frombytes("RGB", (900, 900), random.Random(5).randbytes(900 * 900 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > 1_000_000
    adapter.publish(
        PublishRequest("Scaled", "key-5", media=(MediaItem(out.getvalue(), "image/png"),))
    )
    blob_sizes = list(server.blobs.values())
    assert len(blob_sizes) == 2 and max(blob_sizes) <= 1_000_000  # scaled to fit, then sent
    with pytest.raises(PermanentError, match="not an image"):
        adapter.publish(PublishRequest("Junk", "key-8", media=(MediaItem(b"x" * 99, "image/png"),)))


def test_graphemes_are_counted_not_code_points(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    family = "👨‍👩‍👧"  # one grapheme, five code points
    adapter.publish(PublishRequest(family * 100 + "a" * 200, "key-6"))  # 700 code points
    with pytest.raises(PermanentError, match="300 graphemes"):
        adapter.publish(PublishRequest("a" * 301, "key-7"))


def test_a_thread_reply_points_at_parent_and_root(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    root = adapter.publish(PublishRequest("1/3", "t-1"))
    middle = adapter.publish(PublishRequest("2/3", "t-2", reply_to=root.remote_id))
    last = adapter.publish(PublishRequest("3/3", "t-3", reply_to=middle.remote_id))
    reply = server.records[last.remote_id]["value"]["reply"]
    assert reply["root"]["uri"] == root.remote_id
    assert reply["parent"]["uri"] == middle.remote_id


def test_the_session_is_reused_and_refreshed_when_the_access_token_expires(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    adapter.publish(PublishRequest("one", "s-1"))
    adapter.publish(PublishRequest("two", "s-2"))
    assert server.sessions_created == 1
    server.expire_access_tokens()
    adapter.publish(PublishRequest("three", "s-3"))
    assert server.sessions_created == 1
    assert server.control.seen("refreshSession")
    assert len(server.posts()) == 3


def test_a_dead_refresh_token_falls_back_to_a_new_session(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    adapter.verify_credentials()
    server.tokens.clear()  # the PDS forgot every session
    assert adapter.verify_credentials().startswith("@newsroom.example")
    assert server.sessions_created == 2


def test_a_refused_password_blocks_the_account_until_it_changes(
    server: BlueskyServer, client: httpx.Client, store: MemoryCredentialStore
) -> None:
    wrong = make(server, client, store, password="wrong-pass-word-here")
    with pytest.raises(AuthError, match="needs attention"):
        wrong.publish(PublishRequest("no", "b-1"))
    calls = len(server.control.seen("createSession"))
    with pytest.raises(AuthError, match="needs attention") as caught:
        wrong.publish(PublishRequest("no", "b-2"))
    assert len(server.control.seen("createSession")) == calls  # did not retry
    assert "wrong-pass-word-here" not in str(caught.value)
    fixed = make(server, client, store)
    fixed.publish(PublishRequest("yes", "b-3"))
    assert len(server.posts()) == 1


def test_stored_session_never_holds_the_password(
    server: BlueskyServer, adapter: BlueskyAdapter, store: MemoryCredentialStore
) -> None:
    adapter.verify_credentials()
    stored = store.get("test-account", "oauth") or ""
    assert "accessJwt" not in stored and PASSWORD not in stored and "access_token" in stored


def test_429_reads_the_epoch_ratelimit_reset(
    server: BlueskyServer, adapter: BlueskyAdapter
) -> None:
    adapter.verify_credentials()
    server.rate_limit(60)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("slow down", "r-1"))
    assert caught.value.retry_after is not None and 55 <= caught.value.retry_after <= 60


def test_delete_removes_the_record(server: BlueskyServer, adapter: BlueskyAdapter) -> None:
    result = adapter.publish(PublishRequest("bye", "d-1"))
    adapter.delete(result.remote_id)
    assert server.records == {}


def test_one_session_serves_many_posts_and_adapters(
    server: BlueskyServer, client: httpx.Client, store: MemoryCredentialStore
) -> None:
    # Bluesky allows 30 createSession calls per 5 minutes per account: a worker must reuse its
    # session across posts, and across adapter instances sharing the credential store.
    for n in range(6):
        make(server, client, store).publish(PublishRequest(f"Post {n}", f"reuse-{n}"))
    assert len(server.posts()) == 6
    assert len(server.control.seen("com.atproto.server.createSession")) == 1
