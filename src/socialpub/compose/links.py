"""Where the links and hashtags are in a post, as platforms detect them."""

from __future__ import annotations

from urllib.parse import urlsplit

import regex

# A URL ends before whitespace; trailing punctuation belongs to the sentence, not the link.
_URL = regex.compile(r"https?://[^\s<>\"'`]+", regex.IGNORECASE)
_TRAILING = ".,;:!?…'\"”’"
# AT Protocol tag rule: # then 1-64 characters, not all digits, ending before space/punctuation.
_TAG = regex.compile(r"(?<!\S)[#＃]((?!\ufe0f)[^\s\u00ad\u2060\u200a-\u200d\u20e2#]+)")


def find_urls(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the http(s) links in ``text``."""
    spans = []
    for match in _URL.finditer(text):
        url = match.group(0)
        while url and (
            url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))
        ):
            url = url[:-1]
        if len(url) > len("https://"):
            spans.append((match.start(), match.start() + len(url)))
    return spans


def find_hashtags(text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) of each hashtag, the span including the ``#``, the tag without it."""
    found = []
    url_spans = find_urls(text)
    for match in _TAG.finditer(text):
        tag = regex.sub(r"\p{P}+$", "", match.group(1))
        if not tag or tag.isdigit() or len(tag) > 64:
            continue
        start = match.start()
        if any(s <= start < e for s, e in url_spans):
            continue
        found.append((start, start + 1 + len(tag), tag))
    return found


_SHOWN_PATH = 15  # Bluesky's app shows a path (with query) up to this long in full


def display_url(url: str) -> str:
    """``url`` as Bluesky's app shows a link it shortens (``toShortUrl`` in its composer): the
    host, then the path, cut to 13 characters and "..." when it is longer than 15.

    ``https://www.example.org/news/2026/11/slug?utm=x`` -> ``www.example.org/news/2026/11...``;
    the full URL travels in the post's link facet.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    path = "" if parts.path == "/" else parts.path
    if parts.query:
        path += "?" + parts.query
    if parts.fragment:
        path += "#" + parts.fragment
    if len(path) > _SHOWN_PATH:
        return parts.netloc + path[:13] + "..."
    return parts.netloc + path
