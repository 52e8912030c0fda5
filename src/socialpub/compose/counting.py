"""Length of a post exactly as each platform counts it."""

from __future__ import annotations

import unicodedata
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


# X's weighted length (twitter-text v3): a code point in these ranges weighs 1, any other 2; a
# URL weighs 23 and an emoji sequence 2, after NFC normalisation.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_X_URL_WEIGHT = 23
# What only twitter-text itself can weigh: emoji (and their joiners and selectors), and anything
# its URL finder might take for a domain. Everything else is weighed here, without importing
# twitter-text (a quarter of a second of start-up: it compiles a very large emoji pattern).
_EMOJI_LIKE = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3]"
)
_DOMAIN_LIKE = regex.compile(r"[\w-]\.[^\W\d_]{2}|@|://")
_PLAIN_URL = regex.compile(
    r"(?<!\S)https?://(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|int|uk|de|fr|es|it|nl|pt|eu|io"
    r"|co|info|ch|at|be|se|no|dk|fi|ie|ca|au|nz|us|jp|cn|kr)(?:/[\w\-./%~+=&?#:,;]*[\w/=#-])?(?=\s|$)",
    regex.IGNORECASE,
)


def _weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in _LIGHT) else 2


def _native_twitter_length(text: str) -> int | None:
    """X's count of ``text`` where it is certain without twitter-text, else ``None``."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    if _EMOJI_LIKE.search(text):
        return None
    total = 0
    position = 0
    for match in _PLAIN_URL.finditer(text):
        between = text[position : match.start()]
        if _DOMAIN_LIKE.search(between):
            return None
        total += sum(_weight(c) for c in between) + _X_URL_WEIGHT
        position = match.end()
    rest = text[position:]
    if _DOMAIN_LIKE.search(rest):
        return None
    return total + sum(_weight(c) for c in rest)


@lru_cache(maxsize=2048)
def _twitter_length(text: str) -> int:
    """X's weighted length, as twitter-text counts it. Fitting asks about the same few candidate
    posts many times, so answers are kept."""
    native = _native_twitter_length(text)
    if native is not None:
        return native
    from twitter_text import parse_tweet  # slow to import: only for emoji and bare domains

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
