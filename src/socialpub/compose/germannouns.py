"""How a German article uses its capitalised words: as common nouns or as names.

German capitalises every noun, so a capital proves no name there, and a word's currency in
English ("Berlin", "Google") proves little either: Freiburg, Leipzig and Tübingen are rare in
English. What the article does with a word tells them apart. A common noun stands after an
article, a determiner, an inflected adjective or a number ("die Regierung", "neue Wohnungen",
"zwei Gläser"); a place name stands bare after a preposition ("in Freiburg", "nach Leipzig",
"aus Hamburg") and never after an article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from socialpub.compose.lexicon import ARTICLES, NUMBER_WORDS, words_of

DETERMINERS = ARTICLES["de"] | words_of(
    """kein keine keinen keinem keiner keines mein meine sein seine ihr ihre unser unsere dieser
    diese dieses diesen diesem jeder jede jedes jeden jedem alle allen viele vielen wenige einige
    mehrere beide beiden"""
)
# a word and the capitalised word after it; not the first part of a compound ("die Google-Suche")
_BEFORE_NOUN = regex.compile(r"\b(?:(\d+)|(\p{L}+))\s+(\p{Lu}\p{Ll}+)\b(?!-)")
_ADJECTIVE_ENDING = ("e", "en", "er", "es", "em")
# Verbs of a singular subject that end as an inflected adjective does; after them a name stands
# bare ("könnte Apple", "hätte Facebook"), where a common noun would take an article.
_NOT_ADJECTIVES = words_of("könnte müsste dürfte hätte wäre habe werde würde sollte möchte")
_ORDINARY_SHARE = 0.5

# Prepositions that take a place without an article: "in Freiburg", "nach Leipzig", "aus Wien".
# A hyphen after the word means it is half a name ("in Baden-Württemberg"); a preposition after
# it, a set phrase ("in Bezug auf", "aus Liebe zu").
_PLACED = regex.compile(
    r"(?<![\p{L}-])(?:in|nach|aus)\s+(\p{Lu}\p{Ll}+)(?![\p{L}-])(?!\s+(?:auf|zu)\b)"
)
# Nouns these prepositions also take bare, which no place name of German ends in: "nach
# Einschätzung der", "in Verbindung mit", plurals such as "in Autos"; and "nach Hause", a dative
# left only in set phrases. (Plurals in -en, "in Massen", decline: see ``hashtags``.)
_ABSTRACT_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tät", "ismus", "nis", "s")
_SET_PHRASE_NOUNS = words_of("hause")


@dataclass(frozen=True)
class NounUsage:
    """Capitalised words (lower-cased) by how the article uses them."""

    common: frozenset[str]  # twice or more, mostly after a determiner, number or adjective
    names: frozenset[str]  # bare after a place preposition, never after a determiner


def noun_usage(sentences: Sequence[str]) -> NounUsage:
    seen: Counter[str] = Counter()
    marked: Counter[str] = Counter()
    for sentence in sentences:
        for match in _BEFORE_NOUN.finditer(sentence):
            word = match.group(3).lower()
            seen[word] += 1
            before = match.group(2) or ""
            low = before.lower()
            if (
                match.group(1)
                or low in DETERMINERS
                or low in NUMBER_WORDS
                or (
                    before.islower()
                    and before.endswith(_ADJECTIVE_ENDING)
                    and before not in _NOT_ADJECTIVES
                )
            ):
                marked[word] += 1
    common = frozenset(w for w, n in marked.items() if n >= 2 and n >= _ORDINARY_SHARE * seen[w])
    placed = {m.group(1).lower() for s in sentences for m in _PLACED.finditer(s)}
    names = frozenset(
        w
        for w in placed
        if not marked[w] and not w.endswith(_ABSTRACT_ENDINGS) and w not in _SET_PHRASE_NOUNS
    )
    return NounUsage(common, names)

