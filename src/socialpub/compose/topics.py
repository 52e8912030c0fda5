"""Topic tags (placeholder until the vocabulary and model land)."""

from __future__ import annotations

from collections.abc import Sequence


def vocabulary_keys() -> frozenset[str]:
    return frozenset()


def topic_tags(title: str, text: str, ranked_words: Sequence[str] = ()) -> list[str]:
    return []
