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

from socialpub.compose.commonness import zipf
from socialpub.compose.lexicon import ARTICLES, NUMBER_WORDS, words_of

_DETERMINERS = ARTICLES["de"] | words_of(
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
    r"(?<![\p{L}-])(?:[Ii]n|[Nn]ach|[Aa]us)\s+(\p{Lu}\p{Ll}+)(?![\p{L}-])(?!\s+(?:auf|zu)\b)"
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
                or low in _DETERMINERS
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


# A determiner and the ending of the adjective after it tell a noun's gender and number where the
# phrase stands in the nominative: "der Zweite Weltkrieg" (masculine; "der Deutschen Bahn" is a
# feminine dative), "das selbstfahrende Auto", "die erneuerbaren Energien" (plural).
_NOMINATIVE_ENDINGS = {
    ("der", "e"): "er",
    ("das", "e"): "es",
    ("die", "e"): "e",
    ("die", "en"): "e",
    ("ein", "er"): "er",
    ("ein", "es"): "es",
    ("eine", "e"): "e",
}
_ENDINGS = ("en", "er", "es", "em", "e")
_ENGLISH_ZIPF = 4.0  # "deutsche" is 3.7 (Deutsche Bank), "remote" 4.4
_NOUN_ENDINGS = ("", "n", "en", "s", "es", "e")


def _stem(adjective: str) -> str:
    for ending in _ENDINGS:
        if adjective.lower().endswith(ending) and len(adjective) > len(ending) + 2:
            return adjective[: -len(ending)]
    return adjective


def nominative(adjective: str, noun: str, sentences: Sequence[str]) -> tuple[str, str] | None:
    """An adjective and noun as a tag names them, standing alone in the nominative (the strong
    form: #ErneuerbareEnergien, #ZweiterWeltkrieg, #SelbstfahrendesAuto), taken from where the
    article writes them after a determiner that shows it; None when it never does.

    A phrase is met in any case ("im Zweiten Weltkrieg", "den Olympischen Spielen"); tagged as
    met, it reads as a piece of a sentence."""
    if zipf(adjective.lower(), "en") >= _ENGLISH_ZIPF or not adjective[1:].islower():
        return None  # "Google Chrome", "Rice University", "TennisBase": no German adjective
    stem = _stem(adjective)
    nouns = {noun[: len(noun) - len(e)] if e and noun.endswith(e) else noun for e in _NOUN_ENDINGS}
    forms = {n + e for n in nouns for e in _NOUN_ENDINGS if len(n) > 2}
    pattern = regex.compile(
        r"(?i:\b(der|die|das|ein|eine))\s+(?i:"
        + regex.escape(stem)
        + r")(e|en|er|es)\s+("
        + "|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")\b(?!-)"
    )
    for sentence in sentences:
        for match in pattern.finditer(sentence):
            ending = _NOMINATIVE_ENDINGS.get((match.group(1).lower(), match.group(2)))
            if ending:  # capitalised as the tag writes it: "grüner" would read as a sentence's
                return stem[:1].upper() + stem[1:] + ending, match.group(3)
    return None


# Determiners of the genitive singular: "des Grundgesetzes", "eines Weihnachtsurlaubs" (an
# adjective may stand between). A dative plural's -n is left to word frequencies: "den Thermen"
# is the plural of "Therme", "den Gebäuden" of "Gebäude", and the article shows no difference.
_MIN_PLAIN = 4
_GENITIVE = words_of("des eines dieses jedes seines ihres unseres meines keines")
_GENITIVE_DETERMINER = r"(?i:\b(?:" + "|".join(sorted(_GENITIVE)) + r"))\s+(?:\p{Ll}+\s+)?"


def plain_noun(noun: str, sentences: Sequence[str], names: frozenset[str]) -> str | None:
    """A German noun in its plain form when the article declines it in the genitive and also
    writes the plain form: "des Grundgesetzes" -> "Grundgesetz"; or a name's genitive, whose
    plain form the article uses as a name (``names``): "Russlands" of "in Russland". None when
    the article shows no genitive, or never writes the plain form."""
    for ending in ("es", "s"):
        plain = noun[: -len(ending)]
        if not noun.endswith(ending) or len(plain) < _MIN_PLAIN:
            continue
        declined = regex.compile(_GENITIVE_DETERMINER + regex.escape(noun) + r"\b")
        written = regex.compile(r"\b" + regex.escape(plain) + r"\b(?!-)")
        if any(declined.search(s) for s in sentences) and any(written.search(s) for s in sentences):
            return plain
    if noun.endswith("s") and noun[:-1].lower() in names:
        return noun[:-1]  # "Russlands Krieg": a name takes its genitive -s without an article
    return None
