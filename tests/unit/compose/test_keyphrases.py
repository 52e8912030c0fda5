from __future__ import annotations

import pytest

from socialpub.compose.keyphrases import heading_line, keyphrases, rank, stem_key

from .pages import MYELOMA_CONTENT, MYELOMA_TITLE

BODY = "\n".join(MYELOMA_CONTENT)


def test_the_subject_of_an_article_ranks_first() -> None:
    top = [k.lower() for k in keyphrases(BODY, MYELOMA_TITLE, limit=4)]
    assert {"myeloma", "multiple"} <= set(top)


def test_function_words_and_numbers_do_not_rank() -> None:
    ranked = [k.lower() for k in keyphrases(BODY, MYELOMA_TITLE, limit=30)]
    assert not {"the", "and", "which", "said", "its"} & set(ranked)
    assert ranked.index("patients") < ranked.index("35,000") if "35,000" in ranked else True


def test_words_with_one_stem_are_one_keyphrase() -> None:
    text = "Vaccines work. The vaccine was tested. Vaccination rates rose. A vaccine helps."
    ranked = rank(text)
    stems = [k.stem for k in ranked]
    assert len(stems) == len(set(stems))
    assert ranked[0].stem == "vaccin"
    assert ranked[0].text in {"vaccine", "Vaccines"}


def test_recurring_terms_and_names_ride_along_with_their_words() -> None:
    ranked = {k.text.lower(): k.term for k in rank(BODY, MYELOMA_TITLE)}
    assert ranked["myeloma"] is not None and ranked["myeloma"].lower() == "multiple myeloma"
    assert ranked["therapy"] == "CAR-T therapy"


def test_a_name_mentioned_once_is_a_term() -> None:
    text = "The minister met Hailee Steinfeld in Paris. The actress said little."
    terms = {k.term for k in rank(text)}
    assert "Hailee Steinfeld" in terms


def test_stem_key_ignores_case_and_possessives() -> None:
    assert stem_key("Adams's Casting") == stem_key("adams casting")


def test_a_possessive_ends_a_term_and_the_longest_name_wins() -> None:
    text = (
        "The country's nuclear arsenal is old. Officials said the country's nuclear plans "
        "were secret. Archbishop Desmond Tutu spoke later, and Archbishop Desmond Tutu wept."
    )
    terms = {k.text.lower(): k.term for k in rank(text)}
    assert terms["country"] is None
    assert terms["archbishop"] == "Archbishop Desmond Tutu"


def test_a_sentence_first_word_is_not_taken_for_a_name() -> None:
    ranked = {
        k.text.lower(): k.proper for k in rank("Fabulous weather. It was fabulous. Oslo won.")
    }
    assert ranked["fabulous"] is False


@pytest.mark.parametrize(
    ("line", "language", "heading"),
    [
        ("Keep Vibrant Colours Apart", "en", True),
        ("Comment Choisir Ses Tissus", "fr", True),
        ("Wash dark cotton separately the first time.", "en", False),
        ("Liberty Prints", "en", False),  # two words: a name as likely as a heading
        # German capitalises every noun: a line of nouns is a sentence, its names still names
        ("Gemeinde Ormalingen Baselbiet Gesprächsrunde", "de", False),
    ],
)
def test_a_line_capitalising_every_content_word_is_a_heading(
    line: str, language: str, heading: bool
) -> None:
    assert heading_line(line, language) is heading
