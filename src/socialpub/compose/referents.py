"""People a sentence names by surname alone, after the article introduced them in full.

Reporters introduce a person once ("Landrat Michael Klemmer eröffnete…", "Professor Jane Smith,
who led the study, …") and afterwards write the surname alone ("Klemmer unterstrich: …",
"Smith said…"). Such a later sentence, lifted into a post without the introduction, makes the
reader ask "who?": the fault reader reviews found most often. A surname with a given name, a
role or an honorific before it introduces the person again ("Dabei betonte Landrat Klemmer");
a surname the title carries is known to the reader of the post's link card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from socialpub.compose.commonness import zipf
from socialpub.compose.lexicon import FUNCTION_WORDS, HONORIFICS
from socialpub.compose.names import find_names
from socialpub.compose.personcues import is_given_name
from socialpub.compose.standalone import aged_person
from socialpub.compose.tagrules import CJK

_RARE_WORD = 3.0  # Zipf: a surname rarer than this is no common noun ("Raineri", "Software")
_SHORTEST = 3  # letters: "Au", "S" are an abbreviation's pieces, no surname
_TOKEN = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’-]*")
_POSSESSIVE = regex.compile(r"(?:['’]s?|s)$")


@dataclass(frozen=True)
class People:
    """Each person's surname (lower case) and the sentence that first names them in full."""

    introduced: dict[str, int]
    given: dict[str, frozenset[str]]  # surname -> the words written just before it in full
    title_words: frozenset[str]
    language: str
    full: dict[str, str] = field(default_factory=dict)  # surname -> the full name first written

    def named_in(self, sentences: Sequence[str]) -> set[str]:
        """The surnames of the people ``sentences`` mention, in full or alone."""
        return {
            surname
            for sentence in sentences
            for word in _TOKEN.findall(sentence)
            if (surname := self._surname(str(word))) is not None
        }

    def unintroduced(self, sentence: str, position: int, told: Sequence[str] = ()) -> str | None:
        """The surname ``sentence`` (at ``position`` in the article) uses alone for a person
        whom only an earlier sentence introduced; else ``None``. ``told`` are the sentences the
        post already carries: a person one of them names is known (each was judged so too)."""
        if not self.introduced:
            return None
        known = {self._surname(str(w)) for text in told for w in _TOKEN.findall(text)}
        matches = list(_TOKEN.finditer(sentence))
        for k, match in enumerate(matches):
            word = str(match.group(0))
            if not word[:1].isupper():
                continue
            surname = self._surname(word)
            if surname is None or surname in self.title_words or surname in known:
                continue
            if self.introduced[surname] >= position:
                continue
            if k and self._introduces(str(matches[k - 1].group(0)), k - 1, surname):
                continue
            return word
        return None

    def _surname(self, word: str) -> str | None:
        low = word.lower()
        if low in self.introduced:
            return low
        bare = _POSSESSIVE.sub("", low)  # "Klemmers", "Smith's"
        return bare if bare != low and bare in self.introduced else None

    def _introduces(self, before: str, index: int, surname: str) -> bool:
        """Whether the word before a surname names the person again: the given name the
        article uses, any common given name, an honorific, or a capitalised role ("Landrat
        Klemmer", "Vice-Chancellor Buitendijk"), which a sentence's first word is only when it
        is no function word ("Auch Klemmer…")."""
        low = before.lower().rstrip(".")
        if low in self.given.get(surname, ()) or is_given_name(before) or low in HONORIFICS:
            return True
        if not before[:1].isupper():
            return False
        return index > 0 or low not in FUNCTION_WORDS.get(self.language, frozenset())


def _unknown_words(words: Sequence[str], language: str) -> bool:
    """Every word of the name rare as a word of the language: "Martino Raineri", not "Freie
    Software" or "Iberische Weine" (German capitalises its nouns, so its rare compounds pass
    only with a first word as rare: "Motorspritze" follows "Magirus", not a given name)."""
    return all(zipf(w, language) < _RARE_WORD for w in words)


def people_of(sentences: Sequence[str], title: str, language: str | None) -> People:
    """The people ``sentences`` (an article, in order) introduce by full name."""
    language = language or "en"
    if language in CJK:
        return People({}, {}, frozenset(), language)
    introduced: dict[str, int] = {}
    given: dict[str, set[str]] = {}
    full: dict[str, str] = {}
    for name in find_names(list(sentences), language):
        # only a name that is surely a person's: a given name or a title before the surname
        # ("Freie Software", "Iberische Weine" pass the looser test of a surname used alone)
        sure = is_given_name(name.words[0]) or name.titled or _unknown_words(name.words, language)
        if name.person and sure and len(name.words) >= 2 and len(name.words[-1]) >= _SHORTEST:
            surname = name.words[-1].lower()
            introduced[surname] = min(name.first, introduced.get(surname, name.first))
            given.setdefault(surname, set()).add(name.words[-2].lower())
            full.setdefault(surname, " ".join(name.words))
    title_words = frozenset(str(w).lower() for w in _TOKEN.findall(title))
    frozen = {surname: frozenset(words) for surname, words in given.items()}
    return People(introduced, frozen, title_words, language, full)


_NAMED_WITHIN = 3  # sentences back: a person named further off is not the one meant


def name_the_aged(sentence: str, position: int, sentences: Sequence[str], people: People) -> str:
    """``sentence`` with a person it names by age alone named in full, when the sentences just
    before mention one person only: "Der 67-Jährige betreibt …" -> "Der 67-jährige Ewald
    Ferlemann betreibt …", "The 67-year-old said …" -> "Jane Smith, 67, said …". Otherwise
    ``sentence`` unchanged: a post cannot carry "the 67-year-old" without the sentences that
    said who that is."""
    aged = aged_person(sentence, people.language)
    if aged is None:
        return sentence
    named = people.named_in(sentences[max(0, position - _NAMED_WITHIN) : position])
    if len(named) != 1 or (name := people.full.get(next(iter(named)))) is None:
        return sentence
    start = sentence.index(aged)
    rest = sentence[start + len(aged) :]
    if people.language == "de":
        article, age = aged.split(None, 1)
        if age.endswith("n"):
            return sentence  # "Die 67-Jährigen": several people, or a case we cannot rebuild
        return f"{sentence[:start]}{article} {age.replace('Jährige', 'jährige')} {name}{rest}"
    if people.language == "en":
        years = aged.split()[1].split("-")[0]
        return f"{sentence[:start]}{name}, {years},{rest}"
    return f"{sentence[:start]}{aged} {name}{rest}"


# The openings ``name_the_aged`` writes, to find the article's own sentence again
_NAMED_AGED = regex.compile(
    r"(?:(?P<article>Der|Die) (?P<de_age>\d{1,3})-jährige"
    r"|(?P<aged>\p{Lu}\p{Ll}{1,2} \S+)"
    r"|(?=(?:\p{Lu}\S* ){0,3}\p{Lu}[^\s,]*, \d{1,3}, ))"
)
_NAME_WORD = regex.compile(r"\p{Lu}[^\s,]*")


def article_forms(sentence: str, language: str | None) -> list[tuple[str, str]]:
    """The article's own sentence and the name, for each way ``name_the_aged`` may have put a
    name of one to four words into ``sentence`` (the post's checks find the article's words so);
    [] when it cannot have."""
    language = language or "en"
    opening = _NAMED_AGED.match(sentence)
    if opening is None:
        return []
    out = []
    words = sentence[opening.end() :].lstrip().split(" ")
    for size in range(1, min(4, len(words)) + 1):
        name_words = words[:size]
        if not all(_NAME_WORD.fullmatch(w.rstrip(",")) for w in name_words):
            break
        name = " ".join(name_words).rstrip(",")
        rest = " ".join(words[size:])
        if language == "de" and opening.group("article"):
            age = opening.group("de_age")
            out.append((f"{opening.group('article')} {age}-Jährige {rest}", name))
        elif language == "en" and name_words[-1].endswith(",") and rest[:1].isdigit():
            age, _, after = rest.partition(",")
            out.append((f"The {age}-year-old{after}", name))
        elif opening.group("aged") and aged_person(opening.group("aged") + " x", language):
            out.append((f"{opening.group('aged')} {rest}", name))
    return out
