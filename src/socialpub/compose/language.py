"""Which language an article is written in, and what socialpub knows about each one it supports.

Detection is deliberately cheap (it runs on every preview and must not add start-up time): the
writing system decides Chinese, Japanese and Korean; for the Latin-script languages the share of
each language's most frequent function words decides, which is reliable on anything longer than a
couple of sentences. A page's own declaration (``<html lang>``, a feed's language) is used when the
text alone cannot tell, and is overruled when the text clearly says otherwise (templates often
declare ``lang="en"`` on pages in other languages). ``None`` means "not one we support, or not
enough text to tell": callers then make no language-specific choice (no hashtags, say).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from socialpub.compose.lexicon import words_of

SUPPORTED: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja", "ko")
CJK: frozenset[str] = frozenset({"zh", "ja", "ko"})

# The most frequent function words of each language, chosen to tell the languages apart: words
# shared by two of them ("de", "a", "en", "die") count for both and so decide nothing.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": words_of(
        "the of and to in is that for it with as was on be by this are at from have has had"
        " which were their been would will not but they he she its an or who said also more"
    ),
    "de": words_of(
        "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch"
        " es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über"
        " so zum war haben nur oder aber vor zur bis mehr durch man sein wurde"
    ),
    "fr": words_of(
        "le la les de des et à un une du en est que qui dans pour pas sur au par plus ce il"
        " avec se sont ont été aux cette son sa ses leur mais ou nous elle comme être"
    ),
    "es": words_of(
        "el la los las de del y en que un una por con para es se no al lo como más pero sus"
        " le ha fue este esta son entre cuando muy sin sobre también hasta desde está"
    ),
    "it": words_of(
        "il lo la i gli le di del della dei delle e è in che un una per con non si da al alla"
        " sono anche come più ma nel nella questo questa ha stato essere dalla degli"
    ),
    "pt": words_of(
        "o a os as de do da dos das e em no na nos nas que um uma para com não por se mais"
        " como mas foi ao à pelo pela são está também ele ela seu sua isso já"
    ),
    "nl": words_of(
        "de het een van en in is dat op te zijn met voor niet aan er om ook als bij door maar"
        " naar dan nog wel geen worden werd kan hij zij ze wordt hebben heeft uit over deze"
    ),
}
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿœ]+(?:['’][a-zà-öø-ÿ]+)?")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LETTER = re.compile(r"[^\W\d_]")
_SAMPLE = 6000  # characters: plenty to decide, and detection stays linear in a bounded sample
_MIN_WORDS = 8
_MIN_SHARE = 0.12  # of a text's words that are the language's function words
_MARGIN = 1.25  # the best language must beat the next by this factor to be trusted


def normalise_code(code: str | None) -> str | None:
    """``"en-GB"`` -> ``"en"``, ``"zh_Hant"`` -> ``"zh"``; ``None`` for an empty or odd value."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return base if re.fullmatch(r"[a-z]{2,3}", base) else None


def _by_script(sample: str, letters: int) -> str | None:
    letters = letters or 1
    hangul = len(_HANGUL.findall(sample))
    kana = len(_KANA.findall(sample))
    han = len(_HAN.findall(sample))
    if hangul / letters > 0.3:
        return "ko"
    if kana / letters > 0.05 and (kana + han) / letters > 0.3:
        return "ja"
    if han / letters > 0.3:
        return "zh"
    return None


# Basic Latin, Latin-1, Extended-A and -B and Extended Additional: the letters of the Latin
# alphabets (a character class body, shared with the tag rules)
LATIN_LETTERS = "A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ"
_LATIN_LETTER = re.compile(f"[{LATIN_LETTERS}]")
_MIN_LETTERS = 20
_MIN_LATIN_SHARE = 0.5


def _other_script(sample: str, letters: int) -> bool:
    """Most of the ``letters`` letters are of a script that is neither Latin nor Chinese,
    Japanese or Korean."""
    if letters < _MIN_LETTERS:
        return False
    return len(_LATIN_LETTER.findall(sample)) / letters < _MIN_LATIN_SHARE


def _by_function_words(sample: str) -> str | None:
    words = _LATIN_WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    counts = Counter(words)  # each distinct word looked up once per language
    shares = sorted(
        (
            (sum(counts[w] for w in counts.keys() & vocab) / len(words), code)
            for code, vocab in _FUNCTION_WORDS.items()
        ),
        reverse=True,
    )
    (best, code), (second, _) = shares[0], shares[1]
    if best >= _MIN_SHARE and best >= second * _MARGIN:
        return code
    return None


def detect_language(text: str, hints: Iterable[str | None] = ()) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when it is unsupported or unclear.

    ``hints`` are declarations in order of trust (``<html lang>``, a feed's language).
    """
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))  # counted once for both script checks
    found = _by_script(sample, letters) or _by_function_words(sample)
    if found:
        return found
    declared = [c for c in (normalise_code(h) for h in hints) if c]
    if _other_script(sample, letters):
        # Bengali, Arabic, Cyrillic...: none we support, whatever a template declares (a
        # Bengali news page said lang="en" and got "tags" of Bengali letters)
        return next((c for c in declared if c not in SUPPORTED), None)
    if declared:
        # a declared language the text does not contradict; an unsupported one is returned as
        # such so that callers can tell "Polish" from "unknown"
        return declared[0]
    return None


def is_supported(code: str | None) -> bool:
    return code in SUPPORTED
