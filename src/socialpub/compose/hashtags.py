"""Hashtags people would choose, and the per-account policy that picks which ones go out.

``suggest_hashtags`` is the entry point. Best first it gives:

1. ``own``: the article's own hashtags, kept exactly as written;
2. ``organisation``: the publishing organisation's name, whole (the account's or organisation's
   configured name, else the page's ``og:site_name``);
3. ``entity``: named things and terms of the text (``names``, ``keyphrases``, ``cjkterms``) that
   pass every rule of ``tagrules`` in the article's language; people only when the policy allows;
4. ``topic``: established topic tags from the curated vocabulary that the article is about even
   when it does not use their words (``topics``: by cue words in every European language, and
   in English also by a static embedding table distilled from MiniLM, which ships with
   socialpub), and tags an OpenAI-compatible endpoint suggested, once validated. An entity that
   is another form of a topic's tag is written as the topic ("#Fotografie", not
   "#Fotografieren").

Language: pass the article's ISO 639-1 code. ``None`` means "guess cheaply" with
``language.detect_language`` (the script decides Chinese, Japanese and Korean; for Latin script
the function words of each supported language, taken only when one clearly wins). A language
outside ``SUPPORTED``, or no clear guess, gets no tags from the text: only the article's own and
the organisation's.

Tags are stored without the ``#``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

import regex

from socialpub.compose.commonness import zipf
from socialpub.compose.germannouns import NounUsage, nominative, noun_usage, plain_noun
from socialpub.compose.keyphrases import Keyphrase, rank, stem
from socialpub.compose.lexicon import (
    HONORIFICS,
    INSTITUTION_WORDS,
    NOUN_MARKERS,
    NUMBER_WORDS,
    SENTENCE_CASE_LANGUAGES,
    strip_elision,
    words_of,
)
from socialpub.compose.names import find_names
from socialpub.compose.personcues import is_given_name
from socialpub.compose.sentences import ends_sentence, split_sentences
from socialpub.compose.tagforms import base_form, unshout
from socialpub.compose.tagrules import (
    CJK,
    GENERIC_ZIPF,
    MAX_TAG_LENGTH,
    PIECE,
    SUPPORTED,
    is_lower_multiword,
    make_tag,
    problem,
)

if TYPE_CHECKING:
    from socialpub.settings import AccountSettings, Settings

Kind = Literal["own", "organisation", "entity", "topic"]
_NAME_OR_TERM = 1.6  # names and terms make better tags than single words of the same rank
_TITLE_NAME = 2.0  # and a name a headline written as a sentence gives: "… en Guatemala"
_MAX_ORGANISATION_TAG = 40
_ENOUGH = 24  # candidates judged per article: twice what any post carries
_TAG_SYNTAX = regex.compile(r"[^\W_]\w*")  # with combining marks, as PIECE
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])")
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿ]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SITE_SUFFIX = re.compile(r"\.(?:com|org|net|edu|gov|co\.uk|ac\.uk|de|fr|es|it|nl|pt|io)$", re.I)

__all__ = [
    "Hashtag",
    "TagPolicy",
    "blocked_by",
    "camel_case",
    "candidate_tags",
    "choose",
    "for_account",
    "guess_language",
    "is_lower_multiword",
    "policy_for",
    "suggest_hashtags",
    "tag_key",
    "tag_words",
]


@dataclass(frozen=True)
class Hashtag:
    tag: str
    kind: Kind


@dataclass(frozen=True)
class TagPolicy:
    """What an account and its organisation want from tags (see settings.py for the keys)."""

    count: int | None = None
    always: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()  # "Tag", "prefix*" or "/regular expression/", any case
    preferred: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # tag -> synonyms
    people: bool = False  # personal names may become tags
    organisation: str | None = None  # the publisher's name; wins over og:site_name
    topics: bool = True


def policy_for(account: AccountSettings | None, settings: Settings | None = None) -> TagPolicy:
    """The tag policy of an account (``None``: a bare platform) within its organisation."""
    preferred = dict(settings.hashtags_preferred) if settings else {}
    organisation = settings.organisation_name if settings else None
    base = TagPolicy(preferred=preferred, organisation=organisation)
    return base if account is None else for_account(base, account)


def for_account(organisation: TagPolicy, account: AccountSettings) -> TagPolicy:
    """The organisation's policy (its name, preferred tags) with one account's own choices."""
    return TagPolicy(
        count=account.hashtag_count,
        always=account.hashtags_always,
        blocked=account.hashtags_blocked,
        preferred=organisation.preferred,
        people=account.hashtag_people,
        organisation=account.organisation or organisation.organisation,
        topics=account.hashtag_topics,
    )


def camel_case(phrase: str) -> str:
    """The tag form of an English phrase: words joined, each capitalised unless it has capitals."""
    return make_tag(phrase.split(), "en")


def tag_words(tag: str) -> list[str]:
    """Split a tag back into words: "MultipleMyeloma" -> ["Multiple", "Myeloma"]."""
    return [w for w in _CAMEL.sub(" ", tag.lstrip("#").replace("_", " ")).split() if w]


# a dash typed on a CJK keyboard between Latin letters or digits: "COVIDー19" holds the katakana
# long-vowel mark, which is a letter, so the tag stays whole; keys drop it as tags drop "-"
_CJK_DASH = re.compile(r"(?<=[A-Za-z0-9])ー(?=[A-Za-z0-9])")


def tag_key(tag: str, language: str = "en") -> tuple[str, ...]:
    """Tags with the same key are duplicates: "#Vaccines" and "#vaccine" merge, and so do
    "#COVID19" and a Japanese keyboard's "#COVIDー19"."""
    tag = _CJK_DASH.sub("", tag)
    if language in CJK or (not tag.isascii() and not _LATIN_WORD.search(tag.lower())):
        return (tag.lstrip("#").lower(),)
    return tuple(stem(w, language) for w in tag_words(tag))


def is_usable(tag: str, phrase: str | None = None, language: str = "en") -> bool:
    """Whether a tag (made from ``phrase`` when known) passes every rule of ``tagrules``."""
    words = phrase.split() if phrase else tag_words(tag)
    # without the phrase, only inner capitals or an acronym show a name: "iPad", "NHS"
    named = (
        any(w[:1].isupper() for w in words)
        if phrase
        else any(any(c.isupper() for c in w[1:]) for w in words)
    )
    return problem(words, language, named=named) is None


# ---------------------------------------------------------------------------------------------
# language


def guess_language(text: str) -> str | None:
    """The article's language when none was given: ``language.detect_language`` (script, then
    function words); None when no supported language is clear, which makes no tags."""
    from socialpub.compose.language import detect_language

    found = detect_language(text)
    return found if found in SUPPORTED else None


# ---------------------------------------------------------------------------------------------
# candidates


@dataclass
class _Pool:
    """Tags chosen so far, their keys and the stems they cover."""

    language: str
    tags: list[Hashtag] = field(default_factory=list)
    keys: set[tuple[str, ...]] = field(default_factory=set)
    covered: set[str] = field(default_factory=set)

    def add(
        self, tag: str, kind: Kind, *, overlap_ok: bool = False, covers: bool | None = None
    ) -> bool:
        key = tag_key(tag, self.language)
        if not tag or not key or key in self.keys:
            return False
        if not overlap_ok and set(key) & self.covered:
            return False  # "Myeloma" or "MyelomaDrugs" add little once "MultipleMyeloma" is in
        self.keys.add(key)
        if covers is None:
            covers = kind != "topic"  # "#ClimateAction" must not keep out "#ClimateGoals"
        if covers:
            self.covered.update(key)
        self.tags.append(Hashtag(tag, kind))
        return True


def _valid_own(tag: str) -> str | None:
    tag = tag.strip().lstrip("#")
    return tag if _TAG_SYNTAX.fullmatch(tag) else None


_INNER_APOSTROPHE = regex.compile(r"(?<=[^\W\d_]{2})['’](?=[^\W\d_])")


def organisation_tag(name: str | None) -> str | None:
    """The publisher's tag, whole: "University of Leeds" -> "UniversityOfLeeds"."""
    if not name:
        return None
    name = _SITE_SUFFIX.sub("", name.strip())
    if not name:
        return None
    # an apostrophe inside a word joins it: "Tom's Hardware" -> "TomsHardware", not "TomSHardware"
    name = _INNER_APOSTROPHE.sub("", name)
    words = [w for w in re.split(r"[\s\-–—|:,/]+", name) if PIECE.search(w)]
    if not words:
        return None
    pieces = [p for word in words for p in PIECE.findall(word)]
    tag = "".join(p if any(c.isupper() for c in p) else p[:1].upper() + p[1:] for p in pieces)
    return tag if len(tag) <= _MAX_ORGANISATION_TAG else None


_SITE_WORDS = 4
_SITE_CHARS = 24


# a web address given as a site name: scheme, "www.", the host's first label, the rest; its
# top-level domain in lower case, as addresses are written ("St.GEORG" is a name, not a host)
_SITE_ADDRESS = re.compile(r"(?i:https?://)?(?i:www\.)?([\w-]+)(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?")


_HOST_ACRONYM = 3


def _host_name(label: str) -> str:
    """A host's first label as a name: a short one in lower case is an acronym ("fr.de",
    "rtl.de", "swr.online" are FR, RTL and SWR, not #Fr and #Rtl)."""
    if len(label) <= _HOST_ACRONYM and label.isalpha() and label.islower():
        return label.upper()
    return label


_LOWER_DOMAIN = re.compile(r"\.[a-z]{2,}/?$")


def site_tag(
    site_name: str | None, language: str | None = None, *, people: bool = True
) -> str | None:
    """The tag of a page's ``og:site_name``, when it is a name and not a slogan.

    Sites put taglines there ("News zu VR, AR und KI | MIXED"); the part before a separator is
    taken, and only when it is at most four words: a longer one is left out, never cut. A
    personal site's name is its owner's ("Matthew Davis"), a tag only where ``people`` are.
    """
    if not site_name:
        return None
    address = _SITE_ADDRESS.fullmatch(site_name.strip())
    if address:  # "https://www.mesopinions.com/", "100noticias.com.ni": the name is the host's
        site_name = _host_name(address.group(1))
    head = re.split(r"\s+[|–—:-]\s+|\s*[|:]\s*", site_name.strip())[0]
    first = _SITE_ADDRESS.fullmatch(head.split()[0]) if head.split() else None
    # "www.leichtathletik.de | Das Portal", "Haufe.de News und Fachwissen": the address names
    # the site, the words after it are a slogan. Its domain is in lower case, as addresses are
    # written: "St.Galler Tagblatt" is a name with an abbreviation
    if first and _LOWER_DOMAIN.search(first.group(0)):
        head = _host_name(first.group(1))
    if len(head.split()) > _SITE_WORDS:
        return None
    if not people and _a_persons_name(head.split()):
        return None
    # a registered association's legal form is no part of its tag: "DRK e.V." -> "#DRK"
    head = _LEGAL_FORM.sub("", head).strip() or head
    tag = organisation_tag(unshout(head, language))
    return tag if tag and len(tag) <= _SITE_CHARS else None


_LEGAL_FORM = re.compile(r"\s+e\.\s?V\.?$")


def _a_persons_name(words: Sequence[str]) -> bool:
    """Two capitalised words, a common given name first: "Matthew Davis" (a third word makes a
    brand of it: "Harry Potter Wiki", "Jane Wayne News")."""
    return len(words) == 2 and is_given_name(words[0]) and all(w[:1].isupper() for w in words)


@dataclass(frozen=True)
class _Candidate:
    words: tuple[str, ...]
    score: float
    named: bool
    described: bool = False  # a lower-case phrase the article uses too rarely to be a term


# A phrase in lower case ("erfolgreiche Zukunft", "país centroamericano", "text elements") is a
# term people follow only when the title uses it or the article keeps using it; written twice
# in the body it describes something.
_TERM_COUNT = 3


def _latin_candidates(
    headline: Sequence[str],
    body: Sequence[str],
    title: str,
    language: str,
    ranked: Sequence[Keyphrase],
    people: bool,
    usage: NounUsage,
) -> list[_Candidate]:
    scores = {k.stem: k.score for k in ranked}
    sentences = [*headline, *body]
    out: list[_Candidate] = []
    names = find_names(sentences, language, len(headline))
    # words of people's names: "Nilsen" alone is still Professor Nilsen
    personal = {w.lower() for n in names if n.person for w in n.words}
    # the words after a given name: sure surnames ("Nestlé Marktplatz Newsletter" is a person
    # only by the German rule of a last word used alone, which capitals mislead)
    surnames = {
        w.lower() for n in names if n.person and is_given_name(n.words[0]) for w in n.words[1:]
    }
    # words seen only inside longer names: "Pro" of "iPad Pro", "Final" of "Final Four"
    single = {n.words[0].lower() for n in names if len(n.words) == 1}
    partial = {w.lower() for n in names if len(n.words) > 1 for w in n.words} - single
    lowered = [_WORD.findall(sentence.lower()) for sentence in sentences]  # read once, for both
    nouns = _after_noun_markers(lowered, language)
    participles = _after_auxiliaries(lowered, language)
    phrase_starts = (
        _after_noun_markers(lowered, language, _PREPOSITIONS[language])
        if language in _PREPOSITIONS
        else set()
    )
    articled = _articled_nouns(sentences, language)
    numbered = _numbered_labels(sentences, lowered, language)
    written = frozenset(w for words in lowered for w in words) if language == "en" else frozenset()
    title_stems = {stem(w, language) for w in _WORD.findall(title)}
    lead = len(headline)  # the first sentence of the body
    acronyms = _acronyms(sentences)
    counts = {k.stem: k.count for k in ranked}
    ordinary = usage.common

    def describes(word: str, common_noun: bool) -> bool:
        """A common noun the title does not name and the article does not keep coming back
        to describes what it says; it names nothing the article is about."""
        key = stem(word, language)
        if key in title_stems or counts.get(key, 0) >= _COMMON_NOUN_COUNT:
            return False
        return (common_noun and _everyday(word, language)) or _abstract(word, language)

    # a common word the article also writes in lower case is capitalised only by headings or a
    # title-cased menu: "Heart", "People", "Review" (German capitalises every noun anyway)
    common = {
        k.stem
        for k in ranked
        if k.lower and language != "de" and zipf(k.text.lower(), language) >= GENERIC_ZIPF
    }
    for name in names:
        if name.person and not people:
            continue
        if len(name.words) == 1 and not people and _personal_word(name.words[0], personal):
            continue  # "Carter said": the surname of a person named in full elsewhere
        if not people and all(w.lower() in surnames for w in name.words):
            continue  # "Guzmán Loera" after "Joaquín Guzmán Loera": the surnames alone
        words = tuple(strip_elision(w) for w in name.words)
        short = acronyms.get(" ".join(words).lower())
        if (
            name.count < 2
            and not name.in_title
            and not (name.first <= lead and (short or _institution(name.words, language)))
        ):
            continue  # met once on the way; the lead names the subject (a body, an acronym)
        if len(name.words) == 1 and name.words[0].lower() in numbered:
            continue
        word_scores = [scores.get(stem(w, language), 0.0) for w in words]
        best = max(word_scores, default=0.0)
        if best <= 0:
            continue
        if name.in_title and language in SENTENCE_CASE_LANGUAGES:
            best *= _TITLE_NAME  # a capital in such a headline is a name's, as in the body
        if short:  # "Deutsche Forschungsgemeinschaft (DFG)": people tag #DFG
            out.append(_Candidate((short,), best * _NAME_OR_TERM, True))
            continue
        loan = len(words) == 1 and _common_loanword(words[0], language, articled)
        common_word = len(words) == 1 and stem(words[0], language) in common
        plain = len(words) == 1 and describes(words[0], words[0].lower() in ordinary)
        # a German word mostly written after a determiner is a common noun, whatever English
        # makes of it: "am nächsten Tag", "jeden Tag" ("tag" is an English word too)
        usual = len(words) == 1 and words[0].lower() in ordinary
        named = not loan and not common_word and not usual
        out.append(_Candidate(words, best * _NAME_OR_TERM, named, plain))
    for phrase in ranked:
        if phrase.term:
            words = tuple(phrase.term.split())
            named = all(w[:1].isupper() for w in words)
            titled = any(w.lower().rstrip(".") in HONORIFICS for w in words)
            # "João Almeida vence": a phrase holding a person's name is about the person
            with_person = not people and any(w.lower() in personal for w in words)
            # names come whole from find_names; "juez Castro" is a person
            # "council approves" where the article also writes "approved" is a clause
            clause = (
                (language == "en" and _ends_in_a_verb(words, written))
                or words[0].lower() in participles  # "ha recibido millones"
                # a Romance noun phrase stands after an article or a preposition somewhere;
                # a verb never does: "lo que venimos haciendo", "si mantiene temperature alte"
                or (language in _PREPOSITIONS and words[0].lower() not in phrase_starts)
            )
            if not named and not titled and not with_person and not clause:
                described = (
                    phrase.term_count < _TERM_COUNT and phrase.term.lower() not in title.lower()
                )
                out.append(_Candidate(words, phrase.score * _NAME_OR_TERM, False, described))
        if phrase.count >= 2 or phrase.proper:
            word = phrase.text if phrase.proper or language == "de" else phrase.text.lower()
            low = word.lower()
            if low in HONORIFICS or low in numbered:
                continue  # "President" alone is half a name; "Level" alone, of "Level 3"
            if not phrase.proper and low not in nouns:
                continue  # never written as a noun ("the flooding"): "reaches", "thinner"
            if language == "de" and word.islower():
                continue  # German capitalises every noun: a word mostly in lower case is none
            person = _in_a_name(low, personal) or (phrase.proper and is_given_name(word))
            if (people or not person) and not (phrase.proper and low in partial):
                named = (
                    phrase.proper
                    and not _common_loanword(word, language, articled)
                    and phrase.stem not in common
                    and low not in ordinary
                )
                plain = describes(word, low in ordinary if language == "de" else not phrase.proper)
                out.append(_Candidate((word,), phrase.score, named, plain))
    out.sort(key=lambda c: -c.score)
    return out


# A common noun the title does not name is a tag only when the article keeps coming back to it:
# "Katholiken" eleven times, "intestin" fifteen; "Rohstoffe", "hectáreas" and "Vorgaben", met
# three to five times, describe what it says on the way.
_COMMON_NOUN_COUNT = 6
_EVERYDAY_ZIPF = 3.0


# German nouns of an action's instances or an everyday quality: "Maßnahmen", "Regelungen",
# "Empfehlungen", "Unsicherheiten"; "Klarheit" of "klar", "Wichtigkeit" of "wichtig".
_DE_ABSTRACT_PLURAL = re.compile(r"(?:ungen|heiten|keiten|nahmen)$")
_DE_QUALITY = re.compile(r"(?:ig)?(?:heit|keit)$")
_EVERYDAY_ADJECTIVE_ZIPF = 4.0
_EVERYDAY_PLURAL_ZIPF = 3.5


def _abstract(word: str, language: str) -> bool:
    """A German abstract noun that names no topic: an everyday plural of an action
    ("Empfehlungen"), or the quality of an everyday adjective ("Klarheit"). Topics people
    follow ("Gesundheit", "Digitalisierung") are in the curated vocabulary and stay."""
    if language != "de":
        return False
    from socialpub.compose import topics

    low = word.lower()
    if low in topics.vocabulary_keys(language):
        return False
    if _DE_ABSTRACT_PLURAL.search(low):
        # an everyday word; a compound is rarer and more specific: "Koalitionsverhandlungen"
        return zipf(low, language) >= _EVERYDAY_PLURAL_ZIPF
    quality = _DE_QUALITY.search(low)
    if quality is None:
        return False
    adjective = low[: quality.start()]
    return any(
        zipf(form, language) >= _EVERYDAY_ADJECTIVE_ZIPF for form in (adjective, adjective + "ig")
    )


def _everyday(word: str, language: str) -> bool:
    """A common noun in everyday use; a rarer one names something specific ("ibuprofène",
    "Autokredit", "multivitamin"). A German compound the word list lacks ("Teilnahmeformular",
    "Aktionszeitraum") is made of everyday words, and counts as one."""
    frequency = zipf(word.lower(), language)
    return frequency >= _EVERYDAY_ZIPF or (language == "de" and frequency == 0)


# A name the article shortens in brackets right after it: "Deutschen Forschungsgemeinschaft (DFG)",
# "World Health Organization (WHO)", "Jurisdicción Especial para la Paz (JEP)".
_NAME_AND_ACRONYM = regex.compile(
    r"(\p{Lu}[\w'’-]*(?:\s+(?:\p{Ll}{1,4}\s+){0,2}\p{Lu}[\w'’-]*){0,6})\s*\((\p{Lu}{3,6})\)"
)


def _acronyms(sentences: Sequence[str]) -> dict[str, str]:
    """Each name (lower case, as its words) the article shortens to an acronym, with the acronym:
    the name starts with the acronym's letter and holds its letters in order."""
    found: dict[str, str] = {}
    for sentence in sentences:
        if "(" not in sentence:
            continue
        for match in _NAME_AND_ACRONYM.finditer(sentence):
            words, short = match.group(1).split(), match.group(2)
            while words and words[0][0] != short[0]:
                words = words[1:]  # "Geld von der Deutschen …": the name starts later
            if len(words) >= 2 and _letters_in_order(short, " ".join(words)):
                found[" ".join(words).lower()] = short
    return found


# Words of names of bodies, not of places or events ("Wellington Road", "World Cup").
_BODIES = INSTITUTION_WORDS - words_of(
    """river lake mountain park city county state republic kingdom street road avenue bridge
    island islands coast bay sea ocean valley hill hills north south east west northern southern
    eastern western new news times post journal press media cup championship games olympics
    awards prize station airport festival regierung"""
)


def _institution(words: Sequence[str], language: str) -> bool:
    """A name of a body: "Leeds Teaching Hospitals NHS Trust", "University of Leeds" (German
    capitalises every noun, so a run of them proves no name there: "Regierung GPS")."""
    return language != "de" and len(words) > 1 and any(w.lower() in _BODIES for w in words)


def _letters_in_order(short: str, name: str) -> bool:
    """Whether the acronym's letters occur in the name in order (any case): "DFG" in
    "Deutschen Forschungsgemeinschaft", "WHO" in "World Health Organization"."""
    rest = iter(name.lower())
    return all(letter.lower() in rest for letter in short)


_LOAN_MARGIN = 0.5  # Zipf: an English word at least this current in English as in German
_ARTICLED = regex.compile(  # after a comma "die" starts a clause: ", die Microsoft in … "
    # a sentence may start with the article: "Die Situation ist …"
    r"(?<!,\s*)\b(?:"
    + "|".join(sorted({m for a in NOUN_MARKERS["de"] for m in (a, a.capitalize())}))
    + r")\s+(\p{Lu}\p{Ll}+)"
    r"(?=\s+\p{Ll}|\s*[,.;:!?)]|$)"
)


def _articled_nouns(sentences: Sequence[str], language: str) -> frozenset[str]:
    """German words written as a common noun: an article before, no noun after ("das Team
    hat", "ein Interview mit"; not "die Google Suche", where the name qualifies a noun)."""
    if language != "de":
        return frozenset()
    return frozenset(m.group(1).lower() for s in sentences for m in _ARTICLED.finditer(s))


def _common_loanword(word: str, language: str, nouns: frozenset[str]) -> bool:
    """An English word German uses as a common noun ("das Team", "ein Interview", "das
    Update"): its capital proves no name, as German capitalises every noun, and its currency in
    English ("Berlin", "Google") proves none either."""
    low = word.lower()
    return (
        language == "de" and low in nouns and zipf(low, "en") >= zipf(low, language) - _LOAN_MARGIN
    )


# a word and the number of its label, the word maybe shortened ("Art. 90", "Nr. 5"); a year
# after a word names an edition: "Worlds 2023"
_NUMBERED = re.compile(r"([^\W\d_]+)\.?\s+(?!(?:1[89]|20)\d\d\b)\d")
# a number and what it counts, or a price and what it is for: "40 Tage", "44,90 €/Person"
_COUNTED = re.compile(r"(?<![\w.,])\d[\d.,]*(?:\s*[€$£¥]?\s*/\s*|\s+)([^\W\d_]+)")
_NUMBERED_SHARE = 0.5


def _numbered_labels(
    sentences: Sequence[str], lowered: Sequence[Sequence[str]], language: str
) -> frozenset[str]:
    """Common words the article mostly writes with a number after them: "Level 3", "Phase 2",
    "Stufe 4". Without its number such a word is half a label, and a generic one ("#Level").
    Likewise common words it mostly writes after a number, in digits or words: "40 Tage",
    "drei Jahre", "20 Prozent" count something; the unit alone ("#Tag") is about nothing."""
    after = Counter(
        m.group(1).lower() for sentence in sentences for m in _NUMBERED.finditer(sentence)
    )
    counted = Counter(
        m.group(1).lower() for sentence in sentences for m in _COUNTED.finditer(sentence)
    )
    counted.update(b for words in lowered for a, b in pairwise(words) if a in NUMBER_WORDS)
    if not after and not counted:
        return frozenset()
    counts = Counter(w for words in lowered for w in words if w in after or w in counted)
    labels = {word for word, numbered in after.items() if numbered >= 2}
    labels.update(counted)  # once is enough: "40 Tage" may be the only "Tage"
    return frozenset(
        word
        for word in labels
        if after[word] + counted[word] >= _NUMBERED_SHARE * counts[word]
        and zipf(word, language) >= GENERIC_ZIPF
    )


def _ends_in_a_verb(words: Sequence[str], written: frozenset[str]) -> bool:
    """An English term ending in a word the article also conjugates: "council approves" where
    it writes "approved" or "approving" is a clause, not a thing ("price hikes" stays unless
    the article writes "hiked")."""
    last = words[-1].lower()
    if len(words) < 2 or not last.endswith("s") or last.endswith("ss"):
        return False
    base = last[:-1]  # approves -> approve, allows -> allow
    forms = {base + "d", base + "ed", base + "ing", base[:-1] + "ing", base[:-1] + "ed"}
    return bool(forms & written)


def _personal_word(word: str, personal: set[str]) -> bool:
    """A word of a person's name found in the text, or a given name on its own ("Mohamed
    told reporters"): either way a person."""
    return _in_a_name(word.lower(), personal) or is_given_name(word)


def _in_a_name(low: str, personal: set[str]) -> bool:
    """``low`` or a part of it ("Tobisch-Labotyn", Lotte Tobisch's double name) is a word of a
    person's name."""
    return low in personal or any(p in personal for p in low.split("-"))


def _after_noun_markers(
    lowered: Sequence[Sequence[str]], language: str, more: frozenset[str] = frozenset()
) -> set[str]:
    """Words (of sentences' lower-cased words) written after an article, possessive or
    preposition (or one of ``more``)."""
    markers = NOUN_MARKERS.get(language, frozenset()) | more
    infinitive = _INFINITIVE.get(language)
    found: set[str] = set()
    for words in lowered:
        found.update(
            b
            for a, b in pairwise(words)
            if a in markers
            and not (a in _ROMANCE_DE and infinitive is not None and infinitive.search(b))
        )
    return found


# Prepositions a Romance noun phrase may follow besides those of NOUN_MARKERS ("con
# pantaloneta blanca", "sobre falsos envíos").
_PREPOSITIONS = {
    "es": words_of("a en con sobre por para entre sin contra desde hasta según tras"),
    "fr": words_of("à en par pour sur avec sans dans entre contre vers chez selon"),
    "it": words_of("a in con per su da tra fra senza contro verso"),
    "pt": words_of("a em com por para sobre entre sem contra desde até"),
}
# The auxiliaries of the Romance perfect tenses, and the endings of the participles after them:
# "había recibido millones", "a reçu des menaces", "ha ricevuto minacce", "tem recebido apoio".
_AUXILIARIES = {
    "es": words_of("he has ha hemos habéis han había habían hubo haya hayan habría habrían habrá"),
    "pt": words_of("tem têm tinha tinham tenho temos havia haviam teria teriam terá"),
    "fr": words_of("ai as a avons avez ont avait avaient aurait auraient aura ayant"),
    "it": words_of("ho hai ha abbiamo avete hanno aveva avevano avrebbe avrebbero avrà"),
}
_PARTICIPLE = {
    "es": re.compile(r"(?:ado|ido|ada|ida|cho|to)s?$"),
    "pt": re.compile(r"(?:ado|ido|ada|ida|to)s?$"),
    "fr": re.compile(r"(?:é|ée|és|ées|i|is|it|u|us|ue|ert)$"),
    "it": re.compile(r"(?:ato|ito|uto|ata|ita|uta|ati|iti|uti|ate|ite|ute|tto|sso|so)$"),
}


def _after_auxiliaries(lowered: Sequence[Sequence[str]], language: str) -> set[str]:
    """Participles the article writes after an auxiliary: a term that starts with one is a
    clause of a perfect tense ("#RecibidoMillones"), not a thing."""
    auxiliaries = _AUXILIARIES.get(language)
    participle = _PARTICIPLE.get(language)
    if auxiliaries is None or participle is None:
        return set()
    return {
        b
        for words in lowered
        for a, b in pairwise(words)
        if a in auxiliaries and participle.search(b)
    }


# "de" comes before verbs as often as before nouns in the Romance languages ("sommé de
# démissionner", "antes de hacer"): after it, a word that ends like an infinitive proves no noun.
_ROMANCE_DE = frozenset({"de", "d", "di"})
_INFINITIVE = {
    "fr": re.compile(r"(?:er|ir|re)$"),
    "es": re.compile(r"(?:ar|er|ir)$"),
    "pt": re.compile(r"(?:ar|er|ir)$"),
    "it": re.compile(r"(?:are|ere|ire)$"),
}


def _cjk_candidates(text: str, title: str, language: str, people: bool) -> list[_Candidate]:
    from socialpub.compose.cjkterms import cjk_terms
    from socialpub.compose.personcues import cjk_people, is_cjk_person_term

    source = f"{title}\n{title}\n{text}"[:6000]
    persons = frozenset() if people else cjk_people(source, language)
    return [
        _Candidate((t.text,), t.score, False)
        for t in cjk_terms(source, language)
        if not is_cjk_person_term(t.text, persons)
    ]


_LEAD_SENTENCES = 1  # with the title, what a reader of the post has been told
_ABOUT_COUNT = 3  # or a word the article keeps coming back to
_LEAD_SEARCH = 8


def _about(
    body: Sequence[str], title: str, language: str, ranked: Sequence[Keyphrase]
) -> Callable[[_Candidate], bool]:
    """Whether a candidate names what the article is about, not something it mentions on the
    way: a word of it is in the title or the lead, or the article uses it again and again.
    "#Ticketpreise" and "#Aeropost", met once in the body, tell a reader nothing of the post."""
    # the lead is the first sentences that end as sentences do: a heading above them is not one
    sentences = [s for s in body[:_LEAD_SEARCH] if ends_sentence(s)]
    lead = " ".join([title, *sentences[:_LEAD_SENTENCES]])
    told = {stem(w, language) for w in _WORD.findall(lead)}
    counts = {k.stem: k.count for k in ranked}

    def check(candidate: _Candidate) -> bool:
        stems = [stem(strip_elision(w), language) for w in candidate.words]
        return (
            any(s in told for s in stems)
            or max((counts.get(s, 0) for s in stems), default=0) >= _ABOUT_COUNT
        )

    return check


def _entity_tags(
    text: str,
    title: str,
    language: str,
    people: bool,
    ranked: Sequence[Keyphrase] | None,
    established: frozenset[str],
) -> list[str]:
    about: Callable[[_Candidate], bool] | None = None  # CJK terms are judged by cjkterms
    sentences: list[str] = []
    usage = NounUsage(frozenset(), frozenset())
    if language in CJK:
        candidates = _cjk_candidates(text, title, language, people)
    else:
        ranked = ranked if ranked is not None else rank(text, title, limit=40, language=language)
        headline = split_sentences(title)
        body = split_sentences(text)  # read once, for the candidates and the lead
        sentences = [*headline, *body]
        if language == "de":
            usage = noun_usage(sentences)
        candidates = _latin_candidates(headline, body, title, language, ranked, people, usage)
        about = _about(body, title, language, ranked)

    def proven(words: Sequence[str]) -> bool:
        """A German word the article uses as a name ("in Freiburg"): see ``germannouns``."""
        return len(words) == 1 and words[0].lower() in usage.names

    tags: list[str] = []
    for candidate in candidates:
        if len(tags) >= _ENOUGH:
            break
        if about is not None and not about(candidate):
            continue
        # judged as the article writes it ("kommenden Monaten" is a piece of a sentence), then
        # tagged in its plain form ("Teilnehmern" -> "Teilnehmer")
        known = make_tag(candidate.words, language).lower() in established
        if candidate.described and not known:
            continue  # a description, not a name or an established topic
        if problem(
            candidate.words,
            language,
            named=candidate.named,
            established=known,
            proven=proven(candidate.words),
        ):
            continue
        words = _plain_form(candidate.words, language, sentences, usage.names)
        # only a changed form needs judging again ("Teilnehmer" for "Teilnehmern"); a word that
        # declines is no name, whatever the article's prepositions said ("in Massen"), unless
        # they said so of its plain form ("Russlands" and "in Russland")
        if words != tuple(candidate.words) and problem(
            words, language, named=candidate.named, established=known, proven=proven(words)
        ):
            continue
        tags.append(make_tag(words, language))
    return tags


def _plain_form(
    words: Sequence[str], language: str, sentences: Sequence[str], names: frozenset[str]
) -> tuple[str, ...]:
    """A term as a tag names it: a German adjective and noun in the nominative, as the article
    writes them after a determiner ("im Zweiten Weltkrieg" -> "Zweiter Weltkrieg"), a German noun
    in a genitive the article shows ("des Grundgesetzes" -> "Grundgesetz", "Russlands" of "in
    Russland" -> "Russland"), else each word's
    case ending undone by word frequencies ("Teilnehmern" -> "Teilnehmer")."""
    if language == "de" and len(words) == 2 and words[1][:1].isupper():
        found = nominative(words[0], words[1], sentences)
        if found:
            return found
    if language == "de" and len(words) == 1:
        plain = plain_noun(words[0], sentences, names)
        if plain:
            return (plain,)
    return base_form(words, language)


def suggest_hashtags(
    text: str,
    title: str = "",
    *,
    language: str | None = None,
    site_name: str | None = None,
    own: Iterable[str] = (),
    policy: TagPolicy | None = None,
    suggested: Sequence[str] = (),
    ranked: Sequence[Keyphrase] | None = None,
    limit: int = 12,
) -> list[Hashtag]:
    """The article's hashtags, best first, each with its kind (see the module docstring).

    ``suggested`` are tags a language model proposed; each is kept only when it is a well-formed
    tag of the curated vocabulary or its words are in the text, and passes the rules.
    """
    policy = policy or TagPolicy()
    language = language.lower().split("-")[0] if language else guess_language(f"{title}\n{text}")
    pool = _Pool(language or "en")
    for raw in own:
        tag = _valid_own(raw)
        if tag:
            pool.add(tag, "own", overlap_ok=True)
    organisation = organisation_tag(policy.organisation) or site_tag(
        site_name, language, people=policy.people
    )
    if organisation:
        pool.add(organisation, "organisation", overlap_ok=True)
    if language not in SUPPORTED:
        return _finish(pool.tags, policy, limit)
    from socialpub.compose import topics

    vocabulary = topics.vocabulary_keys(language)
    topical: list[str] = []
    if policy.topics:
        # cue words first: a topic the title names and the text repeats is surer than the
        # model's reading of the title and lead, which adds topics the words do not name
        topical = topics.local_topic_tags(title, text, language)
    established = _established(topical, language)
    entities = _entity_tags(text, title, language, policy.people, ranked, established)
    if policy.topics and language == "en":
        found = topics.topic_tags(title, text, ranked_words=entities[:8])
        topical += [tag for tag in found if tag not in topical]
    topical += _validated_suggestions(suggested, text, language, vocabulary)
    named = _established_forms(entities, topical, pool.language)
    # what the article names leads: three entities, then one topic, then the rest of both
    # (measured: topics placed earlier displaced entities the sites' own tags matched)
    for tag, kind in named[:3]:
        pool.add(tag, kind, covers=True)
    for tag in topical:
        if pool.add(tag, "topic", overlap_ok=True):
            break  # one topic here; one the entities already hold gives way to the next
    for tag, kind in named[3:]:
        pool.add(tag, kind, covers=True)
    for tag in topical:
        pool.add(tag, "topic", overlap_ok=True)
    return _finish(pool.tags, policy, limit)


def _established(topical: Sequence[str], language: str) -> frozenset[str]:
    """Tags whose words may be common because people follow them as written: the vocabulary's
    phrases ("#PublicHealth"), but its single words ("#Community", "#Government") only when
    the article is about that topic; mentioned in passing they are generic words."""
    from socialpub.compose import topics

    if language in CJK:
        return topics.vocabulary_keys(language)
    return _phrases(language) | {t.lower() for t in topical}


@cache
def _phrases(language: str) -> frozenset[str]:
    from socialpub.compose import topics

    return frozenset(t.lower() for t in topics.vocabulary_tags(language) if len(tag_words(t)) > 1)


def _established_forms(
    entities: Sequence[str], topical: Sequence[str], language: str
) -> list[tuple[str, Kind]]:
    """The entities, each written as the topic tag it is another form of ("Fotografieren" ->
    "Fotografie", "Vaccine" -> "Vaccines"): people follow the established spelling."""
    established = {tag_key(t, language): t for t in reversed(topical)}
    out: list[tuple[str, Kind]] = []
    for tag in entities:
        topic = established.get(tag_key(tag, language))
        out.append((topic, "topic") if topic else (tag, "entity"))
    return out


def _validated_suggestions(
    suggested: Sequence[str], text: str, language: str, vocabulary: frozenset[str]
) -> list[str]:
    out = []
    low_text = text.lower()
    for raw in suggested:
        tag = _valid_own(raw)
        if not tag or len(tag) > MAX_TAG_LENGTH:
            continue
        words = tag_words(tag) if language not in CJK else [tag]
        in_text = all(w.lower() in low_text for w in words)
        known = tag.lower() in vocabulary
        if (known or in_text) and problem(words, language, named=True, established=known) is None:
            out.append(tag)
    return out


def _finish(tags: list[Hashtag], policy: TagPolicy, limit: int) -> list[Hashtag]:
    out: list[Hashtag] = []
    seen: set[str] = set()
    for item in tags:
        tag = preferred_form(item.tag, policy.preferred)
        if tag.lower() in seen or (item.kind != "own" and blocked_by(tag, policy.blocked)):
            continue
        seen.add(tag.lower())
        out.append(Hashtag(tag, item.kind))
    return out[:limit]


# ---------------------------------------------------------------------------------------------
# policy


def preferred_form(tag: str, preferred: Mapping[str, Sequence[str]]) -> str:
    """The organisation's preferred tag when ``tag`` is one of its synonyms (any case)."""
    low = tag.lstrip("#").lower()
    for chosen, synonyms in preferred.items():
        if low == chosen.lstrip("#").lower():
            return chosen.lstrip("#")
        if any(low == s.lstrip("#").lower() for s in synonyms):
            return chosen.lstrip("#")
    return tag


def blocked_by(tag: str, patterns: Sequence[str]) -> bool:
    """Whether any of ``patterns`` blocks ``tag``, case-insensitively.

    A pattern is a tag ("Crypto": also blocks "#crypto" and "#Cryptos" by stem), a prefix ending
    in ``*`` ("Sponsored*"), or a regular expression between slashes ("/^ad\\d+$/").
    """
    body = tag.lstrip("#")
    low = body.lower()
    for raw in patterns:
        pattern = raw.strip().lstrip("#")
        if not pattern:
            continue
        if len(pattern) > 2 and pattern.startswith("/") and pattern.endswith("/"):
            try:
                if re.search(pattern[1:-1], body, re.IGNORECASE):
                    return True
            except re.error:
                continue  # settings reject a bad expression; never fail a post on one
        elif pattern.endswith("*"):
            if low.startswith(pattern[:-1].lower()):
                return True
        elif low == pattern.lower() or tag_key(body) == tag_key(pattern):
            return True
    return False


def candidate_tags(
    ranked: Sequence[Keyphrase],
    own: Iterable[str] = (),
    *,
    limit: int = 12,
    language: str = "en",
) -> list[str]:
    """Tags from a keyphrase ranking alone, for callers that hold no text (the older contract).

    Prefer ``suggest_hashtags``: with the text it also finds whole names, people and topics.
    """
    pool = _Pool(language)
    for raw in own:
        tag = _valid_own(raw)
        if tag:
            pool.add(tag, "own", overlap_ok=True)
    if language not in SUPPORTED:
        return [h.tag for h in pool.tags][:limit]
    ordered = sorted(ranked, key=lambda k: -k.score * (_NAME_OR_TERM if k.term or k.proper else 1))
    for phrase in ordered:
        if len(pool.tags) >= limit:
            break
        if phrase.term:
            words = phrase.term.split()
            named = all(w[:1].isupper() for w in words)
            if problem(words, language, named=named) is None and pool.add(
                make_tag(words, language), "entity"
            ):
                continue
        if phrase.count >= 2 or phrase.proper:
            word = phrase.text if phrase.proper else phrase.text.lower()
            if problem([word], language, named=phrase.proper) is None:
                pool.add(make_tag([word], language), "entity")
    return [h.tag for h in pool.tags][:limit]


def choose(
    candidates: Sequence[str],
    count: int,
    always: Sequence[str] = (),
    blocked: Sequence[str] = (),
    preferred: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The tags one post carries: ``always`` first, then the best unblocked candidates.

    ``count`` is the total; the account's own ``always`` tags are kept even beyond it. Blocked
    tags are matched as ``blocked_by`` says; a synonym gives way to the organisation's preferred
    tag.
    """
    preferred = preferred or {}
    chosen: list[str] = []
    keys: set[tuple[str, ...]] = set()
    for tag in always:
        tag = tag.strip().lstrip("#")
        if not PIECE.fullmatch(tag):
            tag = camel_case(tag)  # "Open Science" or "open-science" -> "OpenScience"
        tag = preferred_form(tag, preferred)
        if tag and tag_key(tag) not in keys:
            keys.add(tag_key(tag))
            chosen.append(tag)
    for tag in candidates:
        if len(chosen) >= max(count, len(always)) or count <= 0:
            break
        tag = preferred_form(tag, preferred)
        key = tag_key(tag)
        if key in keys or blocked_by(tag, blocked):
            continue
        keys.add(key)
        chosen.append(tag)
    return chosen


def lowercase_multiword(tags: Iterable[str], language: str = "en") -> list[str]:
    """The tags a person typed all in lower case though they hold several words (for warnings)."""
    return [t for t in tags if is_lower_multiword(t, language)]


def common_word(word: str, language: str = "en") -> float:
    """Zipf frequency of ``word``; re-exported for the quality benchmark's checks."""
    return zipf(word, language)
