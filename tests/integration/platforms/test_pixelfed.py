from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from socialpub.platforms.base import MediaItem, PublishRequest
from socialpub.platforms.errors import AuthError, PermanentError, RateLimited, UnknownOutcome
from socialpub.platforms.pixelfed import PixelfedAdapter
from socialpub.platforms.registry import adapter_class
from tests.integration.platforms.conftest import PNG, build
from tests.platform_servers.pixelfed import PixelfedServer

PHOTO = MediaItem(PNG, "image/png", alt_text="The new ward at dawn", filename="ward.png")


@pytest.fixture
def server() -> Iterator[PixelfedServer]:
    with PixelfedServer() as s:
        yield s


@pytest.fixture
def adapter(server: PixelfedServer, client: httpx.Client) -> PixelfedAdapter:
    return build(
        PixelfedAdapter,
        client,
        options={"base_url": server.base_url, "timeout_seconds": 1},
        secrets={"token": server.issue_token("clinic")},
    )


def test_it_is_installed_through_its_entry_point_alone() -> None:
    assert adapter_class("pixelfed") is PixelfedAdapter
    assert PixelfedAdapter.quota is not None


def test_a_photo_post_goes_out_with_alt_text(
    server: PixelfedServer, adapter: PixelfedAdapter
) -> None:
    result = adapter.publish(PublishRequest("Our new ward #health", "k-1", media=(PHOTO,)))
    status = server.statuses[result.remote_id]
    assert status.text == "Our new ward #health"
    [media_id] = status.media_ids
    assert server.media[media_id].description == "The new ward at dawn"
    assert result.url == f"{server.base_url}/@clinic/{result.remote_id}"


def test_a_post_without_a_photo_is_refused_before_sending(
    server: PixelfedServer, adapter: PixelfedAdapter
) -> None:
    with pytest.raises(PermanentError, match="at least one image") as caught:
        adapter.publish(PublishRequest("Text only", "k-2"))
    assert not isinstance(caught.value, AuthError)
    assert not server.control.seen("/api/v1/statuses", "POST")


def test_pixelfeds_own_403_for_an_empty_post_is_not_an_auth_problem(
    server: PixelfedServer, adapter: PixelfedAdapter, client: httpx.Client
) -> None:
    token = adapter.account.secrets["token"]
    response = client.post(
        f"{server.base_url}/api/v1/statuses",
        json={"status": "x"},
        headers={"Authorization": f"Bearer {token}"},
    )
    error = adapter.classify(response)
    assert isinstance(error, PermanentError) and not isinstance(error, AuthError)


def test_limits_albums_and_captions(server: PixelfedServer, adapter: PixelfedAdapter) -> None:
    with pytest.raises(PermanentError, match="at most 4"):
        adapter.publish(PublishRequest("Five", "k-3", media=(PHOTO,) * 5))
    with pytest.raises(PermanentError, match="may not be greater than 500"):
        adapter.publish(PublishRequest("y" * 501, "k-4", media=(PHOTO,)))
    assert adapter.limits.max_length == 500 and adapter.limits.max_images == 4


def test_a_lost_answer_is_found_by_lookup(
    server: PixelfedServer, adapter: PixelfedAdapter
) -> None:
    server.control.stall(2.0, path="/api/v1/statuses", method="POST")
    request = PublishRequest("Did the photo go out?", "k-5", media=(PHOTO,))
    with pytest.raises(UnknownOutcome):
        adapter.publish(request)
    found = adapter.lookup(request)
    assert found is not None and found.remote_id in server.statuses
    assert adapter.lookup(PublishRequest("Never sent", "k-6", media=(PHOTO,))) is None


def test_throttling_revocation_delete_and_verify(
    server: PixelfedServer, adapter: PixelfedAdapter
) -> None:
    assert adapter.verify_credentials() == "@clinic@127.0.0.1"
    made = adapter.publish(PublishRequest("Delete me", "k-7", media=(PHOTO,)))
    adapter.delete(made.remote_id)
    adapter.delete(made.remote_id)  # already gone is fine
    assert made.remote_id not in server.statuses
    server.rate_limit(60)
    with pytest.raises(RateLimited) as caught:
        adapter.publish(PublishRequest("Throttled", "k-8", media=(PHOTO,)))
    assert caught.value.retry_after is not None and 50 < caught.value.retry_after <= 60
    server.tokens.clear()
    with pytest.raises(AuthError):
        adapter.verify_credentials()
