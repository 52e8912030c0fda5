"""LinkedIn "little text": the commentary format of the Posts API.

The characters ``\\ | { } @ [ ] ( ) < > # * _ ~`` are markup there; unescaped, LinkedIn cuts the
post at the first one and still answers "created". Links are left as written so they stay links;
hashtags become ``{hashtag|\\#|tag}`` templates so they stay hashtags.
"""

from __future__ import annotations

import re

from socialpub.compose.links import find_hashtags, find_urls

LINKEDIN_LITTLE_TEXT = "linkedin-little-text"
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def linkedin_little_text(text: str) -> str:
    """``text`` as LinkedIn commentary: markup characters escaped, links and hashtags kept."""
    keep: list[tuple[int, int, str]] = [(s, e, text[s:e]) for s, e in find_urls(text)]
    keep += [(s, e, "{hashtag|\\#|" + tag + "}") for s, e, tag in find_hashtags(text)]
    keep.sort()
    out: list[str] = []
    position = 0
    for start, end, replacement in keep:
        if start < position:
            continue
        out.append(_RESERVED.sub(r"\\\1", text[position:start]))
        out.append(replacement)
        position = end
    out.append(_RESERVED.sub(r"\\\1", text[position:]))
    return "".join(out)


def escape(text: str, escaping: str | None) -> str:
    """Apply the escaping a platform's limits name; unknown or no escaping returns ``text``."""
    if escaping == LINKEDIN_LITTLE_TEXT:
        return linkedin_little_text(text)
    return text
