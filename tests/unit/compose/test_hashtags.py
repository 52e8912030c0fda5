from __future__ import annotations

import pytest

from socialpub.compose.hashtags import camel_case, candidate_tags, choose, is_usable, tag_key
from socialpub.compose.keyphrases import Keyphrase, rank

from .pages import MYELOMA_CONTENT, MYELOMA_TITLE


@pytest.mark.parametrize(
    ("phrase", "tag"),
    [
        ("multiple myeloma", "MultipleMyeloma"),
        ("CAR-T therapy", "CARTTherapy"),
        ("NHS England", "NHSEngland"),
        ("iPhone", "iPhone"),
        ("climate", "Climate"),
        ("Adams's casting", "AdamsCasting"),
        ("CORNERSTONE INVESTORS", "CornerstoneInvestors"),
    ],
)
def test_camel_case(phrase: str, tag: str) -> None:
    assert camel_case(phrase) == tag


@pytest.mark.parametrize(
    "tag",
    [
        "Monday",
        "March2024",
        "2023",
        "Three",
        "Today",
        "Year2020",
        "ThisIsAVeryLongHashtagNobodyReads",
        "HighlyRadioactive",
        "X",
    ],
)
def test_unusable_tags(tag: str) -> None:
    assert not is_usable(tag)


@pytest.mark.parametrize("word", ["recently", "announced"])
def test_adverbs_and_past_tenses_make_no_tag(word: str) -> None:
    assert not is_usable(camel_case(word), word)
    assert is_usable("Italy", "Italy")


@pytest.mark.parametrize("tag", ["MultipleMyeloma", "NHS", "Oslo", "COVID19", "ClimateChange"])
def test_usable_tags(tag: str) -> None:
    assert is_usable(tag)


def test_a_common_word_as_written_in_lower_case_is_unusable() -> None:
    assert not is_usable("People", "people")
    assert not is_usable("Researchers", "researchers")


def test_duplicates_by_stem_are_merged() -> None:
    ranked = [
        Keyphrase("vaccines", 5.0, "vaccin", count=3),
        Keyphrase("vaccine", 4.0, "vaccin", count=2),
        Keyphrase("myeloma", 3.0, "myeloma", term="multiple myeloma", count=3),
        Keyphrase("multiple", 2.0, "multipl", term="multiple myeloma", count=3),
        Keyphrase("myeloma drugs", 1.5, "drug", term="myeloma drugs", count=2),
    ]
    assert candidate_tags(ranked) == ["Vaccines", "MultipleMyeloma"]


def test_a_common_word_said_once_or_an_adjective_makes_no_tag() -> None:
    ranked = [
        Keyphrase("fabulous", 9.0, "fabul", count=3),
        Keyphrase("Fabulous", 8.0, "fabul2", count=1),  # first word of a sentence: not a name
        Keyphrase("harbour", 7.0, "harbour", count=1),
        Keyphrase("Bergen", 6.0, "bergen", count=1, proper=True),
        Keyphrase("terminal", 5.0, "termin", count=2),  # too common a word to follow
        Keyphrase("ferries", 4.0, "ferri", count=2),
    ]
    assert candidate_tags(ranked) == ["Bergen", "Ferries"]


def test_the_articles_own_hashtags_rank_first() -> None:
    ranked = rank("\n".join(MYELOMA_CONTENT), MYELOMA_TITLE)
    tags = candidate_tags(ranked, own=["#CancerResearch", "Oslo"])
    assert tags[:2] == ["CancerResearch", "Oslo"]
    assert "MultipleMyeloma" in tags[:4]
    assert "CARTTherapy" in tags
    assert len({tag_key(t) for t in tags}) == len(tags)


def test_choose_applies_count_always_and_blocklist() -> None:
    candidates = ["MultipleMyeloma", "Oslo", "CancerResearch", "Patients"]
    assert choose(candidates, 2) == ["MultipleMyeloma", "Oslo"]
    assert choose(candidates, 3, always=["#UiO"], blocked=["oslo"]) == [
        "UiO",
        "MultipleMyeloma",
        "CancerResearch",
    ]
    assert choose(candidates, 0) == []
    assert choose(candidates, 1, always=["UiO", "Science"]) == ["UiO", "Science"]


def test_blocklist_matches_by_stem() -> None:
    assert choose(["Vaccines", "Oslo"], 3, blocked=["#vaccine"]) == ["Oslo"]


def test_always_tags_written_as_phrases_become_one_tag() -> None:
    assert choose([], 2, always=["Open Science", "#uio", "open-data"]) == [
        "OpenScience",
        "uio",
        "OpenData",
    ]
