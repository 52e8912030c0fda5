"""What a platform allows in one post, as data the compose engine fits text to.

Platform adapters declare one of these; the compose engine reads it. It lives here, in the pure
compose package, so that compose never has to import from ``platforms``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Counting(StrEnum):
    """How a platform counts the length of a post."""

    CODEPOINTS = "codepoints"  # Mastodon, Threads, Discord, Slack, webhook
    GRAPHEMES = "graphemes"  # Bluesky (plus a UTF-8 byte cap)
    TWITTER = "twitter"  # X: twitter-text weighted length
    UTF16 = "utf16"  # Telegram, LinkedIn, Facebook count UTF-16 code units
    EMOJI_BYTES = "emoji-bytes"  # Threads: characters, but an emoji counts its UTF-8 bytes


class HashtagPlacement(StrEnum):
    APPENDED = "appended"
    INLINE = "inline"


@dataclass(frozen=True)
class PlatformLimits:
    """Length and layout rules of one platform (or one instance of it)."""

    platform: str
    max_length: int
    counting: Counting = Counting.CODEPOINTS
    url_length: int | None = None  # every URL counts as this many; None: as written
    max_bytes: int | None = None  # UTF-8 byte cap on top of max_length (Bluesky: 3000)
    threads: bool = False
    max_thread_parts: int = 1
    default_hashtags: int = 3
    max_images: int = 0
    max_image_bytes: int = 0
    escaping: str | None = None  # e.g. "linkedin-little-text": applied by the adapter, counted here
    # "short": the text shows links shortened as the platform's own app does (Bluesky), and the
    # adapter links that text to the full URL; None: links are written out in full
    link_display: str | None = None


UNLIMITED = PlatformLimits(platform="generic", max_length=10_000, default_hashtags=5)
