from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpub.compose.counting import fits, graphemes, length, utf16_units
from socialpub.compose.limits import Counting, PlatformLimits

X = PlatformLimits("x", 280, Counting.TWITTER)
BLUESKY = PlatformLimits("bluesky", 300, Counting.GRAPHEMES, max_bytes=3000)
MASTODON = PlatformLimits("mastodon", 500, Counting.CODEPOINTS, url_length=23)
TELEGRAM = PlatformLimits("telegram", 4096, Counting.UTF16)
LINK = "https://example.org/a/very/long/path/that/is/much/longer/than/twenty-three/characters"


def test_x_counts_urls_as_23_and_cjk_and_emoji_as_2() -> None:
    assert length("hello", X) == 5
    assert length(LINK, X) == 23
    assert length("日本語", X) == 6
    assert length("👍", X) == 2
    assert length("👨‍👩‍👧", X) == 2  # one emoji sequence, one weight
    assert length("a " + LINK + " b", X) == 27


def test_mastodon_counts_every_url_as_23() -> None:
    assert length(f"see {LINK}", MASTODON) == 4 + 23
    assert length(f"{LINK} and {LINK}.", MASTODON) == 23 + 5 + 23 + 1
    assert length("日本語👍", MASTODON) == 4


def test_bluesky_counts_graphemes_and_caps_bytes() -> None:
    family = "👨‍👩‍👧"
    assert graphemes(family) == 1
    assert length(family * 3, BLUESKY) == 3
    assert length("é", BLUESKY) == length("e\u0301", BLUESKY) == 1
    many = family * 200  # 200 graphemes but 3,600 bytes
    assert length(many, BLUESKY) == 200
    assert not fits(many, BLUESKY)
    assert fits(family * 150, BLUESKY)


def test_utf16_counts_astral_characters_twice() -> None:
    assert utf16_units("a👍") == 3
    assert length("a👍", TELEGRAM) == 3


def test_linkedin_is_counted_after_escaping() -> None:
    linkedin = PlatformLimits("linkedin", 20, Counting.UTF16, escaping="linkedin-little-text")
    assert length("(a) [b]", linkedin) == len(r"\(a\) \[b\]")
    assert not fits("(" * 11, linkedin)
    assert fits("a" * 20, linkedin)


def test_fits_is_the_boundary() -> None:
    assert fits("a" * 280, X)
    assert not fits("a" * 281, X)


def test_threads_counts_an_emoji_as_its_utf8_bytes() -> None:
    from socialpub.compose.counting import length
    from socialpub.compose.limits import Counting, PlatformLimits

    threads = PlatformLimits(platform="threads", max_length=500, counting=Counting.EMOJI_BYTES)
    assert length("Open day 🎓", threads) == len("Open day ") + 4
    assert length("👍🏽", threads) == 8  # thumbs up and its skin tone, four bytes each
    assert length("café 日本", threads) == 7  # accents and CJK are one character each


_PIECES = [
    "word",
    "Wörter",
    "日本語",
    "한국어",
    "…",
    "–",
    "—",
    "“",
    "”",
    "€",
    "3.5%",
    "U.S.",
    "e.g.",
    "https://example.org/a/b?c=d",
    "https://news.example.co.uk/x-y/",
    "example.org",
    "a@b.org",
    "e\u0301",
    "😷",
    "👍🏽",
    "#Tag",
    "@user",
    "\n",
    "\r\n",
    " ",
    ".",
    "(",
    ")",
    "x.Y",
    "ok.com.",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=60))
def test_x_is_counted_as_twitter_text_counts(pieces: list[str]) -> None:
    from twitter_text import parse_tweet

    from socialpub.compose.counting import _native_twitter_length

    text = " ".join(pieces)
    native = _native_twitter_length(text)
    if native is not None:  # where it is unsure, twitter-text itself counts
        assert native == parse_tweet(text).weightedLength
