from __future__ import annotations

from socialpub.compose.escaping import escape, linkedin_little_text


def test_reserved_characters_are_escaped() -> None:
    assert linkedin_little_text("a (b) [c] {d} <e> *f* _g_ ~h~ @i | j \\ k") == (
        r"a \(b\) \[c\] \{d\} \<e\> \*f\* \_g\_ \~h\~ \@i \| j \\ k"
    )


def test_links_stay_as_written_and_hashtags_become_templates() -> None:
    text = "Read (now) https://example.org/a_(b)?q=1 #OpenScience"
    assert linkedin_little_text(text) == (
        r"Read \(now\) https://example.org/a_(b)?q=1 {hashtag|\#|OpenScience}"
    )


def test_unknown_escaping_leaves_text_alone() -> None:
    assert escape("(a)", None) == "(a)"
    assert escape("(a)", "something-else") == "(a)"
