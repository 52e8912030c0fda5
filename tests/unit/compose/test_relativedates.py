"""Days named relative to the article's own: a post that goes out later says another day."""

from __future__ import annotations

import pytest

from socialpub.compose.checks import ArticleFacts, check, post_facts
from socialpub.compose.limits import PlatformLimits
from socialpub.compose.relativedates import relative_date


@pytest.mark.parametrize(
    ("sentence", "language", "phrase"),
    [
        ("The council voted yesterday to close the harbour.", "en", "yesterday"),
        ("This Thursday the council meets again.", "en", "This Thursday"),
        ("Das Treffen fand am vorletzten Donnerstag statt.", "de", "vorletzten Donnerstag"),
        ("Heute eröffnet die Klinik ihren Neubau.", "de", "Heute"),
        ("La réunion a eu lieu hier soir à Lyon.", "fr", "hier"),
        ("Le conseil se réunit jeudi prochain.", "fr", "jeudi prochain"),
        ("La CNTC convocó una movilización este jueves.", "es", "este jueves"),
        ("Se alertó hoy sobre nuevas estafas.", "es", "hoy"),
        ("Il consiglio si è riunito giovedì scorso.", "it", "giovedì scorso"),
        ("O conselho reuniu-se nesta quinta-feira.", "pt", "nesta quinta-feira"),
        ("De raad vergaderde gisteren over het plan.", "nl", "gisteren"),
    ],
)
def test_days_named_relative_to_the_article_are_found(
    sentence: str, language: str, phrase: str
) -> None:
    assert relative_date(sentence, language) == phrase


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The council met on Thursday, 4 March, in the town hall.", "en"),  # a date
        ("The council voted on Monday to close the harbour.", "en"),  # news style for the week
        ("Am Morgen kamen die ersten Gäste.", "de"),  # a morning, not tomorrow
        ("Die Klinik ist hier, am Stadtrand.", "de"),  # German "hier" is "here"
        ("Jeden Donnerstag trifft sich die Gruppe.", "de"),  # a habit
        ("Por la mañana llegaron los primeros camiones.", "es"),  # a morning
        ("Três foram presos nesta terça-feira (3) em Salvador.", "pt"),  # the 3rd, so dated
    ],
)
def test_dates_habits_and_lookalikes_are_not(sentence: str, language: str) -> None:
    assert relative_date(sentence, language) is None


def test_a_post_naming_yesterday_is_warned_about() -> None:
    text = "The council voted yesterday to close the old harbour to cruise ships from 2027."
    article = ArticleFacts(text, "Harbour closes to cruise ships", "en", lead=text)
    limits = PlatformLimits("mastodon", 500)
    post = post_facts([text], limits)
    codes = [w.code for w in check(article, post)]
    assert codes.count("relative-date") == 1
