"""Extractive summary: score each sentence, then pick the best ones that fit a budget.

A sentence scores high when it is central (its words are the article's frequent words), early
(news puts the point first), shares words with the title, and is a self-contained statement of
reasonable length. Selection keeps the article's order and never cuts a word; only when not even
one sentence fits is the best one shortened, at a word boundary, with an ellipsis.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from socialpub.compose.keyphrases import clean_word, is_content_word, stem
from socialpub.compose.lexicon import STOPWORDS
from socialpub.compose.sentences import split_sentences, tokens

ELLIPSIS = "…"
_QUOTE_START = re.compile(r"^[\"“‘']")
_IDEAL_WORDS = 22  # a one-sentence summary a reader takes in at a glance


def _stems(sentence: str) -> list[str]:
    out = []
    for token in tokens(sentence):
        word = clean_word(token.text)
        if is_content_word(word):
            out.append(stem(word))
    return out


def score_sentences(sentences: Sequence[str], title: str = "") -> list[float]:
    """One score per sentence, higher is better; comparable only within one article."""
    bags = [_stems(s) for s in sentences]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(set(bag))
    title_stems = set(_stems(title))
    scores = []
    for index, (sentence, bag) in enumerate(zip(sentences, bags, strict=True)):
        if not bag:
            scores.append(0.0)
            continue
        unique = set(bag)
        # centrality: how many other sentences share each word, with the sentence itself left out
        central = sum(math.log1p(frequency[s] - 1) for s in unique) / math.sqrt(len(unique))
        overlap = len(unique & title_stems) / math.sqrt(len(title_stems)) if title_stems else 0.0
        position = 1.0 / math.sqrt(1.0 + index)
        n_words = len(tokens(sentence))
        shape = math.exp(-(((n_words - _IDEAL_WORDS) / _IDEAL_WORDS) ** 2))
        if _QUOTE_START.match(sentence) or sentence.endswith("?"):
            shape *= 0.6  # a quotation or a question rarely stands alone as the point
        scores.append((central + overlap + position) * shape)
    return scores


def shorten(text: str, budget: int, measure: Callable[[str], int]) -> str:
    """The longest word-boundary prefix of ``text`` that, with an ellipsis, fits ``budget``."""
    if measure(text) <= budget:
        return text
    words = text.split(" ")
    low, high = 0, len(words)
    while low < high:  # the largest count of words whose prefix fits
        middle = (low + high + 1) // 2
        candidate = " ".join(words[:middle]).rstrip(",;:-–—") + ELLIPSIS
        if measure(candidate) <= budget:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return ""
    while low > 1 and words[low - 1].lower() in STOPWORDS:
        low -= 1  # "slowed the disease in…" reads better as "slowed the disease…"
    kept = " ".join(words[:low]).rstrip(",;:-–—") + ELLIPSIS
    return kept if measure(kept) <= budget else ""


def choose_sentences(
    sentences: Sequence[str],
    scores: Sequence[float],
    budget: int,
    measure: Callable[[str], int] = len,
    *,
    max_sentences: int = 3,
) -> list[int]:
    """Indices, in article order, of the best sentences whose joined text fits ``budget``.

    Empty when none fits, or when only sentences much worse than the best one would.
    """
    if not sentences or budget <= 0:
        return []
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    for index in order:
        if len(chosen) >= max_sentences:
            break
        trial = sorted([*chosen, index])
        if measure(" ".join(sentences[i] for i in trial)) <= budget:
            chosen = trial
        elif not chosen and scores[index] < scores[order[0]] * 0.5:
            break  # the fitting sentences are much worse: shorten the best one instead
    return chosen


def best(sentences: Sequence[str], scores: Sequence[float]) -> str:
    return sentences[max(range(len(sentences)), key=lambda i: (scores[i], -i))]


def select(
    sentences: Sequence[str],
    scores: Sequence[float],
    budget: int,
    measure: Callable[[str], int] = len,
    *,
    max_sentences: int = 3,
) -> str:
    """The chosen sentences joined, or else the best one shortened to fit ``budget``."""
    chosen = choose_sentences(sentences, scores, budget, measure, max_sentences=max_sentences)
    if chosen:
        return " ".join(sentences[i] for i in chosen)
    if not sentences or budget <= 0:
        return ""
    return shorten(best(sentences, scores), budget, measure)


def summarize(text: str, title: str = "", *, max_chars: int = 280, max_sentences: int = 2) -> str:
    """A summary of ``text`` of at most ``max_chars`` characters."""
    sentences = split_sentences(text)
    if not sentences:
        return shorten(" ".join(title.split()), max_chars, len)
    scores = score_sentences(sentences, title)
    return select(sentences, scores, max_chars, max_sentences=max_sentences)
