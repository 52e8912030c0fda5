"""What is no article is refused with its reason; a feed's teaser still makes a post."""

from __future__ import annotations

import pytest

from socialpub.compose.abstractive import ungrounded
from socialpub.compose.extract import clean_lines, clean_title
from socialpub.compose.post import NoArticle, clean_article

ARTICLE = (
    "Northmoor General Hospital treated its first patient with CAR-T cell therapy on 12 April. "
    "The trust expects to treat up to 20 patients a year, Dr Priya Shah said."
)


@pytest.mark.parametrize(
    ("raw", "fmt", "reason"),
    [
        ("<p>{{ article.body }}</p><p>{{ article.author }}</p>", "html", "template code"),
        ("{{title}}\n{{summary}}\n{% if image %}{{image}}{% endif %}", "text", "template code"),
        ("<p>The ward at Northmoor General Hospital in spring</p>", "html", "no sentence"),
        ("<html><body><p>Read the story on our new site.</p></body></html>", "html", "teaser"),
    ],
)
def test_no_article_is_refused_with_a_reason(raw: str, fmt: str, reason: str) -> None:
    with pytest.raises(NoArticle, match=f"no article here: .*{reason}"):
        clean_article(raw, fmt)  # type: ignore[arg-type]


def test_a_feed_teaser_and_a_typed_notice_are_articles() -> None:
    teaser = "<p>Northmoor General Hospital treated its first CAR-T patient on Friday.</p>"
    assert clean_article(teaser, "html", teaser=True).text
    assert clean_article("Open day on Saturday, 10am to 4pm, all welcome", "text").text


@pytest.mark.parametrize(
    "line",
    [
        "The haematology ward at Northmoor. Photo: Jane Smith / Northmoor NHS Trust",
        "Protesters outside the court on Monday (AP Photo/Mary Altaffer)",
        "Posted: Thursday, April 21, 2022. 10:11 pm CST.",
        "Veröffentlicht am 30. November 2026",
        "Publié le 30 novembre 2026",
        "Was this page helpful?",
        "Share this article",
        "Toggle navigation",
    ],
)
def test_captions_dates_and_prompts_are_dropped(line: str) -> None:
    kept = clean_lines(["A headline", line, "The body of the story goes on here."]).lines
    assert kept[-1] == "The body of the story goes on here." and line not in kept


def test_a_credit_inside_a_paragraph_goes_and_the_paragraph_stays() -> None:
    (kept,) = clean_lines(
        ["The new ward opened on Monday (Credit: Jane Smith / Grist). Patients moved in."]
    ).lines
    assert kept == "The new ward opened on Monday. Patients moved in."


def test_a_related_block_goes_with_its_teasers_but_not_the_next_paragraph() -> None:
    long_paragraph = " ".join(["The trust said the ward would also serve children."] * 4)
    lines = clean_lines(
        [
            "Title",
            "The ward opened.",
            "Related stories",
            "New car park",
            "Radio turns 50",
            long_paragraph,
        ]
    ).lines
    assert lines == ("The ward opened.", long_paragraph)


@pytest.mark.parametrize(
    ("title", "site", "clean"),
    [
        ("Hospital opens new ward | PSL", "", "Hospital opens new ward"),
        ("Klimaschutz: Neue Ziele | DW | 19.01.2020", "", "Klimaschutz: Neue Ziele"),
        ("Hospital opens new ward - BBC News", "", "Hospital opens new ward"),
        (
            "Hospital opens new ward - Northmoor NHS Trust",
            "Northmoor NHS Trust",
            "Hospital opens new ward",
        ),
        ("COVID-19 - what you need to know", "", "COVID-19 - what you need to know"),
    ],
)
def test_titles_lose_their_site_suffix(title: str, site: str, clean: str) -> None:
    assert clean_title(title, site) == clean


@pytest.mark.parametrize(
    ("summary", "problem"),
    [
        ("Northmoor General Hospital treated 40 patients with CAR-T therapy.", "number 40"),
        ("St James's Hospital treated its first patient with CAR-T therapy.", "name"),
        ("However, the trust expects to treat 20 patients a year.", "cannot stand alone"),
        (
            "Das Krankenhaus Northmoor hat am 12 April den ersten Patienten behandelt.",
            "written in de",
        ),
    ],
)
def test_a_language_model_summary_must_hold_to_the_article(summary: str, problem: str) -> None:
    reason = ungrounded(summary, ARTICLE, "en")
    assert reason is not None and problem in reason


def test_a_grounded_summary_passes() -> None:
    summary = "Northmoor General Hospital treated its first patient with CAR-T cell therapy."
    assert ungrounded(summary, ARTICLE, "en") is None


def test_overgrown_tags_and_empty_boxes_are_removed_before_parsing_and_text_stays() -> None:
    from socialpub.compose.extract import defuse_html

    attrs = " ".join(f'a{i}="x"' for i in range(2000))
    page = f"<div><p {attrs}>The ward opened.</p>{'<p></p>' * 500}<P >Patients moved in.</P></div>"
    assert defuse_html(page) == "<div><p>The ward opened.</p><P >Patients moved in.</P></div>"
