"""Bluesky rich-text facets: where the links and hashtags of a post are, in UTF-8 byte offsets.

Bluesky shows plain text unless each link and tag is marked by an ``app.bsky.richtext.facet``
whose ``byteStart``/``byteEnd`` count UTF-8 bytes, not characters.
"""

from __future__ import annotations

from typing import Any

from socialpub.compose.links import find_hashtags, find_urls


def _byte_index(text: str, start: int, end: int) -> dict[str, int]:
    byte_start = len(text[:start].encode("utf-8"))
    return {"byteStart": byte_start, "byteEnd": byte_start + len(text[start:end].encode("utf-8"))}


def bluesky_facets(text: str) -> list[dict[str, Any]]:
    """The facets of ``text``, ordered by position: one per link and per hashtag."""
    facets: list[tuple[int, dict[str, Any]]] = []
    for start, end in find_urls(text):
        feature = {"$type": "app.bsky.richtext.facet#link", "uri": text[start:end]}
        facets.append((start, {"index": _byte_index(text, start, end), "features": [feature]}))
    for start, end, tag in find_hashtags(text):
        feature = {"$type": "app.bsky.richtext.facet#tag", "tag": tag}
        facets.append((start, {"index": _byte_index(text, start, end), "features": [feature]}))
    facets.sort(key=lambda item: item[0])
    return [facet for _, facet in facets]
