from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpub.compose.facets import bluesky_facets


def _spans(text: str) -> list[str]:
    raw = text.encode("utf-8")
    return [
        raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode("utf-8")
        for f in bluesky_facets(text)
    ]


def test_facets_mark_links_and_tags_in_utf8_bytes() -> None:
    text = "Café ☕ naïve résumé: https://example.org/a_b?x=1. #MultipleMyeloma #Oslo"
    facets = bluesky_facets(text)
    assert _spans(text) == ["https://example.org/a_b?x=1", "#MultipleMyeloma", "#Oslo"]
    assert facets[0]["features"] == [
        {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/a_b?x=1"}
    ]
    assert facets[1]["features"] == [
        {"$type": "app.bsky.richtext.facet#tag", "tag": "MultipleMyeloma"}
    ]
    assert facets[0]["index"]["byteStart"] > text.index("https")  # bytes, not characters


def test_not_tags_numbers_anchors_and_trailing_punctuation() -> None:
    text = "Room #12 and https://example.org/page#section, then #Science! and x#y"
    assert _spans(text) == ["https://example.org/page#section", "#Science"]


def test_link_in_parentheses_excludes_the_closing_one() -> None:
    text = "(see https://example.org/x)"
    assert _spans(text) == ["https://example.org/x"]


def test_no_facets_in_plain_text() -> None:
    assert bluesky_facets("Nothing to mark here.") == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=8),
            st.sampled_from(["#Tag", "#日本", "#a_b", "https://e.org/x?q=1", "(see", ").", "👍🏽"]),
        ),
        max_size=30,
    ).map(" ".join)
)
def test_facet_offsets_always_cut_whole_characters_at_the_marked_text(text: str) -> None:
    raw = text.encode("utf-8")
    previous_end = 0
    for facet in bluesky_facets(text):
        start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        assert previous_end <= start < end <= len(raw)
        marked = raw[start:end].decode("utf-8")  # raises if an offset splits a character
        feature = facet["features"][0]
        if feature["$type"].endswith("#tag"):
            assert marked == "#" + feature["tag"] or marked == "＃" + feature["tag"]
        else:
            assert marked == feature["uri"]
        previous_end = end
