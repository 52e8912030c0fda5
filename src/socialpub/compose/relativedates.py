"""Dates an article gives relative to the day it appeared: "yesterday", "am Donnerstag", "este
jueves". True in the article, they are wrong in a post that goes out a day or a week later,
and a reader of the post cannot tell which Thursday was meant.

Only the plain forms, per language: a day word alone ("gestern", "ayer") and a weekday with a
word that places it before or after the article's day ("this Thursday", "am vergangenen
Donnerstag", "jeudi dernier", "el pasado jueves"). A weekday with a date ("Thursday, 4 March")
is no longer relative; neither is a habit ("donnerstags"). A bare "on Monday", "am Montag" is
how news dates the past week, and a post that goes out within it reads right, so it passes.
"""

from __future__ import annotations

import regex

from socialpub.compose.lexicon import words_of
from socialpub.compose.sentences import tokens

_WEEKDAYS: dict[str, str] = {
    "en": "monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    "de": "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag",
    "fr": "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    "es": "lunes|martes|miércoles|jueves|viernes|sábado|domingo",
    "it": "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica",
    "pt": r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|sábado|domingo",
    "nl": "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
}
# the day words, each as the language writes it in running text (German "Morgen" is a morning,
# French "hier" and Dutch "morgen" are the days; German "hier" is "here")
_DAYS: dict[str, frozenset[str]] = {
    "en": words_of("today tonight tomorrow yesterday"),
    "de": words_of("heute gestern morgen vorgestern übermorgen"),
    "fr": words_of("aujourd'hui hier demain avant-hier après-demain"),
    "es": words_of("hoy ayer anteayer anoche"),
    "it": words_of("oggi ieri domani stamattina stasera"),
    "pt": words_of("hoje ontem amanhã anteontem"),
    "nl": words_of("vandaag gisteren morgen eergisteren overmorgen vanavond"),
}
# a weekday placed in the current week: "this Thursday", "am Donnerstag", "jeudi dernier"
_PLACED: dict[str, str] = {
    "en": r"\b(?:this|last|next|this\s+coming|this\s+past)\s+(?:{days})\b(?!\s*,?\s*\(?\d)",
    "de": r"\b(?:diesen|kommenden|vergangenen|letzten|vorletzten|nächsten)\s+(?:{days})\b"
    r"(?!\s*,?\s*(?:den\s+)?\d)",
    "fr": r"\b(?:ce\s+(?:{days})|(?:{days})\s+(?:dernier|prochain))\b(?!\s*\(?\d)",
    "es": r"\b(?:este|el\s+pasado|el\s+próximo)\s+(?:{days})\b(?!\s*,?\s*\(?\d)",
    "it": r"\b(?:quest[oa]\s+(?:{days})|(?:{days})\s+(?:scors[oa]|prossim[oa]))\b(?!\s*\(?\d)",
    "pt": r"\b(?:nesta|neste|esta|este|na\s+última|no\s+último|na\s+próxima|no\s+próximo)\s+"
    r"(?:{days})\b(?!\s*,?\s*\(?\d)",
    "nl": r"\b(?:deze|afgelopen|komende|vorige|volgende)\s+(?:{days})\b(?!\s*\(?\d)",
}


def _placed(language: str) -> regex.Pattern[str] | None:
    pattern = _PLACED.get(language)
    days = _WEEKDAYS.get(language)
    if pattern is None or days is None:
        return None
    return regex.compile(pattern.replace("{days}", days), regex.IGNORECASE)


_PATTERNS = {language: _placed(language) for language in _PLACED}


def relative_date(sentence: str, language: str | None) -> str | None:
    """The first date ``sentence`` gives relative to the article's day, as written; else None."""
    language = language or "en"
    days = _DAYS.get(language, frozenset())
    for token in tokens(sentence):
        word = token.text
        if word.lower().replace("’", "'") not in days:
            continue
        # German capitalises its nouns: "am Morgen" is a morning, "Heute" opens a sentence
        if language != "de" or word.islower() or (token.start == 0 and word != "Morgen"):
            return word
    placed = _PATTERNS.get(language)
    found = placed.search(sentence) if placed else None
    return str(found.group(0)) if found else None
