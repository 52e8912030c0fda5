"""Text a paywall scrambled: letters shuffled so the page keeps its shape but reads as noise.

Some news sites send subscribers' articles to everyone with each word's letters replaced
("Bjagybpvymp Tfcfh dr Hqsemx, ahp Oogu iah fudvs …") and unscramble them in the browser. An
extractor takes that for the article, and its first sentence for the lead. A line is scrambled
when nearly all its longer words are in no word list of a Latin-script language: real prose, even
German with its compounds, a quotation in another language or a list of names, keeps its short
everyday words. (Chinese, Japanese and Korean are not written in words to look up.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from socialpub.compose.commonness import is_known

_LATIN = ("en", "de", "fr", "es", "it", "pt", "nl")
_WORD = re.compile(r"[a-zA-ZÀ-ÖØ-öø-ÿ]{3,}")
_BEYOND_LATIN_1 = re.compile(r"(?![\x00-\xff])[^\W\d_]")
_MIN_WORDS = 8  # fewer say too little: a heading of names and codes
_UNKNOWN_SHARE = 0.75  # German prose of compounds stays under a third; scrambling near 0.9


def scrambled(line: str, language: str) -> bool:
    """Whether ``line`` (of an article in ``language``) is a paywall's scrambled letters."""
    if language not in _LATIN or _BEYOND_LATIN_1.search(line):
        return False  # letters beyond Latin-1 ("ł", "ş", "ő"): another language, not noise
    words = _WORD.findall(line)
    if len(words) < _MIN_WORDS:
        return False
    # the article's own list and English first: the other lists load (tens of milliseconds
    # each) only for the rare line that those two do not read
    unknown = [w for w in words if not (is_known(w, language) or is_known(w, "en"))]
    if len(unknown) < _UNKNOWN_SHARE * len(words):
        return False
    still = sum(1 for w in unknown if not any(is_known(w, other) for other in _LATIN))
    return still >= _UNKNOWN_SHARE * len(words)


def readable(lines: Iterable[str], language: str) -> list[str]:
    """``lines`` without the scrambled ones; none when they make most of the text (its short
    lines are scrambled too, but too short to tell)."""
    lines = list(lines)
    kept = [line for line in lines if not scrambled(line, language)]
    if len(kept) == len(lines):
        return lines
    total = sum(len(line.split()) for line in lines)
    left = sum(len(line.split()) for line in kept)
    return kept if 2 * left > total else []
