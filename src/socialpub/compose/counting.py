"""Length of a post exactly as each platform counts it."""

from __future__ import annotations

from functools import lru_cache

import regex

from socialpub.compose.escaping import escape
from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.compose.links import find_urls

_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]")


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def emoji_bytes(text: str) -> int:
    """Characters, except that each emoji code point (and joiner, selector, skin tone) counts
    its UTF-8 bytes: how Threads measures its 500."""
    return sum(len(c.encode()) if _EMOJI.match(c) else 1 for c in text)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _with_fixed_urls(text: str, url_length: int) -> tuple[str, int]:
    """``text`` without its URLs, and how much the URLs count in total."""
    spans = find_urls(text)
    if not spans:
        return text, 0
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces), url_length * len(spans)


@lru_cache(maxsize=2048)
def _twitter_length(text: str) -> int:
    """twitter-text's weighted length. Fitting asks about the same few candidate posts many
    times, and each answer costs milliseconds (twitter-text scans for emoji with a huge
    pattern), so answers are kept."""
    from twitter_text import parse_tweet  # slow to import; only X needs it

    return int(parse_tweet(text).weightedLength)


def length(text: str, limits: PlatformLimits) -> int:
    """The platform-counted length of ``text`` (after the platform's escaping, if any)."""
    text = escape(text, limits.escaping)
    if limits.counting is Counting.TWITTER:
        return _twitter_length(text)
    fixed = 0
    if limits.url_length is not None:
        text, fixed = _with_fixed_urls(text, limits.url_length)
    if limits.counting is Counting.GRAPHEMES:
        return graphemes(text) + fixed
    if limits.counting is Counting.UTF16:
        return utf16_units(text) + fixed
    if limits.counting is Counting.EMOJI_BYTES:
        return emoji_bytes(text) + fixed
    return len(text) + fixed


def fits(text: str, limits: PlatformLimits) -> bool:
    if (
        limits.max_bytes is not None
        and len(escape(text, limits.escaping).encode()) > limits.max_bytes
    ):
        return False
    return length(text, limits) <= limits.max_length
