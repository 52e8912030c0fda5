"""Whatever the article and whatever the platform, no rendered post exceeds the platform limit."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from socialpub.compose.escaping import escape
from socialpub.compose.limits import Counting, HashtagPlacement, PlatformLimits
from socialpub.compose.post import Article, HashtagPolicy, draft_post, render

_PIECES = st.sampled_from(
    [
        "The",
        "council",
        "voted",
        "on",
        "Monday.",
        "Dr.",
        "3.5",
        "U.S.",
        '"Yes,"',
        "she",
        "said.",
        "日本語の記事です。",
        "👨‍👩‍👧",
        "👍🏽",
        "e\u0301",
        "Ωμέγα",
        "(brackets)",
        "[x]",
        "{y}",
        "*",
        "_under_",
        "~",
        "@user",
        "#Tag",
        "#123",
        "https://example.org/a/long/path?q=1",
        "example.com",
        "\n",
        "a" * 40,
        "Supercalifragilisticexpialidocious" * 3,
        "?",
        "!",
        "…",
        "\u200b",
        "\t",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(min_size=1, max_size=12)), max_size=120).map(" ".join)
_TAG = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,20}", fullmatch=True)


@st.composite
def _limits(draw: st.DrawFn) -> PlatformLimits:
    counting = draw(st.sampled_from(list(Counting)))
    return PlatformLimits(
        platform="p",
        max_length=draw(st.integers(min_value=1, max_value=600)),
        counting=counting,
        url_length=draw(st.sampled_from([None, 23])),
        max_bytes=draw(st.sampled_from([None, 40, 300, 3000])),
        threads=draw(st.booleans()),
        max_thread_parts=draw(st.integers(min_value=1, max_value=6)),
        default_hashtags=draw(st.integers(min_value=0, max_value=6)),
        escaping=draw(st.sampled_from([None, "linkedin-little-text"])),
    )


def _independent_length(text: str, limits: PlatformLimits) -> int:
    text = escape(text, limits.escaping)
    if limits.counting is Counting.TWITTER:
        return int(parse_tweet(text).weightedLength)
    if limits.url_length is not None:
        return -1  # URL substitution is checked by the counting tests, not re-derived here
    if limits.counting is Counting.GRAPHEMES:
        return len(regex.findall(r"\X", text))
    if limits.counting is Counting.UTF16:
        return len(text.encode("utf-16-le")) // 2
    if limits.counting is Counting.EMOJI_BYTES:
        emoji = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]")
        return sum(len(c.encode()) if emoji.fullmatch(c) else 1 for c in text)
    return len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_TEXT,
    body=_TEXT,
    own=st.lists(_TAG, max_size=4),
    link=st.one_of(st.none(), st.just("https://example.org/news/2024/article-slug?ref=feed")),
    limits=_limits(),
    always=st.lists(_TAG, max_size=2),
    placement=st.sampled_from(list(HashtagPlacement)),
    threads=st.booleans(),
)
def test_no_rendered_post_exceeds_its_platform_limit(
    title: str,
    body: str,
    own: list[str],
    link: str | None,
    limits: PlatformLimits,
    always: list[str],
    placement: HashtagPlacement,
    threads: bool,
) -> None:
    draft = draft_post(Article(title=title, text=body, own_hashtags=tuple(own)), link)
    policy = HashtagPolicy(always=tuple(always), placement=placement)
    rendered = render(draft, limits, policy, threads=threads)
    assert rendered.parts and rendered.text == rendered.parts[0]
    assert rendered.length <= limits.max_length == rendered.limit
    assert len(rendered.parts) <= max(limits.max_thread_parts, 1)
    for part in rendered.parts:
        independent = _independent_length(part, limits)
        assert independent <= limits.max_length
        if limits.max_bytes is not None:
            assert len(escape(part, limits.escaping).encode("utf-8")) <= limits.max_bytes


_HOSTILE = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300),
    st.lists(
        st.sampled_from(
            [
                "[",
                "]",
                "(",
                ")",
                "*",
                "_",
                "`",
                ">",
                "#",
                "<p>",
                "</p>",
                "<div ",
                '"',
                "“",
                "”",
                "„",
                "«",
                "»",
                "\ud800",
                "\udfff",
                "{{x}}",
                "\n",
                "a",
                "word.",
                " ",
            ]
        ),
        max_size=400,
    ).map("".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_HOSTILE, fmt=st.sampled_from(["text", "markdown", "html"]), limits=_limits())
def test_hostile_input_is_composed_or_refused_in_one_line_and_never_breaks_encoding(
    raw: str, fmt: str, limits: PlatformLimits
) -> None:
    from socialpub.compose.post import clean_article

    try:
        article = clean_article(raw, fmt)  # type: ignore[arg-type]
    except ValueError as refused:
        assert "\n" not in str(refused)
        return
    rendered = render(draft_post(article), limits)
    for part in rendered.parts:
        part.encode("utf-8")  # no lone surrogate survives to a platform
        assert _independent_length(part, limits) <= limits.max_length
