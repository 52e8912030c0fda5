from __future__ import annotations

from socialpub.compose import (
    Counting,
    HashtagPlacement,
    HashtagPolicy,
    PlatformLimits,
    clean_article,
    draft_post,
    render,
)
from socialpub.compose.counting import length

from .pages import MYELOMA_TEXT

LINK = "https://example.org/news/2023/05/12/myeloma-car-t-trial"
X = PlatformLimits("x", 280, Counting.TWITTER, threads=True, max_thread_parts=5, default_hashtags=2)
MASTODON = PlatformLimits("mastodon", 500, url_length=23, default_hashtags=4)


def test_draft_summary_is_made_of_article_sentences() -> None:
    draft = draft_post(clean_article(MYELOMA_TEXT), link=LINK)
    assert draft.summary.startswith("Researchers at the University of Oslo said on Tuesday")
    assert len(draft.summary) <= 280
    assert draft.hashtags[:3] == ("MultipleMyeloma", "CancerResearch", "Oslo")
    assert draft.summary.startswith(draft.plan.ranked[0])  # the lead opens it
    assert draft.language == "en"


def test_render_fits_each_platform_and_reports_its_count() -> None:
    draft = draft_post(clean_article(MYELOMA_TEXT), link=LINK)
    for limits in (X, MASTODON):
        rendered = render(draft, limits)
        assert rendered.text == rendered.parts[0]
        assert rendered.limit == limits.max_length
        assert rendered.length == max(length(p, limits) for p in rendered.parts)
        assert rendered.length <= limits.max_length
    mastodon = render(draft, MASTODON)
    assert mastodon.parts == (mastodon.text,)
    assert mastodon.text.startswith(draft.summary)
    assert mastodon.text.endswith("#MultipleMyeloma #CancerResearch #Oslo #CARTTherapy")


def test_policy_count_always_blocked_and_placement() -> None:
    draft = draft_post(clean_article(MYELOMA_TEXT), link=LINK)
    policy = HashtagPolicy(
        count=3, always=("UiO",), blocked=("#oslo",), placement=HashtagPlacement.INLINE
    )
    rendered = render(draft, MASTODON, policy)
    assert rendered.hashtags == ("UiO", "MultipleMyeloma", "CancerResearch")
    assert "#MultipleMyeloma" in rendered.text.split("\n\n")[0]
    assert rendered.text.endswith("#UiO #CancerResearch")


def test_threads_off_gives_one_shortened_post() -> None:
    draft = draft_post(clean_article(MYELOMA_TEXT), link=LINK)
    rendered = render(draft, X, threads=False)
    assert len(rendered.parts) == 1 and rendered.length <= 280
    assert LINK in rendered.text


def test_a_long_single_sentence_is_cut_only_where_it_does_not_fit() -> None:
    sentence = (
        "The regional council, after a debate that lasted well into the night and drew more "
        "speakers than any since the harbour was rebuilt, voted by a narrow margin to close the "
        "old port to cruise ships from 2027 and to build a terminal with shore power at Dokken, "
        "two kilometres from the centre."
    )
    draft = draft_post(clean_article(f"Council closes port\n{sentence}"), link=LINK)
    assert draft.summary == sentence
    assert render(draft, MASTODON).text.startswith(sentence)
    short = render(draft, X, threads=False)
    assert short.text.split("\n\n")[0].endswith("…") and short.length <= 280
