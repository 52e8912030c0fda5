"""Bluesky rich-text facets: where the links and hashtags of a post are, in UTF-8 byte offsets.

Bluesky shows plain text unless each link and tag is marked by an ``app.bsky.richtext.facet``
whose ``byteStart``/``byteEnd`` count UTF-8 bytes, not characters.
"""

from __future__ import annotations

from typing import Any

from socialpub.compose.links import display_url, find_hashtags, find_urls


def _byte_index(text: str, start: int, end: int) -> dict[str, int]:
    byte_start = len(text[:start].encode("utf-8"))
    return {"byteStart": byte_start, "byteEnd": byte_start + len(text[start:end].encode("utf-8"))}


def _link(text: str, start: int, end: int, uri: str) -> tuple[int, dict[str, Any]]:
    feature = {"$type": "app.bsky.richtext.facet#link", "uri": uri}
    return start, {"index": _byte_index(text, start, end), "features": [feature]}


def bluesky_facets(text: str, link: str | None = None) -> list[dict[str, Any]]:
    """The facets of ``text``, ordered by position: one per link and per hashtag.

    ``link`` is the post's own link: where the text shows it shortened (``display_url``), the
    facet over the short form points at the full URL, as the app's own composer does.
    """
    facets = [_link(text, start, end, text[start:end]) for start, end in find_urls(text)]
    if link:
        shown = display_url(link)
        at = text.rfind(shown) if shown != link else -1  # the link block follows the words
        if at >= 0 and not any(s <= at < e for s, e in find_urls(text)):
            facets.append(_link(text, at, at + len(shown), link))
    for start, end, tag in find_hashtags(text):
        feature = {"$type": "app.bsky.richtext.facet#tag", "tag": tag}
        facets.append((start, {"index": _byte_index(text, start, end), "features": [feature]}))
    facets.sort(key=lambda item: item[0])
    return [facet for _, facet in facets]
