"""Keyphrase ranking: which words and terms an article is about, best first.

Offline and unsupervised. A word is scored from how often its stem occurs, in how many sentences,
how early it first appears, and its length (long words are rarer, so more telling, and length
needs no corpus). Generic words (lexicon.GENERIC) and words with digits are demoted.

Ranking is by word; each ranked word carries the multi-word term it belongs to when the article
has one (a name such as "Hailee Steinfeld", or a recurring pair such as "multiple myeloma"), which
is what hashtags are made of. Measured on news with crowd keyphrases, ranking terms in place of
their words lowered agreement with people, so terms ride along rather than compete.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from socialpub.compose.lexicon import FUNCTION_WORDS, GENERIC, STOPWORDS
from socialpub.compose.sentences import split_sentences, tokens

_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
_BREAKS = frozenset(',;:()[]"“”—–/|!?')


# Snowball algorithms per language (PyStemmer, a C extension that imports in milliseconds).
# English keeps the original Porter algorithm, the one keyphrase scorers stem with.
_ALGORITHMS = {
    "en": "porter",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}


@cache
def _stemmer(language: str) -> Any:
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer(_ALGORITHMS.get(language, "porter"))


@lru_cache(maxsize=65536)
def stem(word: str, language: str = "en") -> str:
    """The word's stem in ``language``: "vaccines" and "vaccine" are one word.

    Languages without a stemmer (Chinese, Japanese, Korean) use the lower-cased word itself.
    """
    low = word.lower()
    if language in _UNSTEMMED:
        return low
    return str(_stemmer(language).stemWord(low))


_UNSTEMMED = frozenset({"zh", "ja", "ko"})


def clean_word(word: str) -> str:
    """Drop a possessive or trailing apostrophe/period: "Adams'" and "Adams's" are "Adams"."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word.rstrip("'’.")


def stem_key(phrase: str, language: str = "en") -> tuple[str, ...]:
    """The identity of a phrase for merging duplicates: its word stems."""
    return tuple(stem(clean_word(t.text), language) for t in tokens(phrase))


def is_content_word(word: str, language: str = "en") -> bool:
    low = word.lower()
    if "." in word and not _DOTTED_ACRONYM.fullmatch(word):
        return False  # a domain name or file name, not a word
    stopwords = FUNCTION_WORDS.get(language, STOPWORDS)
    return len(low) > 1 and low not in stopwords and any(c.isalpha() for c in word)


@dataclass(frozen=True)
class Keyphrase:
    text: str  # the form the article uses most
    score: float
    stem: str
    term: str | None = None  # the multi-word term this word belongs to, if any
    count: int = 1  # occurrences of the word's stem
    proper: bool = False  # the article writes it like a name
    term_count: int = 0  # occurrences of ``term``
    lower: int = 0  # occurrences written in lower case mid-sentence ("the heart", "Heart")


def _most_common(counts: dict[str, int]) -> str:
    """The most frequent key, the first written among equals (as Counter.most_common)."""
    return max(counts, key=counts.__getitem__)


@dataclass
class _Stats:
    count: int = 0
    first: int = 0
    sentences: set[int] = field(default_factory=set)
    # plain dicts, not Counters: one is made for every distinct word of every article
    forms: dict[str, int] = field(default_factory=dict)
    inner: int = 0  # occurrences not first in their sentence
    capitalised: int = 0  # of those, how many capitalised

    @property
    def form(self) -> str:
        return _most_common(self.forms)

    @property
    def proper(self) -> bool:
        """Written capitalised mid-sentence, like a name; a sentence's first word proves nothing."""
        return self.inner > 0 and 2 * self.capitalised >= self.inner


@dataclass
class _Terms:
    counts: Counter[tuple[str, ...]] = field(default_factory=Counter)
    names: set[tuple[str, ...]] = field(default_factory=set)
    forms: dict[tuple[str, ...], dict[str, int]] = field(default_factory=dict)
    by_stem: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)

    def add(
        self, run: list[tuple[str, str]], *, headline: bool, run_starts_sentence: bool = False
    ) -> None:
        if len(run) < 2:
            return
        digits = [_has_digit(w) for w, _ in run]
        for size in (2, 3):
            for start in range(len(run) - size + 1):
                window = run[start : start + size]
                stems = tuple(s for _, s in window)
                if len(set(stems)) < size or any(digits[start : start + size]):
                    continue
                words = [w for w, _ in window]
                if stems not in self.counts:
                    for key in stems:
                        self.by_stem.setdefault(key, set()).add(stems)
                self.counts[stems] += 1
                written = self.forms.setdefault(stems, {})
                form = " ".join(words)
                written[form] = written.get(form, 0) + 1
                # a sentence's capitalised first word is no evidence of a name
                first_ok = start > 0 or not run_starts_sentence
                if not headline and first_ok and all(w[0].isupper() for w in words):
                    self.names.add(stems)

    def flush(
        self, run: list[tuple[str, str]], headline: bool, starts_sentence: bool
    ) -> list[tuple[str, str]]:
        """Count the terms of a finished run; returns the next, empty, run."""
        self.add(run, headline=headline, run_starts_sentence=starts_sentence)
        return []

    def best_for(self, key: str) -> tuple[str, int] | None:
        """The term ``key`` belongs to, as the article writes it most, and its count."""
        found = [
            stems
            for stems in self.by_stem.get(key, ())
            if self.counts[stems] >= 2 or stems in self.names
        ]
        if not found:
            return None
        # the longest of equally frequent terms: "Archbishop Desmond Tutu", not its first two
        # the stems break ties, so the same text gives the same tags whatever the hash seed
        best = max(found, key=lambda s: (self.counts[s], len(s), s in self.names, s))
        return _most_common(self.forms[best]), self.counts[best]


_DIGIT = re.compile(r"\d")


def _has_digit(word: str) -> bool:
    return _DIGIT.search(word) is not None


def _word_score(entry: _Stats, total: int, language: str = "en") -> float:
    form = entry.form
    frequency = math.sqrt(entry.count) * math.sqrt(len(entry.sentences))
    position = 2.0 - entry.first / total
    score = frequency * position * math.pow(min(len(form), 10), 1.5)
    if form.lower() in GENERIC:
        score *= 0.5
    if _has_digit(form):
        score *= 0.1
    return score


@lru_cache(maxsize=4096)
def _words_of(sentence: str, language: str) -> tuple[tuple[str, str | None, bool, bool], ...]:
    """Each word of a sentence: the word, its stem (None for a function word), whether a
    phrase break comes before it, whether it ends in a possessive. Kept per sentence: while a
    person types, a live preview re-ranks an article whose sentences are nearly all the same."""
    out: list[tuple[str, str | None, bool, bool]] = []
    previous_end = 0
    for token in tokens(sentence):
        word = clean_word(token.text)
        broken = any(c in _BREAKS for c in sentence[previous_end : token.start])
        previous_end = token.end
        key = stem(word, language) if is_content_word(word, language) else None
        out.append((word, key, broken, token.text.endswith(("'s", "’s"))))
    return tuple(out)


_HEADING_WORDS = 3


def is_heading(words: Sequence[tuple[str, str | None, bool, bool]], language: str = "en") -> bool:
    """A line that capitalises each of its (at least three) content words is a heading ("Cook
    the Onions", "Vibrant Colours for Spring"): like a headline, it proves no word a name.
    German capitalises every noun, so a line of nouns is no heading there."""
    if language == "de":
        return False
    content = [word for word, key, _, _ in words if key is not None]
    return len(content) >= _HEADING_WORDS and all(w[:1].isupper() for w in content)


def heading_line(sentence: str, language: str = "en") -> bool:
    return is_heading(_words_of(sentence, language), language)


def _scan(
    sentences: list[str], headline: int, language: str = "en"
) -> tuple[dict[str, _Stats], _Terms]:
    """Word statistics and candidate terms; the first ``headline`` sentences are the title."""
    stats: dict[str, _Stats] = {}
    terms = _Terms()
    position = 0
    for index, sentence in enumerate(sentences):
        run: list[tuple[str, str]] = []
        run_first = False  # the run starts its sentence, so its capital proves nothing
        words = _words_of(sentence, language)
        heading = index < headline or is_heading(words, language)

        for number, (word, key, broken, possessive) in enumerate(words):
            if broken:
                run = terms.flush(run, heading, run_first)
            if key is None:
                run = terms.flush(run, heading, run_first)
                continue
            entry = stats.setdefault(key, _Stats(first=position))
            entry.count += 1
            entry.sentences.add(index)
            entry.forms[word] = entry.forms.get(word, 0) + 1
            if number and not heading:  # a title-cased headline proves no name
                entry.inner += 1
                # "iPad" is written like a name as much as "Apple"
                entry.capitalised += word[:1].isupper() or any(c.isupper() for c in word[1:])
            if not run:
                run_first = number == 0
            run.append((word, key))
            position += 1
            if possessive:  # "the country's nuclear" is no term
                run = terms.flush(run, heading, run_first)
        terms.flush(run, heading, run_first)
    return stats, terms


def rank(text: str, title: str = "", *, limit: int = 30, language: str = "en") -> list[Keyphrase]:
    """Rank the key words of ``text`` (with its ``title`` when known), best first."""
    headline = split_sentences(title)
    stats, terms = _scan([*headline, *split_sentences(text)], len(headline), language)
    total = max(sum(entry.count for entry in stats.values()), 1)
    scored = [(key, entry, _word_score(entry, total, language)) for key, entry in stats.items()]
    scored.sort(key=lambda item: (-item[2], item[1].first))
    out = []
    for key, entry, score in scored[:limit]:
        term, term_count = terms.best_for(key) or (None, 0)
        lower = entry.inner - entry.capitalised
        out.append(
            Keyphrase(entry.form, score, key, term, entry.count, entry.proper, term_count, lower)
        )
    return out


def keyphrases(text: str, title: str = "", *, limit: int = 10, language: str = "en") -> list[str]:
    return [k.text for k in rank(text, title, limit=limit, language=language)]
