"""Named things in Latin-script text: whole capitalised runs, and whether each names a person.

A name is a run of capitalised words (or words with inner capitals or digits: "iPad",
"COVID-19"), joined by the small words names contain ("University of Leeds", "Banque de
France"), taken whole: cutting it into two- or three-word windows made "#GovernorJohnBel" and
"#YorkStateAttorney". A sentence's first word counts only when the article also writes it
capitalised elsewhere, because every sentence starts with a capital.

A run is a person when a title precedes it ("Professor", "Mrs", "Präsident"), or when it is two
or three plain words, none an institution word, that start with a common given name
("Christian Drosten"; ``personcues``) or whose last word the article also uses alone ("Helen
Carter ... Carter said"): that is how prose refers back to people.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from socialpub.compose.keyphrases import heading_line
from socialpub.compose.lexicon import (
    ARTICLES,
    FUNCTION_WORDS,
    HONORIFICS,
    INSTITUTION_WORDS,
    NAME_JOINERS,
    SENTENCE_CASE_LANGUAGES,
    strip_elision,
    words_of,
)
from socialpub.compose.personcues import is_given_name
from socialpub.compose.sentences import WORD_PATTERN

_TOKEN = re.compile(WORD_PATTERN)  # the words ``sentences.tokens`` reads
_MAX_NAME_WORDS = 6
_NAME_ARTICLES = words_of("el la los las le les il lo gli o a os as de het den")
_INITIAL = re.compile(r"[A-Z](?:\.[A-Z])*")  # "C", "M.L": the dots after them are not tokens
_MAX_INITIALS = 3
_PLACE_INITIALS = frozenset({"u.s", "u.k", "e.u", "u.n"})
_CONJUNCTIONS = frozenset({"and", "und", "et", "y", "e", "en"})  # lower case, as joiners are
_BREAK = re.compile(r"[^\s.]")  # between two words of a name: only spaces and initials' dots


def _capitalised(word: str) -> bool:
    # an inner capital ("iPad"): the rest is not its own lower case (compared in C)
    rest = word[1:]
    return word[:1].isupper() or (rest != rest.lower() and word[:1].isalpha())


@dataclass
class Name:
    words: tuple[str, ...]
    count: int = 0
    first: int = 0  # sentence index of the first occurrence
    in_title: bool = False
    titled: bool = False  # an honorific preceded it at least once
    articled: bool = False  # an article preceded it at least once: a thing, not a person
    forms: Counter[tuple[str, ...]] = field(default_factory=Counter)


@dataclass(frozen=True)
class FoundName:
    words: tuple[str, ...]
    count: int
    first: int
    in_title: bool
    person: bool
    titled: bool = False  # an honorific or a role preceded it at least once


@lru_cache(maxsize=4096)
def _runs(sentence: str, language: str) -> tuple[tuple[tuple[str, ...], bool, bool, bool], ...]:
    """(words, starts the sentence, preceded by an honorific, preceded by an article) for each
    capitalised run. Kept per sentence: a live preview re-reads an article whose sentences are
    nearly all the same."""
    joiners = NAME_JOINERS.get(language, frozenset())
    articles = ARTICLES.get(language, frozenset())
    matches = list(_TOKEN.finditer(sentence))
    tokens = [m.group(0) for m in matches]
    # a name never runs across a comma, colon or bracket: "M.L. Anderson, C. Dobkin" is a list
    broken = [
        bool(_BREAK.search(sentence[matches[k - 1].end() : matches[k].start()])) if k else True
        for k in range(len(matches))
    ]
    runs: list[tuple[tuple[str, ...], bool, bool, bool]] = []
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i]):
            i += 1
            continue
        start = i
        run = [tokens[i]]
        i += 1
        while i < len(tokens) and not broken[i]:
            if _capitalised(tokens[i]):
                run.append(tokens[i])
                i += 1
            elif (
                tokens[i].lower() in joiners
                and i + 1 < len(tokens)
                and _capitalised(tokens[i + 1])
                and tokens[i].islower()
            ):
                run.extend(tokens[i : i + 2])
                i += 2
            elif (  # a given name and two particles: "Ursula von der Leyen", "Maria de la Cruz"
                is_given_name(run[-1])
                and tokens[i] in _PARTICLES
                and i + 2 < len(tokens)
                and tokens[i + 1] in _PARTICLES
                and _capitalised(tokens[i + 2])
                and not any(broken[i : i + 3])
            ):
                run.extend(tokens[i : i + 3])
                i += 3
            else:
                break
        before = tokens[start - 1].lower() if start > 0 else ""
        titled = before.rstrip(".") in HONORIFICS
        # "Der Kanton Schaffhausen" at a sentence's start: the article is the run's first word
        articled = before in articles or (len(run) > 1 and run[0].lower() in articles)
        runs.append((tuple(run), start == 0, titled, articled))
    return tuple(runs)


def _trim(words: list[str], language: str) -> tuple[list[str], bool]:
    """Drop leading function words and honorifics ("The", "Professor"); True if a title went."""
    function_words = FUNCTION_WORDS.get(language, frozenset())
    titled = False
    while words and (
        words[0].lower() in function_words or words[0].lower().rstrip(".") in HONORIFICS
    ):
        titled = titled or words[0].lower().rstrip(".") in HONORIFICS
        words = words[1:]
    joiners = NAME_JOINERS.get(language, frozenset())
    while words and words[-1].lower() in joiners | function_words:
        words = words[:-1]
    return words, titled


def _after_role(words: list[str]) -> tuple[list[str], bool]:
    """A role German capitalises is no part of the name: "Virologe Christian Drosten" is a
    person "Christian Drosten". A given name inside a run, with one or two words after it,
    starts the name; so does a title inside it ("Independent Senator Amrita Deonarine",
    "Police Detective Alvaro Zabaleta"), with two or three capitalised words after it."""
    for i in range(len(words) - 2, 0, -1):
        after = words[i + 1 :]
        if (
            words[i].lower().rstrip(".") in HONORIFICS
            and 2 <= len(after) <= 3
            and all(w[:1].isupper() for w in after)
        ):
            return after, True
    for i in range(1, len(words) - 1):
        # capitalised words from the given name on: two in "Ursula von der Leyen"
        named = sum(1 for w in words[i:] if strip_elision(w)[:1].isupper())
        if is_given_name(words[i]) and 2 <= named <= 3:
            return words[i:], True
    return words, False


def _parts(run: list[str], alone: Mapping[str, list[int]]) -> list[list[str]]:
    """A run too long to be one name is two joined by "and": "the University of Leeds and St
    Mary's Hospital" gives both. A short one stays whole ("Marks and Spencer") unless a side is
    a person's name ("David Estwick and Ronnie Yearwood") or every side is a word the article
    also uses on its own ("Biden and Sanders" where it writes "Sanders said")."""
    parts: list[list[str]] = [[]]
    for word in run:
        if word in _CONJUNCTIONS:
            parts.append([])
        else:
            parts[-1].append(word)
    parts = [p for p in parts if p]
    if len(parts) < 2 or len(run) > _MAX_NAME_WORDS:
        return parts
    if any(len(p) > 1 and is_given_name(p[0]) for p in parts):
        return parts
    if all(len(p) == 1 and p[0].lower() in alone for p in parts):
        return parts
    return [run]


def find_names(sentences: list[str], language: str, headline: int = 0) -> list[FoundName]:
    """Names in order of first appearance; the first ``headline`` sentences are the title."""
    names: dict[tuple[str, ...], Name] = {}
    inner_capitalised: set[str] = set()
    # single capitalised words seen on their own, mid-sentence, and the sentences they are in
    alone: dict[str, list[int]] = {}
    pending: list[tuple[int, tuple[str, ...], bool, bool, bool, bool]] = []
    for index, sentence in enumerate(sentences):
        # a heading capitalises every word, as a title-cased headline does; the Romance
        # languages and Dutch write headlines as sentences ("Precios de los combustibles en
        # Guatemala"), capitalising names only, as the body does (English headlines are often
        # title-cased in part, and German capitalises every noun)
        heading = (index < headline and language not in SENTENCE_CASE_LANGUAGES) or heading_line(
            sentence, language
        )
        for run, at_start, titled, articled in _runs(sentence, language):
            if not heading and len(run) == 1:
                # "Carter said" refers back to "Helen Carter"
                alone.setdefault(run[0].lower(), []).append(index)
            if not at_start and not heading:
                inner_capitalised.update(w.lower() for w in run)
            pending.append((index, run, at_start, titled, articled, heading))

    # a name's first two words in the headline and again in the body (both open with "Leeds
    # Teaching Hospitals"): its first word is the name's, not a sentence's capital
    def _pairs(in_title: bool) -> set[tuple[str, str]]:
        return {
            (run[0].lower(), run[1].lower())
            for index, run, *_ in pending
            if len(run) > 1 and (index < headline) == in_title
        }

    named_in_both = _pairs(True) & _pairs(False)
    for index, run, at_start, titled, articled, heading in pending:
        is_title = index < headline
        if (
            (at_start or heading)
            and run
            and run[0].lower() not in inner_capitalised
            and not any(c.isupper() for c in run[0][1:])
            and not (len(run) > 1 and is_given_name(run[0]))  # "Helen Carter will..."
            and not (len(run) > 1 and (run[0].lower(), run[1].lower()) in named_in_both)
        ):
            run = run[1:]  # "Researchers found ..." or a title-cased headline word
        if heading and not all(w.lower() in inner_capitalised for w in run):
            continue  # a headline capitalises every word; trust only words the body names too
        for number, part in enumerate(_parts(list(run), alone)):
            # an article written with a capital inside a sentence is the name's: "en El
            # Salvador", "à La Rochelle", "in De Bilt" (German and English ones are dropped:
            # "The Guardian" is tagged #Guardian, as people do)
            kept = (
                number == 0
                and not at_start
                and not heading
                and language in SENTENCE_CASE_LANGUAGES
                and len(part) > 1
                and part[0][:1].isupper()
                and part[0].lower() in _NAME_ARTICLES
            )
            words, honorific = _trim(part[1:], language) if kept else _trim(part, language)
            if kept:
                words = [part[0], *words]
            words, role = _after_role(words)
            honorific = honorific or role
            if not words or len(words) > _MAX_NAME_WORDS:
                continue
            key = tuple(w.lower() for w in words)
            entry = names.setdefault(key, Name(tuple(words), first=index))
            entry.count += 1
            entry.forms[tuple(words)] += 1
            entry.in_title = entry.in_title or is_title
            entry.titled = entry.titled or titled or honorific
            entry.articled = entry.articled or (articled and number == 0)
    found = []
    for key, entry in names.items():
        form = entry.forms.most_common(1)[0][0]
        found.append(
            FoundName(
                form,
                entry.count,
                entry.first,
                entry.in_title,
                _person(key, entry, alone),
                entry.titled,
            )
        )
    return sorted(found, key=lambda n: n.first)


_ALONE_MIN = 2
_MAX_PARTICLED = 5  # "Maria de los Angeles", with its particles
_PARTICLES = words_of("von van der den de del della di da du la le los las dos das zu ten ter")
_ALONE_RATIO = 3


def _person(key: tuple[str, ...], entry: Name, alone: Mapping[str, list[int]]) -> bool:
    if entry.titled:
        return True
    *given, surname = entry.words
    if (
        given
        and len(given) <= _MAX_INITIALS
        and all(_INITIAL.fullmatch(w) for w in given)
        and key[0] not in _PLACE_INITIALS
        and surname[:1].isupper()
        and not surname.isupper()
        and key[-1] not in INSTITUTION_WORDS
    ):
        return True  # "C. Dobkin", "J. R. R. Tolkien"
    if any(w in INSTITUTION_WORDS for w in key):
        return False
    if (
        len(key) > 2
        and is_given_name(key[0])
        and len(key) <= _MAX_PARTICLED
        and all(w in _PARTICLES for w in key[1:-1])
        and entry.words[-1][:1].isupper()
    ):
        return True  # "Ursula von der Leyen", "Maria de la Cruz"
    if not 2 <= len(key) <= 3:
        return False
    if (
        len(key) == 2
        and is_given_name(key[0])
        and _INITIAL.fullmatch(surname)
        and len(surname) == 1
    ):
        return True  # "Joshua Y.", "Emma K.": a child or a reader named as papers name them
    # an elided article is no part of the name: "d'Emmanuel Macron"
    if any(not w[:1].isupper() or w.isupper() for w in map(strip_elision, entry.words)):
        return False  # joiners, acronyms: "Bank of England", "NHS England"
    if is_given_name(key[0]):
        return True  # "Christian Drosten", even when the article never says "Drosten" alone
    if entry.articled and len(key) == 2:
        # "im Kanton Schaffhausen", "the River Thames": a thing (with three words the article
        # may stand before a role: "der Skilehrer Martino Raineri")
        return False
    alone_first = min(alone.get(key[-1], ()), default=entry.first)
    role_and_name = len(key) == 3 and entry.articled  # "die Klimaaktivistin Luisa Neubauer"
    if alone_first < entry.first and not role_and_name:
        # a person is named in full before the surname stands alone; a word that stood alone
        # before the pair is a thing: "Paxlovid", then "zwei Tabletten Paxlovid"; "Berlin",
        # then "Land Berlin". (An article, a role and a name follow a teaser line that ran
        # ahead: "Kaeser verarscht Neubauer" above "die Klimaaktivistin Luisa Neubauer".)
        return False
    last_alone, given_alone = len(alone.get(key[-1], ())), len(alone.get(key[0], ()))
    # the surname used alone, the first word not, or far less often ("hieß sie Lotte" once,
    # "Tobisch" five times): a person
    return last_alone > 0 and (
        given_alone == 0 or (last_alone >= _ALONE_MIN and last_alone >= _ALONE_RATIO * given_alone)
    )
