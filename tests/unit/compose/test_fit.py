from __future__ import annotations

from socialpub.compose.counting import fits
from socialpub.compose.fit import compose, fit, place_tags
from socialpub.compose.limits import Counting, HashtagPlacement, PlatformLimits

LINK = "https://example.org/news/2023/05/12/myeloma"
SUMMARY = (
    "Researchers in Oslo said a CAR-T therapy slowed multiple myeloma in 40 of 52 patients. "
    "The team now plans a larger trial across 12 hospitals in Norway and Sweden. "
    "Results are expected in 2027."
)
TAGS = ["MultipleMyeloma", "Oslo"]


def test_a_post_that_fits_is_summary_link_and_tags() -> None:
    limits = PlatformLimits("m", 500, url_length=23)
    fitted = fit(SUMMARY, LINK, TAGS, limits)
    assert fitted.parts == (f"{SUMMARY}\n\n{LINK}\n\n#MultipleMyeloma #Oslo",)


def test_inline_placement_tags_the_first_mention() -> None:
    body, rest = place_tags(SUMMARY, [*TAGS, "Science"], HashtagPlacement.INLINE)
    assert body.startswith("Researchers in #Oslo said a CAR-T therapy slowed #MultipleMyeloma in")
    assert rest == ["Science"]
    text = compose(SUMMARY, None, TAGS, HashtagPlacement.INLINE)
    assert "\n\n#" not in text


def test_a_summary_too_long_for_one_post_drops_its_later_sentences_before_threading() -> None:
    limits = PlatformLimits("x", 180, Counting.TWITTER, threads=True, max_thread_parts=4)
    (text,) = fit(SUMMARY, LINK, TAGS, limits).parts
    assert fits(text, limits)
    assert text.startswith("Researchers in Oslo said a CAR-T therapy slowed multiple myeloma")
    assert "Results are expected" not in text and "…" not in text


def test_the_full_text_as_a_thread_when_the_account_asks_for_it() -> None:
    limits = PlatformLimits("x", 180, Counting.TWITTER, threads=True, max_thread_parts=4)
    fitted = fit(SUMMARY, LINK, TAGS, limits, full_thread=True)
    assert len(fitted.parts) >= 2
    n = len(fitted.parts)
    for i, part in enumerate(fitted.parts, start=1):
        assert fits(part, limits)
        assert f" {i}/{n}" in part
    assert LINK in fitted.parts[0] and "#Oslo" in fitted.parts[0]
    joined = " ".join(p.split("\n\n")[0].rsplit(" ", 1)[0] for p in fitted.parts)
    assert joined == SUMMARY  # nothing lost, split at sentence boundaries


def test_without_threads_the_post_is_shortened_from_the_best_sentences() -> None:
    limits = PlatformLimits("x", 180, Counting.TWITTER, threads=True, max_thread_parts=4)
    fitted = fit(SUMMARY, LINK, TAGS, limits, threads=False)
    (text,) = fitted.parts
    assert fits(text, limits)
    assert text.startswith("Researchers in Oslo said a CAR-T therapy slowed multiple myeloma")
    assert LINK in text and fitted.hashtags == tuple(TAGS)


def test_hashtags_go_before_the_link_when_nothing_else_fits() -> None:
    limits = PlatformLimits("tiny", 70, url_length=23)
    fitted = fit(SUMMARY, LINK, TAGS, limits)
    (text,) = fitted.parts
    assert fits(text, limits)
    assert LINK in text
    assert text.split("\n\n")[0].endswith("…")


def test_a_lead_longer_than_a_post_is_split_at_words_with_an_ellipsis_never_mid_word() -> None:
    limits = PlatformLimits("x", 100, Counting.TWITTER, threads=True, max_thread_parts=2)
    fitted = fit(SUMMARY, LINK, TAGS, limits)
    first, second = fitted.parts
    assert all(fits(part, limits) for part in fitted.parts)
    body = first.split("\n\n")[0]
    assert body.endswith("… 1/2") and second.endswith(" 2/2")
    lead = SUMMARY.split(". ")[0] + "."
    assert f"{body.removesuffix('… 1/2')} {second.removesuffix(' 2/2')}" == lead


def test_without_threads_a_long_lead_is_shortened_in_one_post() -> None:
    limits = PlatformLimits("x", 100, Counting.TWITTER, threads=False)
    (text,) = fit(SUMMARY, LINK, TAGS, limits).parts
    assert fits(text, limits) and "…" in text


def test_an_extracted_post_carries_two_sentences_up_to_500_characters_and_three_beyond() -> None:
    from socialpub.compose.summarize import Plan

    sentences = tuple(SUMMARY.split(". "))
    plan = Plan(
        tuple(s if s.endswith(".") else s + "." for s in sentences), tuple(range(len(sentences)))
    )
    mastodon = PlatformLimits("mastodon", 500, url_length=23)
    linkedin = PlatformLimits("linkedin", 3000)
    (short,) = fit(plan, LINK, TAGS, mastodon).parts
    (long,) = fit(plan, LINK, TAGS, linkedin).parts
    assert "The team now plans" in short and "Results are expected" not in short
    assert "Results are expected" in long


def test_a_summary_a_person_wrote_goes_whole_where_it_fits() -> None:
    for limits in (PlatformLimits("mastodon", 500, url_length=23), PlatformLimits("x", 280)):
        (text,) = fit(SUMMARY, None, [], limits).parts
        assert text == SUMMARY


def test_an_extracted_post_gives_up_its_second_sentence_before_its_last_two_hashtags() -> None:
    from socialpub.compose.summarize import Plan

    first = "Researchers in Oslo said a CAR-T therapy slowed multiple myeloma in 40 of 52 patients."
    second = "The team now plans a larger trial across twelve hospitals in Norway and Sweden."
    plan = Plan((first, second), (0, 1))
    tags = ["MultipleMyeloma", "Oslo", "CancerResearch"]
    # room for both sentences and the link, but not for two tags beside them
    room = len(f"{first} {second}\n\n{LINK}\n\n#Oslo") + 2
    limits = PlatformLimits("m", room)
    (text,) = fit(plan, LINK, tags, limits).parts
    assert text.startswith(first) and second not in text
    assert "#MultipleMyeloma #Oslo" in text and fits(text, limits)
    # a summary a person wrote stays whole, and the tags give way
    (written,) = fit(f"{first} {second}", LINK, tags, limits).parts
    assert second in written and "#" not in written
