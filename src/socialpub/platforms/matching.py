"""Recognise a post we made among a platform's recent posts, for ``lookup`` without an id.

Platforms hand text back changed: Mastodon and Facebook as HTML, X with links rewritten to t.co,
LinkedIn with its "little" escapes. Comparison ignores those differences and nothing else.
"""

from __future__ import annotations

import html
import re

_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<[^>]+>")
_LINE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</p>\s*<p[^>]*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def html_to_text(value: str) -> str:
    """Plain text of a platform's HTML rendering of a post (paragraphs and breaks as newlines)."""
    return html.unescape(_TAG.sub("", _LINE.sub("\n", _PARAGRAPH.sub("\n\n", value))))


def normalize(text: str, *, mask_urls: bool = False) -> str:
    """Whitespace-collapsed text; with ``mask_urls`` every URL becomes one placeholder."""
    if mask_urls:
        text = _URL.sub("<url>", text)
    return _SPACE.sub(" ", text).strip()


def same_post(sent: str, seen: str, *, mask_urls: bool = False) -> bool:
    """True when ``seen`` (as the platform returns it) is the text we ``sent``."""
    return normalize(sent, mask_urls=mask_urls) == normalize(seen, mask_urls=mask_urls)
