"""Pure text work: clean an article, summarize it, pick hashtags, fit it to a platform.

Only two modules perform I/O, at the edge and over a client they can be given: ``sources``
(fetching articles and feeds safely) and ``abstractive`` (the optional language-model summary).
Nothing here imports from ``store`` or ``platforms``.

Modules: ``extract`` cleans an article; ``sentences`` splits it; ``keyphrases`` ranks its words
and terms; ``hashtags`` makes and picks tags; ``summarize`` scores and selects sentences;
``counting``, ``links``, ``escaping`` and ``facets`` know how each platform reads a post; ``fit``
lays a post out within a platform's limits (or as a thread); ``feedparse`` gives feed entries a
stable identity; ``post`` is the facade the rest of socialpub calls.
"""

from socialpub.compose.facets import bluesky_facets
from socialpub.compose.limits import Counting, HashtagPlacement, PlatformLimits
from socialpub.compose.post import (
    Article,
    Draft,
    HashtagPolicy,
    Rendered,
    clean_article,
    draft_post,
    render,
)

__all__ = [
    "Article",
    "Counting",
    "Draft",
    "HashtagPlacement",
    "HashtagPolicy",
    "PlatformLimits",
    "Rendered",
    "bluesky_facets",
    "clean_article",
    "draft_post",
    "render",
]
