"""Sentence splitting and word tokens for English prose.

A full stop ends a sentence only when it is not part of an abbreviation ("Dr.", "U.S.", "e.g."),
an initial ("J. Smith"), a decimal ("3.5") or an ellipsis inside a quote; line breaks always end
one, because cleaned articles keep one paragraph per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from socialpub.compose.lexicon import words_of

_ABBREVIATIONS = words_of(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    supt insp det cpl pvt maj brig inc ltd co corp plc llc bros dept univ assn est approx
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun vs etc al cf eg ie viz no nos vol vols pp p fig figs ed eds op cit ibid ch sec art
    a.m p.m e.g i.e u.s u.k u.n e.u d.c n.y l.a
    """
)

# A candidate boundary: terminal punctuation, any closing quotes or brackets, then whitespace.
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
_WORD = re.compile(r"[^\W_](?:[\w]|['’\-.&](?=[^\W_]))*")


def _is_abbreviation(before: str, punct: str) -> bool:
    if punct != ".":
        return False
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    # dotted acronyms such as "U.S" or "a.m" are abbreviations whatever the letters
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, in order, each stripped; empty input gives ``[]``."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            end = match.end(2)
            if _is_abbreviation(line[start : match.start(1)], match.group(1)):
                continue
            sentence = line[start:end].strip()
            if sentence:
                out.append(sentence)
            start = match.end()
        tail = line[start:].strip()
        if tail:
            out.append(tail)
    return out


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Word tokens with their offsets; keeps "CAR-T", "U.S", "don't" and "3.5" whole."""
    return [Token(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    return [m.group(0) for m in _WORD.finditer(text)]
