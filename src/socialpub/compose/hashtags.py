"""Hashtags from ranked keyphrases, and the per-account policy that picks which ones go out.

Tags are stored without the ``#``. A multi-word term becomes CamelCase ("multiple myeloma" ->
"MultipleMyeloma", "CAR-T therapy" -> "CARTTherapy"); acronyms and inner capitals are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from socialpub.compose.keyphrases import Keyphrase, stem
from socialpub.compose.lexicon import GENERIC, MONTHS, STOPWORDS, WEEKDAYS, words_of

MAX_TAG_LENGTH = 24  # longer tags are unreadable and eat the budget
_MAX_ACRONYM = 5
_NAME_OR_TERM = 1.6  # names and terms make better tags than common words of the same rank
_PIECE = re.compile(r"[^\W_]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])")
_NUMBERISH = re.compile(r"\d+(?:st|nd|rd|th|s)?|[ivxlc]+", re.IGNORECASE)
_NUMBER_WORDS = words_of(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred thousand million billion trillion dozen"""
)


def camel_case(phrase: str) -> str:
    """The tag form of a phrase: words joined, each capitalised unless it has capitals already."""
    out = []
    for piece in _PIECE.findall(phrase.replace("'s ", " ").replace("’s ", " ")):
        if piece.isupper() and len(piece) > _MAX_ACRONYM:
            piece = piece.capitalize()  # a shouted headline word, not an acronym
        out.append(piece if any(c.isupper() for c in piece) else piece[:1].upper() + piece[1:])
    return "".join(out)


def tag_words(tag: str) -> list[str]:
    """Split a tag back into words: "MultipleMyeloma" -> ["Multiple", "Myeloma"]."""
    return [w for w in _CAMEL.sub(" ", tag.lstrip("#").replace("_", " ")).split() if w]


def tag_key(tag: str) -> tuple[str, ...]:
    """Tags with the same key are duplicates: "#Vaccines" and "#vaccine" merge."""
    return tuple(stem(w) for w in tag_words(tag))


def is_usable(tag: str, phrase: str | None = None) -> bool:
    """False for tags no communications office would post: dates, numbers, filler, very long.

    ``phrase`` is what the tag was made from, when known; its words are judged rather than the
    tag's CamelCase pieces, so "iPhone" stays one word.
    """
    source = _PIECE.findall(phrase) if phrase else tag_words(tag)
    words = [w.lower() for w in source]
    if not words or len(tag) > MAX_TAG_LENGTH or len(tag) < 2:
        return False
    if any(w in WEEKDAYS or w in MONTHS for w in words):
        return False
    if all(_NUMBERISH.fullmatch(w) or w in _NUMBER_WORDS for w in words):
        return False
    if any(w.isdigit() and len(w) == 4 for w in words):
        return False  # a year dates the tag
    content = [w for w in words if w not in STOPWORDS and w not in GENERIC]
    if len(words) == 1:
        word = words[0]
        if word.endswith(("ly", "ed", "ous", "ful", "ible", "able")) and source[0].islower():
            return False  # adverbs, past tenses, adjectives: "Recently", "Announced", "Famous"
        return bool(content) and not word.isdigit() and word not in _NUMBER_WORDS
    if any(w.endswith("ly") for w in words):
        return False  # "HighlyRadioactive" reads as a fragment of a sentence
    if any(w in _NUMBER_WORDS for w in words):
        return False  # "FiveSeats"
    if any(w.endswith("ed") and p.islower() for w, p in zip(words, source, strict=True)):
        return False  # "ExperimentsInvolved": a clause, not a term
    if all(w[:1].isupper() for w in source) and words[0] not in STOPWORDS:
        return True  # a name: "New York", "First Minister"
    edges = (words[0], words[-1])
    return len(content) == len(words) and not any(w in GENERIC or w in STOPWORDS for w in edges)


def candidate_tags(
    ranked: Sequence[Keyphrase], own: Iterable[str] = (), *, limit: int = 12
) -> list[str]:
    """Tags best first: the article's own usable hashtags, then its keyphrases (as terms)."""
    tags: list[str] = []
    covered: set[str] = set()
    seen: set[tuple[str, ...]] = set()

    def offer(tag: str, phrase: str | None, *, own_tag: bool) -> bool:
        key = tag_key(tag)
        if not key or key in seen or not is_usable(tag, phrase):
            return False
            return
        if not own_tag and set(key) & covered:
            return False  # "Myeloma" or "MyelomaDrugs" add little once "MultipleMyeloma" is in
        seen.add(key)
        covered.update(key)
        tags.append(tag)
        return True

    for tag in own:
        offer(tag.lstrip("#"), None, own_tag=True)
    ordered = sorted(
        ranked,
        key=lambda k: -k.score * (_NAME_OR_TERM if k.term or k.proper else 1.0),
    )
    for phrase in ordered:
        if len(tags) >= limit:
            break
        if phrase.term and offer(camel_case(phrase.term), phrase.term, own_tag=False):
            continue
        word = phrase.text if phrase.proper else phrase.text.lower()
        if phrase.count >= 2 or phrase.proper:
            offer(camel_case(word), word, own_tag=False)
    return tags[:limit]


def choose(
    candidates: Sequence[str],
    count: int,
    always: Sequence[str] = (),
    blocked: Sequence[str] = (),
) -> list[str]:
    """The tags one post carries: ``always`` first, then the best unblocked candidates.

    ``count`` is the total; the account's own ``always`` tags are kept even beyond it.
    """
    blocked_keys = {tag_key(b) for b in blocked}
    chosen: list[str] = []
    keys: set[tuple[str, ...]] = set()
    for tag in always:
        tag = tag.strip().lstrip("#")
        if not _PIECE.fullmatch(tag):
            tag = camel_case(tag)  # "Open Science" or "open-science" -> "OpenScience"
        if tag and tag_key(tag) not in keys:
            keys.add(tag_key(tag))
            chosen.append(tag)
    for tag in candidates:
        if len(chosen) >= max(count, len(always)) or count <= 0:
            break
        key = tag_key(tag)
        if key in keys or key in blocked_keys:
            continue
        keys.add(key)
        chosen.append(tag)
    return chosen
