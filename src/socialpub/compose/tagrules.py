"""What makes a hashtag one a communications office would post, per language.

Pure rules over the words a tag is made of, as the article writes them. ``problem`` names the
first rule a candidate breaks (or None); the engine uses it to drop candidates and the quality
benchmark uses it to count bad tags. Word frequencies come from ``commonness`` (wordfreq data);
word lists from ``lexicon``.

Casing: Latin-script tags are CamelCase, each word's own capitals kept ("iPad", "COVID19",
"UniversityOfLeeds") because screen readers read CamelCase tags word by word. Chinese, Japanese
and Korean tags are whole terms with no CamelCase and no spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import regex

from socialpub.compose.commonness import zipf
from socialpub.compose.language import LATIN_LETTERS
from socialpub.compose.lexicon import (
    DATE_WORDS,
    FUNCTION_WORDS,
    INSTITUTION_WORDS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    SENTENCE_CASE_LANGUAGES,
    strip_elision,
    words_of,
)
from socialpub.compose.tagforms import joins_two_things

SUPPORTED = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja", "ko"})
CJK = frozenset({"zh", "ja", "ko"})
MAX_TAG_LENGTH = 30  # a longer name is left out whole, never cut
_MAX_ACRONYM = 5
# Zipf frequency from which a single word the article writes in lower case is too common to
# follow: "researchers" (4.4), "company" (5.6) and "treatment" (4.6) are out; "vaccine" (4.0),
# "myeloma" (2.5) and "ransomware" stay.
GENERIC_ZIPF = 4.2
GENERIC_PHRASE_ZIPF = 5.0  # every word of a common-noun phrase this common: "young people"
CJK_GENERIC_ZIPF = 4.8
# A tag's letters and digits. The ``regex`` module counts combining marks as word characters, as
# Unicode does, so a Devanagari or Burmese vowel sign stays inside its word; ``re`` would split
# "हिंदी" at its signs and drop them.
PIECE = regex.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?:s)?")
_NUMBERISH = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|s|%)?|[ivxlc]+", re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_PLURAL_S = re.compile(r"[a-z]{3,}[^su]s")
_EN_VERB_FORMS = words_of(
    """
    found finds shows showed show says said reveals revealed warns warned launches launched
    wins won gets got makes made takes took hits calls called plans planned
    """
)
_EN_NOT_NOUN = ("ed", "ing", "ly", "ous", "ful", "ible", "able", "al", "ic", "ive", "ish", "less")
_DE_INFLECTED = ("en", "em", "er", "es")
_CONTRACTION = re.compile(r"[a-z]'(?:t|re|ve|ll|d|m)$", re.IGNORECASE)
_KO_VERB_ENDINGS = tuple(words_of("다 고 며 면 서 지만 는데 니다 했다 하는 된 한"))
# a noun for people of every gender ("Athlet*innen", "Nutzer:innen", "Kund_innen", "LeserInnen"):
# a hashtag cannot hold the mark, and without it the word says something else ("Athletinnen")
_GENDER_MARKED = re.compile(r"\w[*:_]in(?:nen)?$|[a-zäöüß]Innen$")


def _tag_piece(piece: str) -> str:
    if piece.isupper() and len(piece) > _MAX_ACRONYM:
        return piece.capitalize()  # a shouted headline word, not an acronym
    return piece if any(c.isupper() for c in piece) else piece[:1].upper() + piece[1:]


def make_tag(words: Sequence[str], language: str = "en") -> str:
    """The tag for a term as the article writes it: CamelCase, or a whole CJK term."""
    if language in CJK:
        return "".join("".join(PIECE.findall(w)) for w in words)
    pieces: list[str] = []
    for word in words:
        word = strip_elision(word).replace("'s", "").replace("’s", "")
        pieces.extend(_tag_piece(p) for p in PIECE.findall(word))
    return "".join(pieces)


# English adjectives of a nation, a region or a faith: a tag of one alone (#British, #Mexican,
# #Democratic) names no thing people follow; the noun does (#Britain, #Mexico, #Democrats).
# "Caribbean" and "Mediterranean" are left out: they are also the regions' names.
_PEOPLES_EN = words_of(
    """american british english french german spanish italian portuguese dutch chinese japanese
    korean russian ukrainian indian pakistani african european asian mexican canadian australian
    irish scottish welsh israeli palestinian iranian iraqi syrian turkish greek swedish norwegian
    danish finnish polish brazilian argentine argentinian colombian venezuelan cuban haitian
    jamaican nigerian kenyan egyptian saudi afghan arab arabic muslim jewish catholic protestant
    democratic republican hispanic nordic scandinavian belgian swiss
    austrian czech hungarian romanian bulgarian serbian croatian vietnamese thai filipino
    indonesian malaysian taiwanese"""
)
# A colour or hash written in hexadecimal ("B0C4DE"): page code, not a word
_HEX_CODE = re.compile(r"(?=[a-f]*\d)(?=\d*[a-f])[\da-f]{6}", re.IGNORECASE)


def _is_number(word: str) -> bool:
    return bool(_NUMBERISH.fullmatch(word)) or word.lower() in NUMBER_WORDS


# German joins a time of day to its day: "Samstagfrüh", "Sonntagabend", "Montagmorgen".
_DAY_AND_TIME = re.compile(
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|gestern|heute|morgen)"
    r"(?:früh|morgen|vormittag|mittag|nachmittag|abend|nacht)",
    re.IGNORECASE,
)


def _is_date(word: str) -> bool:
    return (
        word.lower() in DATE_WORDS
        or bool(_YEAR.fullmatch(word))
        or bool(_DAY_AND_TIME.fullmatch(word))
    )


# A place name this current in its language is the setting of most of what is written in it: a
# reviewer deleted #Deutschland from all 17 German pages it reached, and kept #Österreich (5.2),
# #München (5.3) and #Hamburg (5.2).
_BROAD_NAME_ZIPF = 5.5


def _generic_word(word: str, language: str, *, named: bool, proven: bool) -> bool:
    """A single word too common to be worth following in ``language``."""
    low = word.lower()
    local = zipf(low, language)
    if local < GENERIC_ZIPF:
        return False
    if not named or low in INSTITUTION_WORDS:
        return True  # "#University", "#Council": the rest of the name is missing
    if language != "de":
        return False  # capitalised mid-sentence: a name ("Apple", "Amazônia"), whatever its rank
    if proven and local < _BROAD_NAME_ZIPF:
        return False  # "in Freiburg": a name (as current as "Jahr", "Deutschland" places nothing)
    # German writes every noun capitalised: a capital proves nothing there, so without the
    # article's evidence (``germannouns``) a word counts as a name only when it is also current
    # in English ("Berlin", "Merkel"), not just locally ("Regierung", "Universität").
    return zipf(low, "en") < local - 1.5


# Future and conditional third persons plural: "deberán", "habrían", "seriam"; and Spanish and
# Portuguese preterite plurals: "aprobaron", "enviaram". No noun ends so.
_ROMANCE_CONJUGATED = {
    "es": ("rán", "rían", "aron", "ieron"),
    "pt": ("rão", "riam", "aram", "eram", "iram"),
    "it": ("ranno", "rebbero"),
    "fr": ("ront", "raient"),
}
# A reflexive infinitive: "dictarse", "farsi", "tornar-se". Other pronouns are left alone:
# nouns end so too ("charla", "perla", "Carlo").
_REFLEXIVE_INFINITIVE = {
    "es": re.compile(r"[aeií]rse$"),
    "it": re.compile(r"[aei]rsi$"),
    "pt": re.compile(r"[aei]r-se$"),
}
# A French adverb before a past participle: "correctement utilisé".
_FR_ADVERB = re.compile(r"ement$")
_FR_PARTICIPLE = re.compile(r"(?:é|ée|és|ées)$")


def _verb_phrase(words: Sequence[str], language: str, *, named: bool) -> bool:
    if named:
        return False
    lows = [w.lower() for w in words]
    if language == "en":
        if len(words) == 1:  # past tenses, participles, adverbs, adjectives: "Fabulous"
            return lows[0].endswith(_EN_NOT_NOUN)
        if lows[-1] in _EN_VERB_FORMS or lows[-1].endswith(("ed", "ly")):
            return True
        for low in lows[:-1]:
            if low.endswith(("ed", "ing", "ly")) or _PLURAL_S.fullmatch(low):
                return True  # "NeanderthalsUsingBirch", "ResearchersFound"
        return False
    if language == "de":
        if words[-1][:1].islower():
            return True  # nouns are capitalised; verbs are not
        # an inflected adjective first is a piece of a sentence: "richtigen Pflege"
        return len(words) > 1 and words[0][:1].islower() and lows[0].endswith(_DE_INFLECTED)
    if language in ("fr", "es", "it", "pt"):
        if len(words) == 1:
            return lows[0].endswith(("ment", "mente"))  # adverbs
        if any(w.endswith(_ROMANCE_CONJUGATED.get(language, ())) and len(w) > 5 for w in lows):
            return True  # "InstitucionesDeberán": a future tense
        last = lows[-1]
        reflexive = _REFLEXIVE_INFINITIVE.get(language)
        if reflexive and len(last) > 6 and reflexive.search(last):
            return True  # "PodríaDictarse"
        if language == "fr" and _FR_ADVERB.search(lows[-2]) and _FR_PARTICIPLE.search(last):
            return True  # "CorrectementUtilisé"
        # French present participles do not agree: after a plural noun, "-ant" is a verb
        # ("BateauxTransportant"), where a noun or adjective would be plural too ("Enfants")
        if language == "fr" and last.endswith("ant") and lows[-2].endswith(("s", "x")):
            return True
        return last.endswith(("er", "ir", "ar", "re")) and len(last) > 4
    if language == "ko":
        return lows[-1].endswith(_KO_VERB_ENDINGS)
    return False


# a letter of no Latin alphabet: what the Latin-script rules cannot judge
_OTHER_LETTER = re.compile(rf"[^\W\d{LATIN_LETTERS}_]")
_WEB_ADDRESS_PIECES = frozenset({"http", "https", "www", "html", "htm", "php", "com"})


def problem(
    words: Sequence[str],
    language: str,
    *,
    named: bool = False,
    established: bool = False,
    proven: bool = False,
) -> str | None:
    """The first rule a candidate tag breaks, or None when it is a good tag.

    ``words`` are the term's words as the article writes them; ``named`` says the article writes
    the term like a name (capitalised mid-sentence, or inner capitals); ``established`` says it is
    a known topic tag of the curated vocabulary, so its words may be common ("#PublicHealth");
    ``proven`` says the article's usage shows a named single word is a name where its capital
    cannot (German "in Freiburg", never "die Freiburg": ``germannouns``).
    """
    if language not in SUPPORTED:
        return "unsupported language"
    words = [strip_elision(w.replace("’", "'")) for w in words if PIECE.search(w)]
    if not words:
        return "empty"
    if language not in CJK and any(_CONTRACTION.search(w) for w in words):
        return "verb phrase"  # "Doesn't Require", "We're"
    tag = make_tag(words, language)
    if language not in CJK and not established and any(_is_date(w) for w in words):
        return "date"
    if language not in CJK and all(_is_number(w) for w in words):
        return "bare number"
    if len(tag) < 2:
        return "too short"
    if tag.lower() in _WEB_ADDRESS_PIECES:
        return "piece of a web address"
    if language not in CJK and _OTHER_LETTER.search(tag):
        return "not the article's script"  # Bengali letters judged by English rules
    if len(tag) > MAX_TAG_LENGTH:
        return "too long"
    if language not in CJK and any(_GENDER_MARKED.search(w) for w in words):
        return "gender-marked noun"
    lows = [w.lower() for w in words]
    function_words = FUNCTION_WORDS[language]
    if language in CJK:
        return _cjk_problem(tag, language, established=established)
    # a hyphenated word's parts count too: "All-New" starts with "all"
    first = PIECE.findall(lows[0])[0]
    last = PIECE.findall(lows[-1])[-1]
    # a capitalised article opens a name in the Romance languages and Dutch: "El Salvador",
    # "La Rochelle", "De Bilt" (names keep it only when the article writes it so mid-sentence)
    article_name = (
        named and language in SENTENCE_CASE_LANGUAGES and len(words) > 1 and words[0][:1].isupper()
    )
    ends = {lows[-1], last} if article_name else {lows[0], lows[-1], first, last}
    if ends & function_words:
        return "function word at an end"
    if not established and joins_two_things(words, language, named=named):
        return "two things joined"  # "FrenzelUndWeber", "AnlaufenDesGeschäfts"
    if not established and any(_is_date(w) for w in words):
        return "date"  # a curated topic may hold a month's name: "#MarchMadness"
    if all(_is_number(w) for w in words):
        return "bare number"
    if _HEX_CODE.fullmatch(tag):
        return "page code"
    if language == "en" and len(lows) == 1 and lows[0] in _PEOPLES_EN and not established:
        return "adjective of a people"
    if not established:
        if len(words) == 1 and _generic_word(words[0], language, named=named, proven=proven):
            return "generic common word"
        if (
            len(words) > 1
            and not named
            and all(zipf(w, language) >= GENERIC_PHRASE_ZIPF for w in lows)
        ):
            return "generic phrase"
    if _verb_phrase(words, language, named=named):
        return "verb phrase"
    # German capitals prove no name: "4,5 Millionen Euro" counts (but "Zweiter Weltkrieg" names)
    german_count = language == "de" and lows[0] in NUMBER_WORDS
    if (
        (not named or german_count)
        and not established
        and len(words) > 1
        and _counts_something(lows[0])
    ):
        return "number phrase"  # "#FirstOffence", "#VingtCinqAns": a quantity, not a thing
    if language == "en" and not named and not established and _superlative(lows[0]):
        return "superlative phrase"  # "#OldestPubs", "#BiggestReason": a judgement, no thing
    return None


def _superlative(word: str) -> bool:
    """An English superlative: "oldest", "biggest", "latest", "happiest". Not "forest" or
    "interest": what is left of those is a function word or a rare one."""
    if not word.endswith("est") or len(word) < 6 or word in _NOT_SUPERLATIVES:
        return False
    stem = word[:-3]
    bases = {stem, stem + "e"}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        bases.add(stem[:-1])  # biggest -> big
    if stem.endswith("i"):
        bases.add(stem[:-1] + "y")  # happiest -> happy
    return any(
        base not in FUNCTION_WORDS["en"] and zipf(base, "en") >= _SUPERLATIVE_BASE_ZIPF
        for base in bases
    )


_SUPERLATIVE_BASE_ZIPF = 4.0
# words in -est whose remainder is a word too, yet no superlatives
_NOT_SUPERLATIVES = words_of("interest digest modest earnest arrest honest unrest behest")


def _counts_something(word: str) -> bool:
    """A phrase's first word that makes it a quantity or a rank ("#FinalFour" ends in one)."""
    return (
        word in NUMBER_WORDS
        or word in ORDINAL_WORDS
        or any(part in NUMBER_WORDS for part in word.split("-"))
    )


def _cjk_problem(tag: str, language: str, *, established: bool) -> str | None:
    function_words = FUNCTION_WORDS[language]
    # Korean particles are stripped before; its one-syllable words abound, so only zh and ja
    if language != "ko" and any(
        tag.startswith(f) or tag.endswith(f) for f in function_words if len(f) == 1
    ):
        return "function word at an end"
    if tag in function_words:
        return "function word at an end"
    if re.search(r"\d+[年月日]", tag):
        return "date"
    if _is_number(tag) or re.fullmatch(r"[\d号時分]+", tag):
        return "bare number"
    script = {"zh": _HAN, "ja": _HAN, "ko": _HANGUL}[language]
    if language == "ja" and not (script.search(tag) or _KANA.search(tag)):
        return None if re.search("[A-Za-z]", tag) else "no term"
    if not established and zipf(tag, language) >= CJK_GENERIC_ZIPF:
        return "generic common word"
    if len(tag) > 12:
        return "too long"  # a clause, not a term
    if _verb_phrase([tag], language, named=False):
        return "verb phrase"
    return None


def is_lower_multiword(tag: str, language: str = "en") -> bool:
    """True for a tag typed all in lower case that reads as several words: "#climatechange".

    ``preview`` warns about these: screen readers cannot split them, CamelCase fixes that. A
    single word ("#science") and anything with a capital, digit or non-Latin letter is fine.
    """
    body = unicodedata.normalize("NFC", tag.lstrip("#"))
    if len(body) < 6 or not body.isalpha() or not body.islower() or not body.isascii():
        return False
    lang = language if language in SUPPORTED and language not in CJK else "en"
    if zipf(body, lang) >= 2.0:
        return False  # itself a word
    return _splits_into_words(body, lang)


def _splits_into_words(body: str, language: str) -> bool:
    """Whether ``body`` is two or more known words run together ("climatechange")."""
    n = len(body)
    best = [0] + [-1] * n  # best[i]: most words covering body[:i], -1 when impossible
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end - 1):
            if best[start] >= 0 and zipf(body[start:end], language) >= 3.0:
                best[end] = max(best[end], best[start] + 1)
    return best[n] >= 2
