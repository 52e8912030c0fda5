"""Each rule of tagrules, in each supported language."""

from __future__ import annotations

import pytest

from socialpub.compose.tagrules import is_lower_multiword, make_tag, problem


@pytest.mark.parametrize(
    ("words", "language", "tag"),
    [
        (["iPad"], "en", "iPad"),
        (["COVID-19"], "en", "COVID19"),
        (["Final", "Four"], "en", "FinalFour"),
        (["University", "of", "Leeds"], "en", "UniversityOfLeeds"),
        (["l'Université", "de", "Lyon"], "fr", "UniversitéDeLyon"),
        (["changement", "climatique"], "fr", "ChangementClimatique"),
        (["Deutsche", "Bahn"], "de", "DeutscheBahn"),
        (["气候变化"], "zh", "气候变化"),
        (["東京大学"], "ja", "東京大学"),
        (["기후", "변화"], "ko", "기후변화"),
    ],
)
def test_tags_keep_their_casing_and_cjk_terms_stay_whole(
    words: list[str], language: str, tag: str
) -> None:
    assert make_tag(words, language) == tag


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["iPad"], "en"),
        (["COVID-19"], "en"),
        (["Final", "Four"], "en"),
        (["University", "of", "Leeds"], "en"),
        (["multiple", "myeloma"], "en"),
        (["ransomware"], "en"),
        (["Klimawandel"], "de"),
        (["Berlin"], "de"),
        (["Deutsche", "Bahn"], "de"),
        (["changement", "climatique"], "fr"),
        (["cambio", "climático"], "es"),
        (["intelligenza", "artificiale"], "it"),
        (["Amazônia"], "pt"),
        (["klimaatverandering"], "nl"),
        (["气候变化"], "zh"),
        (["人工知能"], "ja"),
        (["기후변화"], "ko"),
    ],
)
def test_good_tags_pass(words: list[str], language: str) -> None:
    named = any(w[:1].isupper() for w in words)
    assert problem(words, language, named=named) is None


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["for", "the"], "en"),
        (["the", "Climate"], "en"),
        (["Für", "Die"], "de"),
        (["Und"], "de"),
        (["Das", "Ist"], "de"),
        (["Weltbank", "und"], "de"),
        (["Deine", "Verdauung"], "de"),  # a possessive: "your digestion" is no thing
        (["vostro", "cibo"], "it"),
        (["tua", "saúde"], "pt"),
        (["des", "chercheur"], "fr"),
        (["la", "ciudad"], "es"),
        (["della", "città"], "it"),
        (["dos", "Santos"], "pt"),
        (["van", "Amsterdam"], "nl"),
        (["的经济"], "zh"),
        (["経済の"], "ja"),
    ],
)
def test_no_function_word_at_either_end(words: list[str], language: str) -> None:
    assert problem(words, language, named=True) == "function word at an end"


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["researchers"], "en"),
        (["company"], "en"),
        (["treatment"], "en"),
        (["countries"], "en"),
        (["Regierung"], "de"),  # capitalised as every German noun, but a common word
        (["Maßnahmen"], "de"),  # the word lists spell it "massnahmen" (casefolded)
        (["Straße"], "de"),
        (["gouvernement"], "fr"),
        (["gobierno"], "es"),
        (["governo"], "it"),
        (["governo"], "pt"),
        (["regering"], "nl"),
        (["中国"], "zh"),
        (["日本"], "ja"),
        (["한국"], "ko"),
    ],
)
def test_no_generic_single_common_word(words: list[str], language: str) -> None:
    assert problem(words, language, named=language == "de") == "generic common word"


@pytest.mark.parametrize("place", ["Freiburg", "Leipzig", "Tübingen", "Hamburg"])
def test_a_german_place_rare_in_english_is_a_name_when_the_article_shows_it_is(place: str) -> None:
    # German capitalises every noun and these are rare in English: only usage proves the name
    assert problem([place], "de", named=True) == "generic common word"
    assert problem([place], "de", named=True, proven=True) is None


def test_a_place_as_current_as_the_commonest_words_places_nothing() -> None:
    assert problem(["Deutschland"], "de", named=True, proven=True) == "generic common word"


def test_usage_proves_no_name_of_a_word_written_in_lower_case() -> None:
    assert problem(["Regierung"], "de", named=False, proven=True) == "generic common word"


def test_a_name_may_be_a_common_word_in_english_but_not_an_institution_word_alone() -> None:
    assert problem(["Apple"], "en", named=True) is None
    assert problem(["University"], "en", named=True) == "generic common word"


def test_established_topic_tags_may_use_common_words() -> None:
    assert problem(["public", "health"], "en") == "generic phrase"
    assert problem(["public", "health"], "en", established=True) is None


@pytest.mark.parametrize(
    ("words", "language", "reason"),
    [
        (["March", "2024"], "en", "date"),
        (["2023"], "en", "date"),
        (["Montag"], "de", "date"),
        (["Samstagfrüh"], "de", "date"),  # a day and its time of day, joined
        (["Sonntagabend"], "de", "date"),
        (["septembre"], "fr", "date"),
        (["3"], "en", "bare number"),
        (["Three"], "en", "bare number"),
        (["drei"], "de", "bare number"),
        (["2024年"], "zh", "date"),
    ],
)
def test_no_dates_or_bare_numbers(words: list[str], language: str, reason: str) -> None:
    assert problem(words, language, named=True) == reason


@pytest.mark.parametrize(
    "word", ["Athlet*innen", "Nutzer:innen", "Kund_innen", "LeserInnen", "Ökostromkund*innen"]
)
def test_no_gender_marked_nouns(word: str) -> None:
    # a tag cannot hold the mark, and "#Athletinnen" without it says women only
    assert problem([word], "de", named=True) == "gender-marked noun"


@pytest.mark.parametrize(
    ("words", "language", "reason"),
    [
        (["El", "Salvador"], "es", None),  # a name's own article
        (["La", "Rochelle"], "fr", None),
        (["el", "gobierno"], "es", "function word at an end"),
        (["The", "Guardian"], "en", "function word at an end"),  # English drops it: #Guardian
    ],
)
def test_a_capitalised_article_may_open_a_romance_name(
    words: list[str], language: str, reason: str | None
) -> None:
    assert problem(words, language, named=words[0][0].isupper()) == reason


def test_a_name_ending_in_in_is_not_gender_marked() -> None:
    assert problem(["LinkedIn"], "en", named=True) is None


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["researchers", "found"], "en"),
        (["neanderthals", "using", "birch"], "en"),
        (["encrypts", "victims", "files"], "en"),
        (["declining"], "en"),
        (["outsourced"], "en"),
        (["Forscher", "warnen"], "de"),
        (["prudemment"], "fr"),
        (["bateaux", "transportant"], "fr"),  # a present participle after a plural
        (["instituciones", "deberán"], "es"),  # a future tense
        (["governos", "investirão"], "pt"),
        (["militares", "enviaram"], "pt"),  # a preterite plural
        (["diputados", "aprobaron"], "es"),
        (["podría", "dictarse"], "es"),  # a reflexive infinitive
        (["correctement", "utilisé"], "fr"),  # an adverb before a participle
        (["발표했다"], "ko"),
    ],
)
def test_no_verb_phrases(words: list[str], language: str) -> None:
    assert problem(words, language) == "verb phrase"


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["petit", "restaurant"], "fr"),  # a noun in -ant after a singular is no participle
        (["enfants", "migrants"], "fr"),  # it agrees: an adjective or a noun
        (["nuevo", "mercado"], "es"),
        (["architecture", "moderne"], "fr"),  # "-rne" is no pronoun
        (["charla", "abierta"], "es"),
        (["changement", "climatique"], "fr"),  # a noun in -ment before an adjective
    ],
)
def test_nouns_that_end_like_verbs_stay(words: list[str], language: str) -> None:
    assert problem(words, language) != "verb phrase"


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["first", "offence"], "en"),
        (["five-year", "project"], "en"),
        (["vingt-cinq", "ans"], "fr"),
        (["tres", "documentos"], "es"),
        (["segundo", "plano"], "es"),
        (["Millionen", "Euro"], "de"),  # German capitals prove no name
    ],
)
def test_a_common_noun_phrase_that_counts_is_no_tag(words: list[str], language: str) -> None:
    assert problem(words, language, named=language == "de") == "number phrase"


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["oldest", "pubs"], "superlative phrase"),
        (["biggest", "reason"], "superlative phrase"),
        (["happiest", "cities"], "superlative phrase"),
        (["jobs", "tomorrow"], "date"),
    ],
)
def test_judgements_and_days_make_no_tag(words: list[str], reason: str) -> None:
    assert problem(words, "en") == reason


@pytest.mark.parametrize(
    "words", [["interest", "rates"], ["forest", "fires"], ["harvest", "festival"]]
)
def test_words_that_only_end_like_superlatives_stay(words: list[str]) -> None:
    assert problem(words, "en") is None


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["Final", "Four"], "en"),  # the number ends the name
        (["First", "Nations"], "en"),  # written as a name
        (["Three", "Kings"], "en"),
    ],
)
def test_a_name_with_a_number_word_stays(words: list[str], language: str) -> None:
    assert problem(words, language, named=True) is None


@pytest.mark.parametrize("tag", ["Https", "WWW", "html"])
def test_pieces_of_a_web_address_are_no_tags(tag: str) -> None:
    assert problem([tag], "fr", named=True) == "piece of a web address"


def test_unsupported_language_gets_no_tag() -> None:
    assert problem(["Helsinki"], "fi", named=True) == "unsupported language"


def test_a_name_too_long_is_dropped_not_cut() -> None:
    words = ["Zuckerman", "Mind", "Brain", "Behavior", "Institute", "of", "Columbia"]
    assert problem(words, "en", named=True) == "too long"


@pytest.mark.parametrize(
    ("tag", "warn"),
    [
        ("#climatechange", True),
        ("openscience", True),
        ("#ClimateChange", False),
        ("#science", False),
        ("#NHS", False),
        ("#covid19", False),
        ("#気候変動", False),
    ],
)
def test_lower_case_multiword_tags_are_flagged(tag: str, warn: bool) -> None:
    assert is_lower_multiword(tag) is warn


@pytest.mark.parametrize(("words", "language"), [(["সকলসড"], "en"), (["Москва"], "de")])
def test_letters_of_another_script_are_not_judged_by_latin_rules(
    words: list[str], language: str
) -> None:
    assert problem(words, language, named=True) == "not the article's script"


def test_latin_letters_with_diacritics_are_the_article_s_script() -> None:
    assert problem(["Łódź"], "en", named=True) is None
    assert problem(["Čapek", "Prize"], "en", named=True) is None


@pytest.mark.parametrize("word", ["British", "Mexican", "Democratic", "Japanese"])
def test_an_adjective_of_a_people_alone_is_no_tag(word: str) -> None:
    assert problem([word], "en", named=True) == "adjective of a people"
    assert problem([word, "Airways"], "en", named=True) is None  # in a name it is fine


def test_a_region_named_like_its_adjective_stays_a_tag() -> None:
    assert problem(["Caribbean"], "en", named=True) is None


def test_a_hex_colour_from_page_code_is_no_tag() -> None:
    assert problem(["B0C4DE"], "en", named=True) == "page code"
    assert problem(["Facade"], "en", named=True) != "page code"  # hex letters, no digit
