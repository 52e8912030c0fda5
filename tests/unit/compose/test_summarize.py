from __future__ import annotations

from socialpub.compose.summarize import ELLIPSIS, score_sentences, select, shorten, summarize

from .pages import MYELOMA_CONTENT, MYELOMA_TITLE

SENTENCES = [
    "The council approved the new harbour terminal on Monday after a long debate.",
    "Cruise ships will dock at the terminal from 2027.",
    '"It is a good day," one trader said.',
    "The harbour terminal will supply shore power to cruise ships at every berth.",
    "Parking near the old market will be free on Sundays.",
]


def test_central_early_sentences_score_highest() -> None:
    scores = score_sentences(SENTENCES, "New harbour terminal approved")
    assert scores.index(max(scores)) == 0
    assert scores[4] < scores[0] and scores[4] < scores[3]
    assert scores[2] < scores[0]  # a quotation seldom carries the point


def test_selection_fits_and_keeps_article_order() -> None:
    scores = [1.0, 0.2, 0.1, 0.9, 0.3]
    picked = select(SENTENCES, scores, 160)
    assert picked == f"{SENTENCES[0]} {SENTENCES[3]}"
    assert len(picked) <= 160
    assert select(SENTENCES, scores, 80) == SENTENCES[0]


def test_a_smaller_sentence_is_preferred_to_cutting_a_good_one() -> None:
    scores = [1.0, 0.8, 0.1, 0.2, 0.1]
    assert select(SENTENCES, scores, 60) == SENTENCES[1]


def test_only_a_cut_gets_an_ellipsis_and_never_mid_word() -> None:
    text = "Researchers reprogrammed immune cells to attack tumours in the bone marrow."
    assert shorten(text, 200, len) == text
    cut = shorten(text, 40, len)
    assert cut.endswith(ELLIPSIS) and len(cut) <= 40
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "
    assert shorten("Supercalifragilistic", 5, len) == ""
    assert shorten("The council voted to close the old harbour", 31, len) == (
        "The council voted to close…"
    )


def test_summarize_stays_within_max_chars() -> None:
    text = "\n".join(MYELOMA_CONTENT)
    for budget in (60, 140, 280, 1000):
        summary = summarize(text, MYELOMA_TITLE, max_chars=budget)
        assert 0 < len(summary) <= budget
    assert summarize(text, MYELOMA_TITLE, max_chars=280).startswith("Researchers at the University")


def test_summarize_of_nothing_is_empty() -> None:
    assert summarize("") == ""
