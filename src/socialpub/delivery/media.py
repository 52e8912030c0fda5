"""Images attached to a post: recognised by their bytes, checked against each platform's limits."""

from __future__ import annotations

from collections.abc import Sequence

from socialpub.compose.limits import PlatformLimits
from socialpub.platforms.base import MediaItem

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
MAX_ALT_TEXT = 1500  # Mastodon's and Bluesky's alt text limits are 1,500 and 2,000 characters


class MediaError(ValueError):
    pass


def sniff_image_type(data: bytes) -> str | None:
    """The image's MIME type from its first bytes (never trust a file name), or None."""
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def image(filename: str, data: bytes, alt_text: str, *, alt_later: bool = False) -> MediaItem:
    """A checked image; raises MediaError naming the file when it is not one we can send.
    ``alt_later``: an image still without alt text is kept (a preview warns about it; submitting
    it is refused by ``missing_alt_text``)."""
    mime = sniff_image_type(data)
    if mime is None:
        raise MediaError(f"{filename}: not a PNG, JPEG, GIF or WebP image")
    if not alt_text.strip() and not alt_later:
        raise MediaError(f"{filename}: give it alt text (--alt) for people who cannot see it")
    if len(alt_text) > MAX_ALT_TEXT:
        raise MediaError(
            f"{filename}: alt text is {len(alt_text)} characters; at most {MAX_ALT_TEXT}"
        )
    return MediaItem(data=data, mime_type=mime, alt_text=alt_text.strip(), filename=filename)


def missing_alt_text(media: Sequence[MediaItem]) -> list[str]:
    """One line per image that has no alt text yet."""
    return [
        f"{item.filename}: give it alt text for people who cannot see it"
        for item in media
        if not item.alt_text.strip()
    ]


def media_problem(media: Sequence[MediaItem], limits: PlatformLimits, account: str) -> str | None:
    """Why ``media`` cannot go to ``account`` as it stands, or None when it can."""
    if not media:
        return None
    if limits.max_images == 0:
        return f"account {account} ({limits.platform}) cannot post images here"
    if len(media) > limits.max_images:
        return f"account {account} ({limits.platform}) takes at most {limits.max_images} images"
    for item in media:
        if limits.max_image_bytes and len(item.data) > limits.max_image_bytes:
            return (
                f"{item.filename} is {len(item.data) / 1e6:.1f} MB; account {account} "
                f"({limits.platform}) takes images up to {limits.max_image_bytes / 1e6:.1f} MB"
            )
    return None
