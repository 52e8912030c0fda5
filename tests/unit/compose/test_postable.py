"""Posts from realistic scraped pages, in several languages, pass every postability rule."""

from __future__ import annotations

import pytest

from socialpub.compose import clean_article, draft_post, render
from socialpub.compose.checks import ArticleFacts, check, first_real_sentence, post_facts
from socialpub.compose.extract import clean
from socialpub.compose.facets import bluesky_facets
from socialpub.compose.limits import Counting, PlatformLimits

from .scraped import (
    CHINESE_HTML,
    CHINESE_LEAD,
    FRENCH_HTML,
    FRENCH_LEAD,
    GERMAN_HTML,
    GERMAN_LEAD,
    HOSPITAL_HTML,
    HOSPITAL_LEAD,
    MARKDOWN_WITH_RELATED,
)

TRACKING = (
    "https://www.northmoor.nhs.uk/news/2026/04/first-car-t-therapy-patient-treated-at-northmoor"
    "?utm_source=newsletter&utm_medium=email&utm_campaign=april-digest&utm_content=top-story"
)
PLATFORMS = {
    "x": PlatformLimits(
        "x", 280, Counting.TWITTER, threads=True, max_thread_parts=5, default_hashtags=2
    ),
    "bluesky": PlatformLimits(
        "bluesky",
        300,
        Counting.GRAPHEMES,
        max_bytes=3000,
        threads=True,
        max_thread_parts=10,
        default_hashtags=2,
        link_display="short",
    ),
    "mastodon": PlatformLimits(
        "mastodon", 500, url_length=23, threads=True, max_thread_parts=5, default_hashtags=4
    ),
    "linkedin": PlatformLimits("linkedin", 3000, Counting.UTF16, default_hashtags=5),
}
PAGES = [
    (HOSPITAL_HTML, "en", HOSPITAL_LEAD),
    (GERMAN_HTML, "de", GERMAN_LEAD),
    (FRENCH_HTML, "fr", FRENCH_LEAD),
    (CHINESE_HTML, "zh", CHINESE_LEAD),
]


@pytest.mark.parametrize(("page", "language", "lead"), PAGES)
@pytest.mark.parametrize("link", [None, TRACKING])
def test_every_platforms_post_breaks_no_rule(
    page: str, language: str, lead: str, link: str | None
) -> None:
    article = clean_article(page, "html")
    assert article.language == language
    draft = draft_post(article, link=link)
    facts = ArticleFacts(
        article.text, article.title, article.language, first_real_sentence(article.text)
    )
    for name, limits in PLATFORMS.items():
        rendered = render(draft, limits)
        warnings = check(
            facts, post_facts(rendered.parts, limits, link=link, hashtags=rendered.hashtags)
        )
        assert warnings == [], (name, rendered.parts, warnings)
        assert len(rendered.parts) == 1, (name, rendered.parts)  # a long link never threads
        assert rendered.text.startswith(lead)


def test_the_page_around_the_article_is_gone() -> None:
    cleaned = clean(HOSPITAL_HTML, "html")
    text = "\n".join(cleaned.lines)
    assert cleaned.title == "First CAR-T therapy patient treated at Northmoor"
    for clutter in (
        "Posted:",
        "Photo:",
        "Related news",
        "New cancer centre",
        "Share this",
        "Was this page helpful",
        "cookies",
        "newsletter",
        "©",
    ):
        assert clutter not in text, clutter
    assert cleaned.declared_language == "en-GB"


def test_room_is_used_where_a_platform_has_it() -> None:
    draft = draft_post(clean_article(HOSPITAL_HTML, "html"))
    x = render(draft, PLATFORMS["x"]).text
    linkedin = render(draft, PLATFORMS["linkedin"]).text
    assert x.count(". ") + 1 <= 2
    assert linkedin.split("\n\n")[0].count(". ") + 1 >= 2
    assert "However" not in linkedin.split(".")[0]


def test_bluesky_shows_the_link_short_and_links_it_in_full() -> None:
    draft = draft_post(clean_article(HOSPITAL_HTML, "html"), link=TRACKING)
    text = render(draft, PLATFORMS["bluesky"]).text
    assert "www.northmoor.nhs.uk/news/2026/04..." in text and TRACKING not in text
    (link_facet,) = [
        f for f in bluesky_facets(text, TRACKING) if f["features"][0]["$type"].endswith("#link")
    ]
    assert link_facet["features"][0]["uri"] == TRACKING
    start, end = link_facet["index"]["byteStart"], link_facet["index"]["byteEnd"]
    assert text.encode()[start:end].decode() == "www.northmoor.nhs.uk/news/2026/04..."


def test_markdown_related_news_never_reaches_the_post() -> None:
    article = clean_article(MARKDOWN_WITH_RELATED, "markdown")
    assert article.title == "Library opens a reading room for patients"
    assert "car park" not in article.text and "Related" not in article.text
    assert article.text.startswith("The Royal Infirmary opened a reading room")
