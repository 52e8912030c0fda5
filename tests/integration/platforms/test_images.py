"""Images lose their metadata (EXIF, GPS) and are fitted to the platform before upload."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from socialpub.platforms.base import MediaItem, PublishRequest
from socialpub.platforms.bluesky import BlueskyAdapter
from socialpub.platforms.errors import PermanentError
from socialpub.platforms.images import MAX_DECODE_PIXELS, ImageLimits, prepare
from socialpub.platforms.mastodon import MastodonAdapter
from tests.integration.platforms.conftest import build
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.mastodon import MastodonServer

GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112


def phone_photo(width: int = 60, height: int = 40, orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: maker, orientation and the GPS position of the hospital."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 21.0, 5.0)})
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_fixture_really_carries_gps() -> None:  # else the tests below prove nothing
    with Image.open(io.BytesIO(phone_photo())) as image:
        assert image.getexif().get_ifd(GPS_IFD)[1] == "N"


def test_mastodon_receives_the_photo_without_exif_or_gps(client: httpx.Client) -> None:
    with MastodonServer() as server:
        adapter = build(
            MastodonAdapter,
            client,
            options={"base_url": server.base_url},
            secrets={"token": server.issue_token()},
        )
        photo = MediaItem(phone_photo(orientation=6), "image/jpeg", alt_text="The clinic door")
        made = adapter.publish(PublishRequest("Door", "k-1", media=(photo,)))
        [media_id] = server.statuses[made.remote_id].media_ids
        uploaded = server.media[media_id]
        assert uploaded.description == "The clinic door"
        with Image.open(io.BytesIO(uploaded.data)) as image:
            assert dict(image.getexif()) == {}  # no maker, no orientation, no GPS
            assert "exif" not in image.info
            assert image.size == (40, 60)  # orientation 6 applied to the pixels: turned upright
        assert b"PhoneMaker" not in uploaded.data


def test_bluesky_gets_images_no_longer_than_2000_pixels(client: httpx.Client) -> None:
    with BlueskyServer() as server:
        server.add_account("newsroom.example", "abcd-efgh-ijkl-mnop")
        adapter = build(
            BlueskyAdapter,
            client,
            options={"identifier": "newsroom.example", "service": server.base_url},
            secrets={"app_password": "abcd-efgh-ijkl-mnop"},
        )
        wide = MediaItem(phone_photo(3000, 500), "image/jpeg", alt_text="A long corridor")
        adapter.publish(PublishRequest("Corridor", "k-1", media=(wide,)))
        [post] = server.posts()
        assert post["embed"]["images"][0]["alt"] == "A long corridor"
        [sent] = [r for r in server.control.seen("uploadBlob", "POST")]
        with Image.open(io.BytesIO(sent.body)) as image:
            assert image.size == (2000, 333)


def test_limits_and_refusals_of_prepare() -> None:
    item = MediaItem(phone_photo(400, 300), "image/jpeg")
    fitted = prepare(item, ImageLimits(max_bytes=1_000_000, max_pixels=30_000))
    with Image.open(io.BytesIO(fitted.data)) as image:
        assert image.width * image.height <= 30_000 and image.width / image.height == pytest.approx(
            4 / 3, rel=0.02
        )
    with pytest.raises(PermanentError, match="not an image"):
        prepare(MediaItem(b"GIF89a-not-really", "image/gif"), ImageLimits(1_000))
    huge = io.BytesIO()
    side = int(MAX_DECODE_PIXELS**0.5) + 10
    Image.new("1", (side, side)).save(huge, "PNG")  # a tiny file claiming a vast image
    with pytest.raises(PermanentError, match="more than we decode"):
        prepare(MediaItem(huge.getvalue(), "image/png"), ImageLimits(10_000_000))
