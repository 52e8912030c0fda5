"""A post must not name somebody by the surname only an earlier, uncarried sentence introduced."""

from __future__ import annotations

import pytest

from socialpub.compose.referents import people_of
from socialpub.compose.summarize import plan_summary

SOUTH_TYROL = [
    "Vergangene Woche ereignete sich in Südtirol eine blutige Begegnung mit einem Rudel Wölfe.",
    "Der Skilehrer Martino Raineri war mit seinen beiden Hunden in Folgaria unterwegs.",
    "Als sich die Wölfe nicht vom Fleck bewegten, hat Raineri den Notruf gewählt.",
    "Selbst mit den eintreffenden Helfern entfernten sich die Wölfe kaum von der Stelle.",
]


def test_a_surname_alone_after_the_introduction_is_unintroduced() -> None:
    people = people_of(SOUTH_TYROL, "Wölfe greifen Hunde an", "de")
    assert people.unintroduced(SOUTH_TYROL[2], 2) == "Raineri"
    assert people.unintroduced(SOUTH_TYROL[1], 1) is None  # the introduction itself


@pytest.mark.parametrize(
    "sentence",
    [
        "Dabei betonte Skilehrer Raineri, er habe keine Angst gehabt.",  # a role names him again
        "Martino Raineri hat den Notruf gewählt.",  # the full name
        "Laut Martino Raineri war es der erste Angriff.",
    ],
)
def test_a_role_or_given_name_before_the_surname_introduces_again(sentence: str) -> None:
    people = people_of([*SOUTH_TYROL[:2], sentence], "Wölfe greifen Hunde an", "de")
    assert people.unintroduced(sentence, 2) is None


def test_the_title_or_a_carried_sentence_introduces() -> None:
    people = people_of(SOUTH_TYROL, "Raineri wehrt Wölfe ab", "de")
    assert people.unintroduced(SOUTH_TYROL[2], 2) is None
    people = people_of(SOUTH_TYROL, "Wölfe greifen Hunde an", "de")
    assert people.unintroduced(SOUTH_TYROL[2], 2, told=[SOUTH_TYROL[1]]) is None


def test_common_nouns_german_capitalises_are_no_surnames() -> None:
    sentences = [
        "Freie Software ist Software, die vier Freiheiten garantiert.",
        "Software bestimmt zunehmend über die Teilhabe am kulturellen Leben.",
    ]
    assert people_of(sentences, "", "de").unintroduced(sentences[1], 1) is None


def test_english_possessive_surnames_count() -> None:
    sentences = [
        "Police named the victims of Tuesday's crash as Heather Grant and Nigel Ambersley.",
        "Grant's husband, a police corporal, was badly injured in the crash.",
    ]
    assert people_of(sentences, "", "en").unintroduced(sentences[1], 1) == "Grant's"


def test_the_plan_carries_a_surname_only_after_its_introduction() -> None:
    sentences = [
        "Vergangene Woche ereignete sich in Südtirol eine blutige Begegnung mit einem Rudel Wölfe.",
        "Dabei war der Skilehrer Martino Raineri mit seinen Hunden in Folgaria unterwegs.",
        "Als sich die Wölfe nicht vom Fleck bewegten, hat Raineri den Notruf gewählt.",
        "Das Wetter in Südtirol war an diesem Tag sonnig und mild.",
    ]
    plan = plan_summary(sentences, "Wölfe in Südtirol", "de")
    for rank, sentence in enumerate(plan.ranked):
        if sentence == sentences[2]:
            assert sentences[1] in plan.ranked[:rank]
