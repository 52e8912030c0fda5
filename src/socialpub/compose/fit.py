"""Fit a summary, a link and hashtags into one platform's post, or a numbered thread of them.

Order of sacrifice when space runs out: first the summary loses its weakest sentences, then the
best sentence is shortened at a word boundary; only when no words fit at all are hashtags dropped
(the last first, so an account's own tags go last), then the link. Whatever the input, every part
returned satisfies ``counting.fits``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from socialpub.compose.counting import fits
from socialpub.compose.hashtags import tag_words
from socialpub.compose.limits import HashtagPlacement, PlatformLimits
from socialpub.compose.sentences import split_sentences
from socialpub.compose.summarize import ELLIPSIS, select

_GRAPHEME = regex.compile(r"\X")


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


def cut_graphemes(text: str, limits: PlatformLimits) -> str:
    """Last resort for a single word longer than a post: cut between graphemes, with an ellipsis."""
    clusters = _GRAPHEME.findall(text)
    low, high = 0, len(clusters)
    while low < high:
        middle = (low + high + 1) // 2
        if fits("".join(clusters[:middle]) + ELLIPSIS, limits):
            low = middle
        else:
            high = middle - 1
    return "".join(clusters[:low]) + ELLIPSIS if low else ""


def _single(
    sentences: Sequence[str],
    scores: Sequence[float],
    link: str | None,
    tags: list[str],
    limits: PlatformLimits,
    placement: HashtagPlacement,
) -> Fitted:
    for keep_link in (True, False):
        current_link = link if keep_link else None
        for count in range(len(tags), -1, -1):
            chosen = tags[:count]

            def check(body: str, chosen: list[str] = chosen, lk: str | None = current_link) -> bool:
                return fits(compose(body, lk, chosen, placement), limits)

            body = select(sentences, scores, limits.max_length, _as_measure(check))
            if body or not sentences:
                text = compose(body, current_link, chosen, placement)
                if fits(text, limits) and (body or current_link or chosen):
                    return Fitted((text,), tuple(chosen))
    best = max(range(len(sentences)), key=lambda i: scores[i]) if sentences else None
    text = cut_graphemes(sentences[best], limits) if best is not None else ""
    return Fitted((text,), ())


def _as_measure(check: Callable[[str], bool]) -> Callable[[str], int]:
    """Adapt a yes/no fit test to ``select``'s measure-against-budget interface."""

    def measure(text: str) -> int:
        return 0 if check(text) else 1 << 30

    return measure


def _thread(
    sentences: Sequence[str],
    link: str | None,
    tags: list[str],
    limits: PlatformLimits,
    placement: HashtagPlacement,
) -> Fitted | None:
    """Numbered parts split at sentence boundaries; the first part carries link and tags."""
    most = limits.max_thread_parts
    widest = f" {most}/{most}"

    def part_fits(body: str, first: bool) -> bool:
        text = compose(body + widest, link, tags, placement) if first else body + widest
        return fits(text, limits)

    bodies: list[str] = []
    current = ""
    for sentence in sentences:
        pieces = [sentence]
        if not part_fits(sentence, first=not bodies and not current):
            pieces = _word_chunks(sentence, lambda b: part_fits(b, first=not bodies))
            if not pieces:
                return None
        for piece in pieces:
            trial = f"{current} {piece}".strip()
            if part_fits(trial, first=not bodies):
                current = trial
                continue
            if current:
                bodies.append(current)
            current = piece
            if not part_fits(current, first=not bodies):
                return None
    if current:
        bodies.append(current)
    if not 1 < len(bodies) <= most:
        return None
    n = len(bodies)
    parts = [f"{body} {i}/{n}" for i, body in enumerate(bodies, start=1)]
    parts[0] = compose(parts[0], link, tags, placement)
    return Fitted(tuple(parts), tuple(tags))


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


def fit(
    summary: str,
    link: str | None,
    tags: Sequence[str],
    limits: PlatformLimits,
    *,
    placement: HashtagPlacement = HashtagPlacement.APPENDED,
    threads: bool = True,
    sentences: Sequence[str] = (),
    scores: Sequence[float] = (),
) -> Fitted:
    """Fit ``summary`` (falling back to the best of ``sentences`` by ``scores``) to ``limits``."""
    tags = list(tags)
    text = compose(summary, link, tags, placement)
    if fits(text, limits):
        return Fitted((text,), tuple(tags))
    summary_sentences = split_sentences(summary)
    if threads and limits.threads and limits.max_thread_parts > 1:
        thread = _thread(summary_sentences, link, tags, limits, placement)
        if thread is not None:
            return thread
    pool = list(sentences) or summary_sentences
    pool_scores = list(scores) if scores and sentences else _by_order(len(pool))
    return _single(pool, pool_scores, link, tags, limits, placement)


def _by_order(n: int) -> list[float]:
    return [float(n - i) for i in range(n)]
