"""The form a term takes as a tag: the word people search for, not the one a sentence bent.

German inflects nouns by case, so the words a keyphrase ranker finds are often forms no one would
tag: the dative plural of -er nouns ("mit den Teilnehmern" -> #Teilnehmer) and the genitive ("des
Geschäfts" -> #Geschäft). ``base_form`` undoes just those two endings, and only when
word-frequency data shows the plain form is the more usual word, so "Daten", "Akkus" and
"Missionen" stay as written.

A term that joins two things ("Frenzel und Weber", "Anlaufen des Geschäfts") is a piece of a
sentence, not a tag: ``joins_two_things`` says so.

Shouted site names ("JUNGE FREIHEIT") become CamelCase by ``unshout``; acronyms stay capitals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from socialpub.compose.commonness import zipf
from socialpub.compose.lexicon import FUNCTION_WORDS
from socialpub.compose.personcues import is_given_name

# Inner words that make a term two things, or a phrase of a sentence, per language. German
# articles count too: "des Geschäfts" is the genitive of a sentence, and German capitals prove
# nothing about names, so the rule holds there whatever the casing.
_JOINERS: dict[str, frozenset[str]] = {
    "en": frozenset({"and", "or"}),
    "de": frozenset({"und", "oder", "der", "des", "dem", "den", "die", "das", "sowie"}),
    "fr": frozenset({"et", "ou"}),
    "es": frozenset({"y", "e", "o", "u"}),
    "it": frozenset({"e", "ed", "o"}),
    "pt": frozenset({"e", "ou"}),
    "nl": frozenset({"en", "of"}),
}
# German names join with a preposition only after a body that is one: "Institut für
# Demoskopie", "Bundesamt für Migration", "Stiftung zur Förderung". After any other noun the
# preposition starts a phrase of a sentence: "Einnahme von Paxlovid", "Änderungen für
# Verbraucher", "Perspektiven für Regionen".
_DE_PREPOSITIONS = frozenset({"für", "von", "vom", "zu", "zum", "zur", "gegen", "mit", "über"})
_DE_BODIES = (
    "amt", "institut", "zentrum", "stiftung", "gesellschaft", "verein", "ministerium",
    "akademie", "hochschule", "universität", "kommission", "rat", "verband", "netzwerk", "büro",
    "museum", "schule", "zentrale", "agentur", "klinik", "klinikum", "partei", "bund", "bündnis",
    "kammer", "ausschuss", "beauftragte", "beauftragter", "behörde", "stelle", "forum",
    "initiative", "allianz", "union", "komitee", "gericht", "fonds", "werk", "dienst", "bank",
    "vereinigung", "gemeinschaft", "fakultät", "lehrstuhl", "labor", "preis", "orden", "kirche",
    "bewegung", "front", "liga", "center", "centre", "haus", "archiv", "bibliothek",
    "theater", "orchester", "stadt", "kreis", "land", "republik",
)  # fmt: skip
_CAPITALS_COUNT_AS_NAMES = frozenset({"en", "fr", "es", "it", "pt", "nl"})
_LATIN = frozenset({"en", "de", "fr", "es", "it", "pt", "nl"})
_MIN_STEM = 4
_MIN_MODIFIER = 3  # letters before a compound's last part
_MODIFIER_ZIPF = 2.5  # a first part in use: "Feier", "Arbeit(s)"; not "Inves"
_MIN_COMPOUND = 8
_LISTED_PLAIN = 3.5  # Zipf of a plain plural that shows its dative is no other word
_PLURAL_SLACK = 0.15  # Zipf units a dative may be more frequent than its plural ("Jahren")
_COMMON_STEM = 4.3  # "Begriff", "Wert", "Tag": the singular of an -e plural, well known
_GENITIVE_GAP = 1.0  # Zipf units: the inflected form at most a tenth as frequent
# A shouted word this long that is also an everyday word is a word, not an acronym.
_SHOUTED_MIN = 4
_EVERYDAY_ZIPF = 3.0


def _more_usual(candidate: str, word: str, language: str) -> bool:
    found = zipf(candidate, language)
    return found > 0 and found >= zipf(word, language)


def _dative_plural_stem(word: str, language: str) -> str | None:
    """The plural a dative plural bent: "Teilnehmern" -> "Teilnehmer", "Vögeln" -> "Vögel",
    "Begriffen" -> "Begriffe", "Feiertagen" -> "Feiertage".

    Plurals in -er and -el take an -n ("Teilnehmern"); plurals in -e too ("Begriffen"), but
    "Schulen" and "Batterien" are plain plurals of "Schule" and "Batterie", so an -en word counts
    only when its -e form is at least as usual and the bare stem is itself a common word
    ("Begriff", "Wert"). A compound is judged by its last part ("Feier|tagen").
    """
    low = word.lower()
    if len(low) <= _MIN_STEM + 1:
        return None
    if low.endswith(("ern", "eln")):
        stem = low[:-1]
        if zipf(low, language) > 0:  # "Ländern" is as usual as "Länder": a dative still
            known = 0 < zipf(stem, language) >= zipf(low, language) - _PLURAL_SLACK
        else:  # "Einbrechern": only the plain form is listed, or only the compound's part
            head = _head(low, language)
            known = zipf(stem, language) >= _LISTED_PLAIN or (
                head != low and _more_usual(head[:-1], head, language)
            )
        return word[:-1] if known else None
    if low.endswith("en") and not low.endswith("hausen"):
        # "-hausen" ends place names (Schaffhausen, Recklinghausen); "Hause" is no plural
        # "Feier|tagen" -> "Feiertage", but "Investoren" is no "Invest|oren" ("Toren" -> "Tore"):
        # for an -e plural's -n the first part must be a word in use
        for form in dict.fromkeys((low, _head(low, language, word_before=True))):
            plural = zipf(form[:-1], language)
            if (
                plural > 0
                and plural >= zipf(form, language) - _PLURAL_SLACK
                and zipf(form[:-2], language) >= _COMMON_STEM
            ):
                return word[:-1]
    return None


def _head(low: str, language: str, *, word_before: bool = False) -> str:
    """The longest listed word of five letters or more that ends ``low`` after a first part of
    three letters or more ("feiertagen" -> "tagen"), a word in use itself with ``word_before``;
    ``low`` itself when none is, or when ``low`` is too short to be a compound ("Drosten" is a
    name, not "Dro|sten")."""
    if len(low) < _MIN_COMPOUND:
        return low
    for start in range(_MIN_MODIFIER, len(low) - _MIN_STEM):
        if zipf(low[start:], language) > 0 and (
            not word_before or _is_modifier(low[:start], language)
        ):
            return low[start:]
    return low


def _is_modifier(first: str, language: str) -> bool:
    """A compound's first part is a word in use, bare, with its linking -s ("Arbeits|platz") or
    its hyphen ("KI-|Systemen")."""
    first = first.rstrip("-")
    return any(
        zipf(form, language) >= _MODIFIER_ZIPF
        for form in (first, first[:-1] if first.endswith("s") else "")
        if form
    )


def _genitive_stem(word: str, language: str) -> str | None:
    """ "Geschäfts" -> "Geschäft", "Verbandes" -> "Verband".

    Only when the plain form is far more usual (a tenth as often, or unknown): "Akkus",
    "Trends" and "Hotels" are plurals people tag, and about as usual as their singulars.
    """
    for ending in ("es", "s"):
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < _MIN_STEM:
            continue
        plain = zipf(stem, language)
        if plain > 0 and zipf(word, language) <= plain - _GENITIVE_GAP:
            return stem
    return None


def base_form(words: Sequence[str], language: str) -> tuple[str, ...]:
    """``words`` with a German head noun's case ending undone (other languages unchanged).

    The head is the last word; an adjective before a de-inflected dative plural loses its -n
    with it ("Olympischen Winterspielen" -> "Olympische Winterspiele").
    """
    out = list(words)
    if language != "de" or not out or not out[-1][:1].isupper():
        return tuple(out)
    if len(out) > 1 and is_given_name(out[0]):
        return tuple(out)  # a person's surname is no plural: "Christian Drosten"
    head = out[-1]
    plural = _dative_plural_stem(head, language)
    if plural:
        out[-1] = plural
        if len(out) == 2 and out[0].endswith("en"):
            adjective = out[0][:-1]
            if zipf(adjective, language) > 0:
                out[0] = adjective
        return tuple(out)
    if len(out) == 1:
        out[-1] = _genitive_stem(head, language) or head
    return tuple(out)


def joins_two_things(words: Sequence[str], language: str, *, named: bool) -> bool:
    """True when an inner word joins two things or ties a sentence's genitive on."""
    inner = {w.lower() for w in words[1:-1]}
    if language == "de" and inner & _DE_PREPOSITIONS:
        body = words[0].lower()
        return not (body.endswith(_DE_BODIES) or is_given_name(words[0]))  # "Carl von Ossietzky"
    if not inner & _JOINERS.get(language, frozenset()):
        return False
    # "Marks and Spencer" written as a name is one thing, except in German, where every noun
    # is capitalised
    return not (named and language in _CAPITALS_COUNT_AS_NAMES)


def unshout(name: str, language: str | None) -> str:
    """ "JUNGE FREIHEIT" -> "Junge Freiheit" when the whole name is in capitals; "BBC NEWS" ->
    "BBC News" (an acronym or a rare word stays as written). A long shouted word that reads as
    a word is one in any name: "tennis MAGAZIN", "INDUSTRIEMAGAZIN" -> "Tennis Magazin",
    "Industriemagazin" (a tag in mixed capitals reads badly: #TennisMAGAZIN)."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return name
    if not all(c.isupper() for c in letters) or len(name.split()) < 2:
        return _LETTERS.sub(lambda m: _spoken(m.group()), name)
    # an unknown language: any of the Latin-script ones may own the word ("ZEIT", "JUNGE")
    languages = {language, "en"} if language else set(_LATIN)
    # a function word proves a phrase shouted, not a row of acronyms: "FIT FOR FUN"
    phrase = any(
        w.lower() in FUNCTION_WORDS.get(lang, ()) for w in name.split() for lang in languages
    )
    shortest = 2 if phrase else _SHOUTED_MIN
    words = []
    for word in name.split():
        everyday = max(zipf(word, lang) for lang in languages) >= _EVERYDAY_ZIPF
        words.append(word.capitalize() if len(word) >= shortest and everyday else _spoken(word))
    return " ".join(words)


_LETTERS = re.compile(r"[^\W\d_]+")
_SPOKEN_MIN = 6  # letters: acronyms are shorter ("NASA", "BDZV", "DATEV")
_SPOKEN_VOWELS = 0.3  # share of vowels in a word read aloud; "BMFSFJ" and "PIRSCH" are spelled
_VOWELS = frozenset("AEIOUÄÖÜÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛY")


def _spoken(word: str) -> str:
    """A word written in capitals that reads as a word: "MAGAZIN" -> "Magazin"."""
    if len(word) < _SPOKEN_MIN or not word.isalpha() or not word.isupper():
        return word
    vowels = sum(c in _VOWELS for c in word)
    return word.capitalize() if vowels >= _SPOKEN_VOWELS * len(word) else word
