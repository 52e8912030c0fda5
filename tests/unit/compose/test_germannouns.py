"""A German article's own usage tells its names from its common nouns, where capitals cannot."""

from __future__ import annotations

import pytest

from socialpub.compose.germannouns import nominative, noun_usage, plain_noun

STORY = [
    "Studierende in Freiburg finden kaum eine Wohnung.",
    "Wer zum Semester nach Freiburg kommt, sucht die Wohnung wochenlang.",
    "Viele kommen aus Leipzig und aus Tübingen, wo die Wohnung billiger ist.",
    "Die Regierung verspricht neue Wohnheime, die Regierung zahlt aber nicht.",
]


def test_a_place_written_bare_after_a_preposition_is_a_name() -> None:
    usage = noun_usage(STORY)
    assert {"freiburg", "leipzig", "tübingen"} <= usage.names


def test_a_word_written_after_an_article_is_a_common_noun_and_no_name() -> None:
    usage = noun_usage(STORY)
    assert "regierung" in usage.common and "wohnung" in usage.common
    assert not {"regierung", "wohnung"} & usage.names


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Gefahr ist in Bezug auf Ältere groß.",  # a set phrase: a preposition follows
        "Sie tat es aus Liebe zu den Tieren.",
        "Nach Einschätzung der Polizei war es Absicht.",  # an abstract noun's ending
        "Die Technik steckt in Autos und Bussen.",  # a plural
        "Danach ging er nach Hause.",
        "Er wohnt in Baden-Württemberg.",  # half of a name
    ],
)
def test_a_common_noun_after_a_bare_preposition_is_no_name(sentence: str) -> None:
    assert not noun_usage([sentence]).names


def test_a_word_once_written_after_an_article_is_no_name_however_often_it_stands_bare() -> None:
    usage = noun_usage(["Er kam aus Energie und lebt in Energie.", "Die Energie fehlt."])
    assert "energie" not in usage.names


def test_a_name_after_a_verb_that_ends_like_an_adjective_stays_a_name() -> None:
    # "könnte Apple": a common noun there would take an article; "neue Modelle" is an adjective
    usage = noun_usage(
        [
            "Laut Bericht könnte Apple schon 2025 neue Modelle bringen.",
            "Außerdem hätte Apple neue Modelle längst testen können.",
        ]
    )
    assert "apple" not in usage.common
    assert "modelle" in usage.common


def test_the_first_part_of_a_compound_is_not_the_noun_after_the_article() -> None:
    usage = noun_usage(["Die Google-Suche und die Google-Karten.", "Er kam aus Google."])
    assert "google" not in usage.common and "google" in usage.names


SENTENCES = [
    "Im Zweiten Weltkrieg wurde die Stadt zerstört; der Zweite Weltkrieg endete 1945.",
    "Mit dem selbstfahrenden Auto fährt niemand; das selbstfahrende Auto kommt trotzdem.",
    "Bei den Olympischen Spielen gewann sie. Die Olympischen Spiele beginnen im Juli.",
    "Grüner Wasserstoff ist teuer, doch der grüne Wasserstoff soll billiger werden.",
    "Der Ausbau der erneuerbaren Energien stockt, obwohl die erneuerbaren Energien billig sind.",
    "Der Deutschen Bahn fehlt Geld.",
    "Der Google Chrome Browser und das Google Chrome Update.",
]


@pytest.mark.parametrize(
    ("adjective", "noun", "tag"),
    [
        ("Zweiten", "Weltkrieg", ("Zweiter", "Weltkrieg")),  # "der ... -e": masculine
        ("selbstfahrenden", "Auto", ("Selbstfahrendes", "Auto")),  # "das ... -e": neuter
        ("Olympischen", "Spielen", ("Olympische", "Spiele")),  # "die ... -en": plural
        ("grüne", "Wasserstoff", ("Grüner", "Wasserstoff")),
        ("erneuerbaren", "Energien", ("Erneuerbare", "Energien")),
        ("Deutschen", "Bahn", None),  # "der ... -en" is a dative: nothing shows the nominative
        ("Google", "Chrome", None),  # an English name, no German adjective
    ],
)
def test_an_adjective_and_noun_are_tagged_in_the_nominative_the_article_shows(
    adjective: str, noun: str, tag: tuple[str, str] | None
) -> None:
    assert nominative(adjective, noun, SENTENCES) == tag


@pytest.mark.parametrize(
    ("noun", "sentences", "plain"),
    [
        ("Grundgesetzes", ["Die Väter des Grundgesetzes.", "Das Grundgesetz gilt."], "Grundgesetz"),
        (
            "Weihnachtsurlaubs",
            ["Während des langen Weihnachtsurlaubs.", "Im Weihnachtsurlaub."],
            "Weihnachtsurlaub",
        ),
        ("Grundgesetzes", ["Die Väter des Grundgesetzes."], None),  # the plain form never written
        ("Windparks", ["Die Windparks drehen sich.", "Der Windpark steht."], None),  # a plural
        ("Thermen", ["In den Thermen.", "Die Therme ist warm."], None),  # no genitive
    ],
)
def test_a_noun_the_article_puts_in_the_genitive_is_tagged_plain(
    noun: str, sentences: list[str], plain: str | None
) -> None:
    assert plain_noun(noun, sentences, frozenset()) == plain


def test_a_names_genitive_is_tagged_as_the_name_the_article_places() -> None:
    sentences = ["Russlands Behörden ermitteln.", "In Russland brannte ein Haus."]
    assert plain_noun("Russlands", sentences, noun_usage(sentences).names) == "Russland"
    assert plain_noun("Russlands", sentences, frozenset()) is None
