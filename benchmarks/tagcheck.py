"""Mechanical judgement of one hashtag on one page, by the rules of issue 9.

A tag is bad when:
- the page's language is not supported (no tag should be made at all);
- it is not in the text as written ("#Ipad" for "iPad", "#RMMPatients" for "R/RMM patients"):
  its words are looked up as consecutive words of the article whose tag form is exactly the tag;
- the run of capitalised words it comes from goes on in the text every time it occurs (a
  truncated name: "#GovernorJohnBel" of "Governor John Bel Edwards"; not judged in German,
  which capitalises every noun);
- it breaks a rule of ``tagrules.problem`` in the page's language (function word at an end,
  generic common word by wordfreq, date, bare number, verb phrase);
- it is a personal name (``names.find_names``: a title before it, or its surname used alone).

The page's language is its ``<html lang>``, else ``guess_language`` of its text (pages where no
language is clear count as unsupported). The article's own tags and the organisation's name are
judged only for being well-formed: they are what people wrote. Topic tags come from the
vocabulary and are judged by ``problem`` alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from socialpub.compose.germannouns import nominative, noun_usage
from socialpub.compose.hashtags import Hashtag, tag_words
from socialpub.compose.names import find_names
from socialpub.compose.sentences import split_sentences
from socialpub.compose.tagrules import CJK, SUPPORTED, make_tag, problem

_TOKEN = re.compile(r"[^\W_](?:[\w]|['’\-.&/](?=[^\W_]))*")
_MAX_WORDS = 7


@dataclass
class PageText:
    """What the checker needs to know of a page's text, computed once per page."""

    text: str
    language: str | None
    windows: dict[str, list[tuple[int, int]]]  # tag form -> (start, end) token spans
    tokens: list[str]
    sentence_starts: set[int]
    people: set[tuple[str, ...]]
    compact: str  # the text without spaces and punctuation, for CJK terms
    german_names: frozenset[str]  # words a German text uses as names ("in Freiburg")
    sentences: list[str]


def page_text(title: str, text: str, language: str | None) -> PageText:
    body = f"{title}\n{text}"
    sentences = split_sentences(body)  # read once: tokens, people, German usage
    tokens: list[str] = []
    starts: set[int] = set()
    for sentence in sentences:
        starts.add(len(tokens))
        tokens.extend(m.group(0) for m in _TOKEN.finditer(sentence))
    windows: dict[str, list[tuple[int, int]]] = {}
    if language and language not in CJK:
        for i in range(len(tokens)):
            for n in range(1, _MAX_WORDS + 1):
                if i + n > len(tokens):
                    break
                windows.setdefault(make_tag(tokens[i : i + n], language), []).append((i, i + n))
                if language == "de":  # the same words without a case ending: "Teilnehmer(n)"
                    for form in _uninflected(tokens[i : i + n]):
                        windows.setdefault(make_tag(form, language), []).append((i, i + n))
    people: set[tuple[str, ...]] = set()
    if language and language not in CJK:
        people = {
            tuple(w.lower() for w in n.words) for n in find_names(sentences, language) if n.person
        }
    compact = "".join(re.findall(r"\w+", body))
    german = noun_usage(sentences).names if language == "de" else frozenset()
    return PageText(body, language, windows, tokens, starts, people, compact, german, sentences)


def _uninflected(words: list[str]) -> list[list[str]]:
    """German forms of ``words`` with the last word's dative -n or genitive -(e)s taken off (and,
    for two words, the adjective's -n): the tag may name what the sentence declined."""
    last = words[-1]
    out = []
    for ending in ("n", "s", "es"):
        if last.endswith(ending) and len(last) > len(ending) + 3:
            out.append([*words[:-1], last[: -len(ending)]])
            if ending == "n" and len(words) == 2 and words[0].endswith("en"):
                out.append([words[0][:-1], last[:-1]])
    return out


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _in_the_nominative(tag: str, page: PageText) -> list[tuple[int, int]]:
    """Where a German adjective and noun stand that the tag names in the nominative, as the
    article shows it ("im Zweiten Weltkrieg" for #ZweiterWeltkrieg)."""
    words = tag_words(tag)
    if page.language != "de" or len(words) != 2:
        return []
    adjective, noun = (w.lower()[:4] for w in words)
    return [
        (i, i + 2)
        for i in range(len(page.tokens) - 1)
        if page.tokens[i].lower().startswith(adjective)
        and page.tokens[i + 1].lower().startswith(noun)
        and nominative(page.tokens[i], page.tokens[i + 1], page.sentences) == tuple(words)
    ]


def bad_reason(item: Hashtag, page: PageText) -> str | None:
    tag = item.tag
    if not regex.fullmatch(r"[^\W_]\w*", tag):  # regex: a word's combining marks are in \w
        return "malformed"
    if item.kind in ("own", "organisation"):
        return None
    language = page.language
    if language not in SUPPORTED:
        return "unsupported language"
    if item.kind == "topic":
        words = [tag] if language in CJK else tag_words(tag)
        return problem(words, language, named=True, established=True)
    if language in CJK:
        if tag not in page.compact:
            return "not in the text"
        return problem([tag], language)
    spans = page.windows.get(tag) or _in_the_nominative(tag, page)
    if not spans:
        return "not in the text as written"
    start, end = spans[0]
    words = page.tokens[start:end]
    named = any(
        s not in page.sentence_starts and all(_capitalised(w) for w in page.tokens[s:e])
        for s, e in spans
    ) or any(any(c.isupper() for c in w[1:]) for w in words)
    proven = len(words) == 1 and words[0].lower() in page.german_names
    reason = problem(words, language, named=named, proven=proven)
    if reason:
        return reason
    if (
        language != "de"
        and named
        and all(  # German capitalises every noun: no evidence there
            e < len(page.tokens) and e not in page.sentence_starts and _capitalised(page.tokens[e])
            for s, e in spans
        )
    ):
        return "truncated name"
    if tuple(w.lower() for w in words) in page.people:
        return "personal name"
    return None


def bad_tags(tags: Sequence[Hashtag], page: PageText) -> list[tuple[str, str]]:
    return [(t.tag, r) for t in tags if (r := bad_reason(t, page))]
