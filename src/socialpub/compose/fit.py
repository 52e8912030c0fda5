"""Fit a summary, a link and hashtags into one platform's post, or a numbered thread of them.

A platform's room decides how many of the extractive plan's sentences a post carries: two up to
500 characters (X, Bluesky, Mastodon, Threads), three where a post is long (LinkedIn, Facebook):
each sentence past the lead and its supporting fact is one more chance to lean on context the
reader lacks (a third reader review found Mastodon's third sentence spoilt four posts of 40).
A summary a person wrote goes whole wherever it fits. When they do not fit, the order
of sacrifice is: hashtags beyond the first two, the weaker sentences (never the opener), the
last two hashtags (the last first, so an account's own tags go last), and only then the opener
itself, which becomes a thread split at clause and then word boundaries where the account allows
threads, or is shortened there with an ellipsis where it does not; the link goes last of all.
An account that asks for the full text as a thread (``full_thread``) gets every planned sentence,
split between sentences.

On platforms that show links shortened (Bluesky, ``PlatformLimits.link_display``) the link is
written as the official app shows it, host and the start of the path; the adapter's link facet
carries the full URL, so a long tracking link costs a few characters and never forces a thread.

Whatever the input, every part returned satisfies ``counting.fits``, and the work is bounded by
the post's size, not the article's: text far beyond what a post can hold is never counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from socialpub.compose.counting import fits
from socialpub.compose.hashtags import tag_words
from socialpub.compose.limits import HashtagPlacement, PlatformLimits
from socialpub.compose.links import display_url
from socialpub.compose.sentences import ends_sentence
from socialpub.compose.summarize import ELLIPSIS, Plan, plan_given, shorten

_GRAPHEME = regex.compile(r"\X")
_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—]\s)")
# No counting rule gives a code point less than a fraction of a unit (combining marks aside),
# so text this many times a post's length can never fit and is not worth counting.
_BOUND_FACTOR = 6
_SHORT_POST = 500  # up to this length (X, Bluesky, Mastodon, Threads) a post carries two sentences
_FEWEST_TAGS = 2  # hashtags an extracted post keeps before it gives up a sentence for more room


@dataclass(frozen=True)
class Fitted:
    parts: tuple[str, ...]
    hashtags: tuple[str, ...]


def place_tags(
    body: str, tags: Sequence[str], placement: HashtagPlacement
) -> tuple[str, list[str]]:
    """Turn the first mention of each tag in ``body`` into the hashtag when placement is inline.

    Returns the new body and the tags that found no mention (they are appended).
    """
    if placement is not HashtagPlacement.INLINE:
        return body, list(tags)
    rest = []
    for tag in tags:
        words = [re.escape(w) for w in tag_words(tag)]
        pattern = re.compile(r"(?<![\w#/])" + r"[\s\-]+".join(words) + r"(?![\w])", re.IGNORECASE)
        match = pattern.search(body) if words else None
        if match is None:
            rest.append(tag)
        else:
            body = body[: match.start()] + "#" + tag + body[match.end() :]
    return body, rest


def compose(
    body: str,
    link: str | None,
    tags: Sequence[str],
    placement: HashtagPlacement = HashtagPlacement.APPENDED,
) -> str:
    body, appended = place_tags(body, tags, placement)
    blocks = [body, link or "", " ".join("#" + t for t in appended)]
    return "\n\n".join(b for b in blocks if b)


def shown_link(link: str | None, limits: PlatformLimits) -> str | None:
    """The link as the post's text shows it on this platform."""
    if link and limits.link_display == "short":
        return display_url(link)
    return link


def sentences_for(limits: PlatformLimits) -> int:
    """How many sentences a post on this platform carries at most."""
    return 2 if limits.max_length <= _SHORT_POST else 3


def cut_graphemes(text: str, limits: PlatformLimits) -> str:
    """Last resort for a single word longer than a post: cut between graphemes, with an ellipsis."""
    clusters = _GRAPHEME.findall(_bounded(text, limits))
    low, high = 0, len(clusters)
    while low < high:
        middle = (low + high + 1) // 2
        if fits("".join(clusters[:middle]) + ELLIPSIS, limits):
            low = middle
        else:
            high = middle - 1
    return "".join(clusters[:low]) + ELLIPSIS if low else ""


def _bounded(text: str, limits: PlatformLimits) -> str:
    """``text`` cut (at a space where there is one) to what could possibly fit one post."""
    bound = limits.max_length * _BOUND_FACTOR + 2048  # room for URLs that count as a fixed length
    if len(text) <= bound:
        return text
    cut = text[:bound]
    space = cut.rfind(" ")
    return cut[:space] if space > bound // 2 else cut


def fit(
    summary: Plan | str,
    link: str | None,
    tags: Sequence[str],
    limits: PlatformLimits,
    *,
    placement: HashtagPlacement = HashtagPlacement.APPENDED,
    threads: bool = True,
    full_thread: bool = False,
) -> Fitted:
    """Lay ``summary`` (a plan, or a text whose sentences are kept in order) out for ``limits``."""
    plan = plan_given(summary) if isinstance(summary, str) else summary
    plan = Plan(tuple(_bounded(s, limits) for s in plan.ranked), plan.positions, plan.written)
    shown = shown_link(link, limits)
    tags = list(tags)
    can_thread = threads and limits.threads and limits.max_thread_parts > 1
    if not plan.ranked:
        return _single("", shown, tags, limits, placement)
    if full_thread and can_thread:
        everything = plan.text(len(plan.ranked))
        if fits(compose(everything, shown, tags, placement), limits):
            return Fitted((compose(everything, shown, tags, placement),), tuple(tags))
        thread = _thread(plan.in_order(), shown, tags, limits, placement)
        if thread is not None:
            return thread
    most = len(plan.ranked) if plan.written else sentences_for(limits)
    # An extracted summary gives up its second sentence before the post's last hashtags: a
    # post without any is one nobody following a topic finds. A person's summary stays whole.
    fewest = 0 if plan.written else min(len(tags), _FEWEST_TAGS)
    for least in dict.fromkeys((fewest, 0)):
        for count in range(min(most, len(plan.ranked)), 0, -1):
            body = plan.text(count)
            for keep in range(len(tags), least - 1, -1):
                text = compose(body, shown, tags[:keep], placement)
                if fits(text, limits):
                    return Fitted((text,), tuple(tags[:keep]))
    if can_thread:
        thread = _thread(_clauses(plan.ranked[0]), shown, tags, limits, placement)
        if thread is not None:
            return thread
    return _single(plan.ranked[0], shown, tags, limits, placement)


def _single(
    sentence: str,
    link: str | None,
    tags: list[str],
    limits: PlatformLimits,
    placement: HashtagPlacement,
) -> Fitted:
    """One post: ``sentence`` shortened at a clause or word boundary; tags, then link, give way."""
    for current_link in (link, None) if link else (None,):
        for keep in range(len(tags), -1, -1):
            chosen = tags[:keep]

            def measure(
                body: str, chosen: list[str] = chosen, lk: str | None = current_link
            ) -> int:
                return 0 if fits(compose(body, lk, chosen, placement), limits) else 1 << 30

            body = shorten(sentence, 0, measure) if sentence else ""
            if body or not sentence:
                text = compose(body, current_link, chosen, placement)
                if text and fits(text, limits):
                    return Fitted((text,), tuple(chosen))
    text = cut_graphemes(sentence, limits) if sentence else ""
    return Fitted((text,), ())


def _clauses(sentence: str) -> list[str]:
    """A sentence too long for one post, in pieces that end at clauses (the thread splits a
    piece still too long between words)."""
    return [piece for piece in _CLAUSE.split(sentence) if piece.strip()]


def _thread(
    pieces: Sequence[str],
    link: str | None,
    tags: list[str],
    limits: PlatformLimits,
    placement: HashtagPlacement,
) -> Fitted | None:
    """Numbered parts made of whole ``pieces`` where possible; the first carries link and tags.

    A part that ends inside a sentence ends with an ellipsis, so no part ever stops mid-thought
    without saying so; a piece too long for any part is split between words.
    """
    most = limits.max_thread_parts
    widest = f"{ELLIPSIS} {most}/{most}"

    def part_fits(body: str, first: bool) -> bool:
        text = compose(body + widest, link, tags, placement) if first else body + widest
        return fits(text, limits)

    bodies: list[str] = []
    current = ""
    for piece in pieces:
        chunks = [piece]
        if not part_fits(piece, first=not bodies and not current):
            chunks = _word_chunks(piece, lambda b: part_fits(b, first=not bodies))
            if not chunks:
                return None
        for chunk in chunks:
            trial = f"{current} {chunk}".strip()
            if part_fits(trial, first=not bodies):
                current = trial
                continue
            if current:
                bodies.append(current)
            current = chunk
            if not part_fits(current, first=not bodies):
                return None
        if len(bodies) >= most:
            return None
    if current:
        bodies.append(current)
    if not 1 < len(bodies) <= most:
        return None
    n = len(bodies)
    parts = [
        f"{_ended(body)} {i}/{n}" if i < n else f"{body} {i}/{n}"
        for i, body in enumerate(bodies, start=1)
    ]
    parts[0] = compose(parts[0], link, tags, placement)
    return Fitted(tuple(parts), tuple(tags))


def _ended(body: str) -> str:
    """A part that stops inside a sentence says so with an ellipsis."""
    if ends_sentence(body):
        return body
    return body.rstrip(",;:–— ") + ELLIPSIS


def _word_chunks(sentence: str, ok: Callable[[str], bool]) -> list[str]:
    chunks: list[str] = []
    current = ""
    for word in sentence.split():
        trial = f"{current} {word}".strip()
        if ok(trial):
            current = trial
        elif current and ok(word):
            chunks.append(current)
            current = word
        else:
            return []
    return [*chunks, current] if current else chunks
