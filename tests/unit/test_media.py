from __future__ import annotations

import pytest

from socialpub.compose.limits import PlatformLimits
from socialpub.delivery.media import (
    MediaError,
    image,
    media_problem,
    missing_alt_text,
    sniff_image_type,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 16


def test_types_come_from_the_bytes_not_the_name() -> None:
    assert sniff_image_type(PNG) == "image/png"
    assert sniff_image_type(JPEG) == "image/jpeg"
    assert sniff_image_type(WEBP) == "image/webp"
    assert sniff_image_type(b"%PDF-1.7") is None
    with pytest.raises(MediaError, match=r"report\.png: not a PNG"):
        image("report.png", b"%PDF-1.7 pretending", "a report")


def test_alt_text_is_required() -> None:
    with pytest.raises(MediaError, match="alt text"):
        image("a.png", PNG, "  ")
    assert image("a.png", PNG, " A ward ").alt_text == "A ward"


def test_an_image_may_wait_for_its_alt_text_but_is_named_until_it_has_one() -> None:
    waiting = image("cafe.png", PNG, "", alt_later=True)
    described = image("room.png", PNG, "The reading room")
    assert missing_alt_text([described, waiting]) == [
        "cafe.png: give it alt text for people who cannot see it"
    ]
    assert missing_alt_text([described]) == []
    with pytest.raises(MediaError, match="not a PNG"):
        image("x.png", b"nope", "", alt_later=True)


def test_limits_per_platform() -> None:
    items = [image(f"{i}.png", PNG, "x") for i in range(3)]
    roomy = PlatformLimits(platform="p", max_length=10, max_images=4, max_image_bytes=1000)
    assert media_problem(items, roomy, "a") is None
    two = PlatformLimits(platform="p", max_length=10, max_images=2, max_image_bytes=1000)
    assert "at most 2 images" in (media_problem(items, two, "a") or "")
    none = PlatformLimits(platform="slack", max_length=10)
    assert "cannot post images" in (media_problem(items, none, "a") or "")
    small = PlatformLimits(platform="p", max_length=10, max_images=4, max_image_bytes=20)
    assert "takes images up to" in (media_problem(items, small, "a") or "")
    assert media_problem([], none, "a") is None
