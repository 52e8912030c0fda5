"""Key terms of Chinese, Japanese and Korean text without a word segmenter.

- Chinese: character n-grams (2-6) that recur, kept when maximal (not inside a longer n-gram
  that recurs as often) and when the word-frequency list knows them or they recur three times.
- Japanese: runs of kanji or of katakana (compound nouns and loanwords; particles and
  inflections are hiragana, so hiragana separates terms), and Latin-script product names.
- Korean: space-separated words with their particle suffix removed ("대학교에서" -> "대학교").

Terms are scored by count, first position and rarity (wordfreq), best first. Loading a
segmenter (jieba, MeCab) would cost a second and a dictionary per process; these rules cost
milliseconds.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from socialpub.compose.commonness import is_known, zipf
from socialpub.compose.lexicon import words_of

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_JA_TERM = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff々]{2,}|[\u30a0-\u30ffー]{3,}|[A-Za-z][A-Za-z0-9]{2,}"
)
_KO_WORD = re.compile(r"[\uac00-\ud7a3A-Za-z0-9]+")
# Chinese characters that begin or end no term: particles, pronouns, measure and function words
_ZH_EDGE = frozenset(
    "的了和与及或在是也都而就把被对为从向到由于之其这那我你他她它们着过吗呢吧啊"
    "不没很又还将等以并但如若所该此每各"
)
_KO_PARTICLES = tuple(
    sorted(
        words_of(
            "에서는 에서도 에게서 으로는 으로써 이라고 라고 에서 에게 으로 까지 부터 "
            "보다 처럼 마다 은 는 이 가 을 를 의 에 와 과 도 로 만 께 서"
        ),
        key=len,
        reverse=True,
    )
)
_KO_VERBISH = ("다", "고", "며", "면", "지만", "는데", "니다", "했", "하는", "하고", "된다", "한다")


@dataclass(frozen=True)
class Term:
    text: str
    score: float
    count: int


def _score(count: int, first: int, total: int, rarity: float, length: int) -> float:
    position = 2.0 - first / max(total, 1)
    return math.sqrt(count) * position * rarity * math.log(1 + length)


def _rarity(term: str, language: str) -> float:
    frequency = zipf(term, language)
    return 1.0 + max(0.0, 6.0 - frequency) / 2 if frequency else 2.0


def _two_words(gram: str) -> bool:
    """Whether ``gram`` is two known words ("中美" + "合作"), not a window over a clause."""
    return any(
        is_known(gram[:i], "zh") and is_known(gram[i:], "zh") and min(i, len(gram) - i) >= 2
        for i in range(1, len(gram))
    )


def zh_terms(text: str, limit: int = 20) -> list[Term]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    position = 0
    for run in _HAN_RUN.finditer(text):
        chunk = run.group(0)
        for size in range(2, 7):
            for start in range(len(chunk) - size + 1):
                gram = chunk[start : start + size]
                counts[gram] += 1
                first.setdefault(gram, position + start)
        position += len(chunk)
    candidates = {
        g: c
        for g, c in counts.items()
        if c >= 2
        and g[0] not in _ZH_EDGE
        and g[-1] not in _ZH_EDGE
        # a word the frequency list knows, or a short term said three times; longer unknown
        # n-grams are windows over a repeated clause ("美合作共赢符"), not terms
        and (is_known(g, "zh") or (c >= 3 and 3 <= len(g) <= 4 and _two_words(g)))
    }
    # maximal: drop an n-gram when a longer candidate holding it occurs as often
    maximal = {
        g: c
        for g, c in candidates.items()
        if not any(len(o) > len(g) and g in o and oc >= c for o, oc in candidates.items())
    }
    scored = [
        Term(g, _score(c, first[g], position, _rarity(g, "zh"), len(g)), c)
        for g, c in maximal.items()
    ]
    return _distinct(scored, limit)


def ja_terms(text: str, limit: int = 20) -> list[Term]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for match in _JA_TERM.finditer(text):
        term = match.group(0)
        counts[term] += 1
        first.setdefault(term, match.start())
    scored = [
        Term(t, _score(c, first[t], len(text), _rarity(t, "ja"), len(t)), c)
        for t, c in counts.items()
        if c >= 2 or len(t) >= 4
    ]
    return _distinct(scored, limit)


def strip_particle(word: str) -> str:
    for particle in _KO_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def ko_terms(text: str, limit: int = 20) -> list[Term]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for match in _KO_WORD.finditer(text):
        word = match.group(0)
        if word.endswith(_KO_VERBISH):
            continue  # a predicate: "발표했다", "밝혔다"
        stem = strip_particle(word)
        if len(stem) < 2:
            continue
        counts[stem] += 1
        first.setdefault(stem, match.start())
    scored = [
        Term(t, _score(c, first[t], len(text), _rarity(t, "ko"), len(t)), c)
        for t, c in counts.items()
        if c >= 2
    ]
    return _distinct(scored, limit)


def _distinct(terms: list[Term], limit: int) -> list[Term]:
    """Best first, dropping a term inside (or around) one already kept."""
    out: list[Term] = []
    for term in sorted(terms, key=lambda t: -t.score):
        if any(term.text in kept.text or kept.text in term.text for kept in out):
            continue
        out.append(term)
        if len(out) >= limit:
            break
    return out


def cjk_terms(text: str, language: str, limit: int = 20) -> list[Term]:
    if language == "zh":
        return zh_terms(text, limit)
    if language == "ja":
        return ja_terms(text, limit)
    if language == "ko":
        return ko_terms(text, limit)
    return []
