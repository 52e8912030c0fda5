"""The forms tags take: German case endings undone, joined terms refused, shouted names calmed,
names never run across a comma, reference lists left out of the article."""

from __future__ import annotations

import pytest

from socialpub.compose.extract import clean
from socialpub.compose.names import find_names
from socialpub.compose.tagforms import base_form, joins_two_things, unshout
from socialpub.compose.tagrules import problem


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Teilnehmern"], ("Teilnehmer",)),  # dative plural
        (["Gesichtern"], ("Gesichter",)),
        (["Geschäfts"], ("Geschäft",)),  # genitive
        (["Netzbetreibers"], ("Netzbetreiber",)),
        (["Jungen", "Wählern"], ("Junge", "Wähler")),
        (["Daten"], ("Daten",)),  # the plain word, more usual than "Date"
        (["Missionen"], ("Missionen",)),  # plain plurals stay: people tag them
        (["Batterien"], ("Batterien",)),
        (["Akkus"], ("Akkus",)),
        (["Trends"], ("Trends",)),
        (["Paris"], ("Paris",)),
        (["Begriffen"], ("Begriffe",)),  # the dative of a plural in -e
        (["Neuen", "Begriffen"], ("Neue", "Begriffe")),
        (["Feiertagen"], ("Feiertage",)),  # a compound, judged by its last part
        (["Kooperationspartnern"], ("Kooperationspartner",)),
        (["Einbrechern"], ("Einbrecher",)),  # only the plain plural is listed
        (["Investoren"], ("Investoren",)),  # no "Invest|oren": "Inves" is no word in use
        (["Wildvögeln"], ("Wildvögel",)),  # a plural in -el
        (["Schulen"], ("Schulen",)),  # the plural of "Schule", no dative
        (["Reisen"], ("Reisen",)),
        (["Themen"], ("Themen",)),
        (["Christian", "Drosten"], ("Christian", "Drosten")),  # a person's name
        (["Drosten"], ("Drosten",)),  # too short to be a compound of "Dro" and "Sten"
        (["Schaffhausen"], ("Schaffhausen",)),  # a place, not the dative of "Schaffhause"
        (["Recklinghausen"], ("Recklinghausen",)),
    ],
)
def test_german_case_endings_are_undone_only_towards_a_more_usual_word(
    words: list[str], expected: tuple[str, ...]
) -> None:
    assert base_form(words, "de") == expected


def test_other_languages_keep_their_words() -> None:
    assert base_form(["Teachers"], "en") == ("Teachers",)
    assert base_form(["Universidades"], "es") == ("Universidades",)


@pytest.mark.parametrize(
    ("words", "language", "named", "joined"),
    [
        (["Frenzel", "und", "Weber"], "de", True, True),  # German capitals prove nothing
        (["Anlaufen", "des", "Geschäfts"], "de", True, True),
        (["mental", "health", "and", "wellbeing"], "en", False, True),
        (["Marks", "and", "Spencer"], "en", True, False),  # written as a name: one thing
        (["University", "of", "Leeds"], "en", True, False),
        (["santé", "et", "sécurité"], "fr", False, True),
        (["Klimawandel"], "de", False, False),
        # a German preposition joins a name only after a body that is one
        (["Einnahme", "von", "Paxlovid"], "de", True, True),
        (["Änderungen", "für", "Verbraucher"], "de", True, True),
        (["Institut", "für", "Demoskopie"], "de", True, False),
        (["Bundesamt", "für", "Migration"], "de", True, False),
        (["Stiftung", "zur", "Förderung"], "de", True, False),
        (["Carl", "von", "Ossietzky"], "de", True, False),
    ],
)
def test_a_term_joining_two_things_is_no_tag(
    words: list[str], language: str, named: bool, joined: bool
) -> None:
    assert joins_two_things(words, language, named=named) is joined
    assert (problem(words, language, named=named) == "two things joined") is joined


def test_established_topics_may_join_words() -> None:
    assert problem(["Käufer", "und", "Verkäufer"], "de", established=True) is None


def test_shouted_site_names_become_words_but_acronyms_stay() -> None:
    assert unshout("JUNGE FREIHEIT", "de") == "Junge Freiheit"
    assert unshout("BBC NEWS", "en") == "BBC News"
    assert unshout("NASA", "en") == "NASA"  # one word: an acronym
    assert unshout("Zoo Berlin", "de") == "Zoo Berlin"
    assert unshout("FIT FOR FUN", "de") == "Fit For Fun"  # a function word: a phrase shouted
    assert unshout("WILD UND HUND", "de") == "Wild Und Hund"


@pytest.mark.parametrize(
    ("shouted", "spoken"),
    [
        ("INDUSTRIEMAGAZIN", "Industriemagazin"),  # long and read aloud: a word
        ("tennis MAGAZIN", "tennis Magazin"),
        ("KATAPULT-Magazin", "Katapult-Magazin"),
        ("BMFSFJ", "BMFSFJ"),  # too few vowels to be read aloud: spelled
        ("DATEV magazin", "DATEV magazin"),  # short: an acronym or a brand's own capitals
    ],
)
def test_a_long_shouted_word_in_a_site_name_is_a_word(shouted: str, spoken: str) -> None:
    assert unshout(shouted, "de") == spoken


def test_a_name_never_runs_across_a_comma_colon_or_bracket() -> None:
    names = find_names(
        ["Statistical expertise: M.L. Anderson, C. Dobkin, D. Gorry.", "Dr. Gorry: Clemson (SC)."],
        "en",
    )
    found = {n.words for n in names}
    assert ("M.L", "Anderson", "C", "Dobkin", "D", "Gorry") not in found
    assert {("M.L", "Anderson"), ("C", "Dobkin"), ("D", "Gorry")} <= found


def test_initials_and_a_surname_are_a_person_but_a_dotted_country_is_not() -> None:
    sentences = ["We asked C. Dobkin about it.", "Then U.S. Army officers came."]
    names = {n.words: n.person for n in find_names(sentences, "en")}
    assert names[("C", "Dobkin")] is True
    assert names[("U.S", "Army")] is False


def test_a_run_too_long_for_one_name_is_two_names_joined_by_and() -> None:
    names = {
        n.words
        for n in find_names(["We met at the University of Leeds and St. Mary's Hospital."], "en")
    }
    assert {("University", "of", "Leeds"), ("St", "Mary's", "Hospital")} <= names


def test_reference_list_entries_are_not_article_text() -> None:
    html = (
        "<article><h1>Flu shots and the elderly</h1>"
        "<p>Flu vaccination cut hospital stays among people over 65, a study of 20 years of "
        "records finds.</p><h2>References</h2><ol>"
        "<li>1. Monto AS, Davenport FM, et al. Modification of an outbreak of influenza. "
        "J Infect Dis. 1970;122:16-25. [PMID: 5433709] CrossrefMedlineGoogle Scholar</li>"
        "<li>2. Peasah SK, et al. Influenza cost studies. Vaccine. 2013;31:5339-48. "
        "doi:10.1016/j.vaccine.2013.09.013</li></ol></article>"
    )
    text = " ".join(clean(html, "html").lines)
    assert "Flu vaccination cut hospital stays" in text
    assert "PMID" not in text and "Monto" not in text and "Peasah" not in text
