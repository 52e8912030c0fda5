"""Extractive summary, news first: which sentences of an article a post carries, best first.

A news story or press release puts its point in its first real sentence, so that sentence (the
lead, freed of its dateline or byline) opens the post, unless it cannot stand alone: a question,
a quotation, a sentence that leans on earlier text ("It was…", "However, …"), or a heading. Then
the best sentence that can stand alone opens it. After the opener come the sentences a platform
with room may add, ranked by how central they are to the article; a sentence that leans on the
one before it may follow only that sentence. What is never a candidate: headings and labels
(no end punctuation), half quotations, repeats.

The result is a ``Plan``: the fitter takes its first few sentences, in article order, as the
platform's room allows, and drops the weaker ones before it would ever split the post.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from socialpub.compose.keyphrases import clean_word, heading_line, is_content_word, stem
from socialpub.compose.lexicon import STOPWORDS
from socialpub.compose.referents import People, name_the_aged, people_of
from socialpub.compose.sentences import split_sentences, tokens
from socialpub.compose.standalone import (
    calls_to_action,
    interview_lines,
    is_pure_quote,
    is_question,
    is_sentence,
    judged_language,
    mixed_script,
    quotes_balanced,
    speaks_as_i,
    standalone_problem,
    strip_lead_prefix,
)

ELLIPSIS = "…"
_QUOTE_START = re.compile(r"^[\"“‘'«„「]")
_IDEAL_WORDS = 22  # a one-sentence summary a reader takes in at a glance
_PLAN_SIZE = 4  # more than any platform's room: posts up to 500 characters take 2, longer 3
_IMPERSONAL_SHARE = 0.8  # below it, "I" is the text's own voice (a blog), not an aside
_LOOK_AHEAD = 12  # sentences considered after the opener: a story's point is in its first part
_LEAD_WINDOW = 3  # the lead is among the first few sentences that are sentences at all
_LONGEST = 2000  # characters: a longer "sentence" is a paragraph without stops, never a summary


@dataclass(frozen=True)
class Plan:
    """Sentences a post may carry: ``ranked[0]`` opens it; ``positions`` keep article order."""

    ranked: tuple[str, ...]
    positions: tuple[int, ...]
    written: bool = False  # a person's (or the model's) summary: all of it goes where it fits

    def in_order(self, count: int | None = None) -> list[str]:
        """The first ``count`` ranked sentences (all by default), in article order."""
        chosen = sorted(zip(self.positions[:count], self.ranked[:count], strict=True))
        return [sentence for _, sentence in chosen]

    def text(self, count: int) -> str:
        """The first ``count`` ranked sentences, joined in article order."""
        return " ".join(self.in_order(count))

    def longest_within(self, max_sentences: int, max_chars: int) -> str:
        """The most sentences (up to ``max_sentences``) whose text fits ``max_chars``; ``""``
        when not even the opener does."""
        for count in range(min(max_sentences, len(self.ranked)), 0, -1):
            candidate = self.text(count)
            if len(candidate) <= max_chars:
                return candidate
        return ""


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


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _unglue(sentence: str, title: str) -> str:
    """Drop a title glued in front of a sentence ("Hospital wins award The trust said…")."""
    if title and len(sentence) > len(title) and _key(sentence).startswith(_key(title) + " "):
        words = len(title.split())
        rest = " ".join(sentence.split()[words:])
        if rest[:1].isupper() or rest[:1] in '"“„«':
            return rest
    return sentence


def _candidates(
    sentences: Sequence[str], title: str, language: str | None = None
) -> list[tuple[int, str]]:
    """(position, text) of the sentences a post may carry at all, repeats removed. A line that
    capitalises every word is a caption or a heading, full stop or not ("Chief Education
    Officer Dr Ramona Archer-Bradshaw.")."""
    seen = {_key(title)} if title else set()
    out = []
    for position, raw in enumerate(sentences):
        if len(raw) > _LONGEST:
            continue
        sentence = strip_lead_prefix(_unglue(raw, title))
        key = _key(sentence)
        if key in seen or not is_sentence(sentence) or not quotes_balanced(sentence):
            continue
        if heading_line(sentence, language or "en"):
            continue
        if is_pure_quote(sentence) or mixed_script(sentence) or calls_to_action(sentence):
            continue  # somebody's words alone would read as the institution's own; a word
            # spelt in two alphabets is spam hiding from filters ("Аdvеrtіѕе" in Cyrillic); a
            # post has no button below to click
        seen.add(key)
        out.append((position, sentence))
    return out


def plan_summary(sentences: Sequence[str], title: str = "", language: str | None = None) -> Plan:
    """The plan for an article's sentences (already split, in article order).

    The post speaks for whoever publishes it, so sentences whose writer says "I" are left out
    of a text that mostly does not (a reporter's "When I moved to California…" in a feature);
    a text written in the first person (a blog, a letter) keeps them. An interview printed as a
    transcript is told from its introduction: its turns are the speakers' words."""
    candidates = _candidates(sentences, title, language)
    if not candidates:
        return Plan((), ())
    spoken = interview_lines(sentences, language)
    introduction = [c for c in candidates if c[0] not in spoken]
    if spoken and any(standalone_problem(s, language) is None for _, s in introduction):
        candidates = introduction
    people = people_of(sentences, title, language)
    candidates = [(p, name_the_aged(s, p, sentences, people)) for p, s in candidates]
    impersonal = [c for c in candidates if not speaks_as_i(c[1], language)]
    if len(impersonal) >= _IMPERSONAL_SHARE * len(candidates) and any(
        standalone_problem(s, language) is None for _, s in impersonal
    ):
        candidates = impersonal
    opener = _opener(candidates, title, language, people)
    window = [c for c in candidates if c[0] > opener[0]][:_LOOK_AHEAD]
    scores = score_sentences([c[1] for c in window], title) if window else []
    score = {position: s for (position, _), s in zip(window, scores, strict=True)}
    chosen = [opener]
    while len(chosen) < _PLAN_SIZE:
        taken = {p for p, _ in chosen}
        fitting = [
            c
            for c in window
            if c[0] not in taken
            and (c[0] - 1 in taken or standalone_problem(c[1], language) is None)
            and people.unintroduced(c[1], c[0], told=[t for _, t in chosen]) is None
        ]
        if not fitting:
            break
        chosen.append(max(fitting, key=lambda c: (score[c[0]], -c[0])))
    return Plan(tuple(s for _, s in chosen), tuple(p for p, _ in chosen))


def _opener(
    candidates: list[tuple[int, str]], title: str, language: str | None, people: People
) -> tuple[int, str]:
    """The lead when it can stand alone and carries news; else the best sentence that can. A
    sentence that names somebody by the surname an earlier sentence introduced cannot."""

    def alone(position: int, sentence: str) -> bool:
        return (
            standalone_problem(sentence, language) is None
            and people.unintroduced(sentence, position) is None
        )

    leads = [c for c in candidates[:_LEAD_WINDOW] if alone(*c) and not is_question(c[1])]
    if leads:
        return _newsiest(leads, title, language)
    able = [c for c in candidates if alone(*c)]
    able = [c for c in able if not is_question(c[1])] or able
    if not able:
        return candidates[0]
    scores = score_sentences([c[1] for c in able], title)
    best = max(range(len(able)), key=lambda i: (scores[i], -i))
    return able[best]


_TITLE_WORDS_SHARED = 2  # content words a later lead must share with the title to go first
_PART = re.compile(r"[^\W\d_]{3,}")  # the parts of "Ammoniak-Spaltung", "LED-Licht"
_COMPOUND_HEAD = 5  # letters: "Ammoniak" inside "Ammoniakspaltung" shares a word


def _title_words(text: str, language: str | None) -> set[str]:
    lang = language or "en"
    return {stem(part, lang) for part in _PART.findall(text) if is_content_word(part, lang)}


def _shared(sentence: set[str], title: set[str]) -> int:
    """Title words the sentence holds, whole or as a compound's part (German, Dutch)."""
    return sum(
        1
        for word in title
        if word in sentence
        or (len(word) >= _COMPOUND_HEAD and any(word in other for other in sentence))
    )


def _newsiest(leads: list[tuple[int, str]], title: str, language: str | None) -> tuple[int, str]:
    """The first lead, unless it shares no content word with the title and a later one shares
    several: a feature's scene-setting opening ("In Hamburg kommt man aktuell kaum an dem Thema
    vorbei.") before the sentence that carries the headline's news (the fifth reader review
    found the main point missing from half its posts). Only where the leaning rules know the
    language: a later sentence leans back more often than the first."""
    title_words = _title_words(title, language)
    if (
        not judged_language(language)
        or not title_words
        or _shared(_title_words(leads[0][1], language), title_words)
    ):
        return leads[0]
    for lead in leads[1:]:
        if _shared(_title_words(lead[1], language), title_words) >= _TITLE_WORDS_SHARED:
            return lead
    return leads[0]


def plan_given(summary: str, language: str | None = None) -> Plan:
    """The plan for a summary a person (or the language model) wrote: its sentences in order."""
    parts = split_sentences(summary, language) or ([summary.strip()] if summary.strip() else [])
    return Plan(tuple(parts), tuple(range(len(parts))), written=True)


_CLAUSE_END = re.compile(r"[,;:](?=\s)|\s[–—-](?=\s)|\s(?=\()")
_CLAUSE_SHARE = 0.6  # a cut at a clause must keep this much of what a cut at a word keeps


def shorten(text: str, budget: int, measure: Callable[[str], int]) -> str:
    """``text`` cut to fit ``budget`` with an ellipsis: at a clause boundary when one keeps most
    of what fits, else at a word boundary; never mid-word. ``""`` when not one word fits."""
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
    fitting = " ".join(words[:low])
    clauses = [m.start() for m in _CLAUSE_END.finditer(fitting)]
    if clauses and clauses[-1] >= len(fitting) * _CLAUSE_SHARE:
        candidate = fitting[: clauses[-1]].rstrip(",;:-–—( ") + ELLIPSIS
        if measure(candidate) <= budget:
            return candidate
    while low > 1 and words[low - 1].lower() in STOPWORDS:
        low -= 1  # "slowed the disease in…" reads better as "slowed the disease…"
    kept = " ".join(words[:low]).rstrip(",;:-–—") + ELLIPSIS
    return kept if measure(kept) <= budget else ""


def summarize(
    text: str,
    title: str = "",
    *,
    max_chars: int = 280,
    max_sentences: int = 2,
    language: str | None = None,
) -> str:
    """A summary of ``text`` of at most ``max_chars`` characters (the batch command's)."""
    plan = plan_summary(split_sentences(text, language), title, language)
    if not plan.ranked:
        return shorten(" ".join(title.split()), max_chars, len)
    return plan.longest_within(max_sentences, max_chars) or shorten(plan.ranked[0], max_chars, len)
