from __future__ import annotations

import pytest

from socialpub.compose.sentences import split_sentences, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rose 3.5 percent. Then it fell.", ["It rose 3.5 percent.", "Then it fell."]),
        (
            "Dr. Smith met Mr. Jones at 5 p.m. on Jan. 4. They talked.",
            ["Dr. Smith met Mr. Jones at 5 p.m. on Jan. 4.", "They talked."],
        ),
        (
            "Dr the Rt. Hon. Keith Mitchell spoke in St George's. He backed the forum.",
            ["Dr the Rt. Hon. Keith Mitchell spoke in St George's.", "He backed the forum."],
        ),
        (
            "The U.S. Senate voted. J. R. R. Tolkien wrote it.",
            ["The U.S. Senate voted.", "J. R. R. Tolkien wrote it."],
        ),
        (
            '"We won," she said. "It was hard." He agreed.',
            ['"We won," she said.', '"It was hard."', "He agreed."],
        ),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
        (
            "Acme Inc. rose, e.g. by 4%. Shares fell.",
            ["Acme Inc. rose, e.g. by 4%.", "Shares fell."],
        ),
        ("First line\nSecond line", ["First line", "Second line"]),
        ("  \n\n ", []),
        ("no end punctuation", ["no end punctuation"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_splitting_loses_no_text() -> None:
    text = 'He paid $3.50. "Fine." The U.S. and the U.K. agreed... Then? Done!'
    assert " ".join(split_sentences(text)).split() == text.split()


def test_german_gender_marked_nouns_are_one_word() -> None:
    text = "Athlet*innen, Nutzer:innen und eine Kund*in. Um 10:30 Uhr: innen und außen."
    assert words(text) == [
        "Athlet*innen",
        "Nutzer:innen",
        "und",
        "eine",
        "Kund*in",
        "Um",
        "10",
        "30",
        "Uhr",
        "innen",
        "und",
        "außen",
    ]


def test_words_keep_hyphens_apostrophes_and_decimals_whole() -> None:
    assert words("CAR-T costs 3.5m, don't ask AT&T.") == [
        "CAR-T",
        "costs",
        "3.5m",
        "don't",
        "ask",
        "AT&T",
    ]
