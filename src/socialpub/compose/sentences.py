"""Sentence splitting and word tokens, for the languages socialpub supports.

A sentence ends at terminal punctuation (``. ! ? …`` and the full-width ``。！？``) followed by the
start of another sentence, except where the full stop belongs to an abbreviation ("Dr.",
"z. B.", "M."), an initial ("J. Smith"), a decimal ("3.5") or a German ordinal ("am 3. Oktober").
A boundary inside a quotation does not count: "“We are delighted. It is a first,” she said." is one
sentence, so a summary never carries half of somebody's words. Line breaks always end a sentence,
because cleaned articles keep one paragraph per line.

Everything here is linear in the length of the text: one pass of one regular expression per
line, with no backtracking across the line.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

import regex

from socialpub.compose.lexicon import words_of

_ABBREVIATIONS = words_of(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon rt pres
    supt insp det cpl pvt maj brig inc ltd co corp plc llc bros dept univ assn est approx
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun vs etc al cf eg ie viz no nos vol vols pp p fig figs ed eds op cit ibid ch sec art
    a.m p.m e.g i.e u.s u.k u.n e.u d.c n.y l.a
    z.b bzw ca nr hr fr frl usw u.a d.h vgl ggf evtl inkl bzgl abs str tel geb gest mio mrd
    m mme mlle mm me mgr av bd p.ex env cf c.-à-d
    sra srta dña dña ud uds núm pág p.ej aprox
    sig sigg dott ing avv pag ecc
    exmo exma dra
    dhr mevr mw bijv enz nl o.a d.w.z jl
    """
)
# Quotation marks: which character closes each opener. German opens with „ and closes with “,
# French uses « », Chinese and Japanese 「」『』; a straight double quote closes itself.
_CLOSERS: dict[str, str] = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "‹": "›",
    "「": "」",
    "『": "』",
    "《": "》",
    '"': '"',
}
_CJK_END = "。！？"
# A candidate boundary: terminal punctuation, any closing quotes or brackets, then either
# whitespace before what can start a sentence, or (after full-width punctuation) anything.
_BOUNDARY = regex.compile(
    r"""
    (?P<punct>[.!?…]+|[。！？]+)
    (?P<close>["'”“’»›」』)\]）*†]*)  # “ closes a German quotation: „So.“; * marks a note
    (?P<space>\s+(?=["'“‘«„「『(\[\p{Lu}\p{Lo}\d¿¡])|(?<=[。！？]["'”’」』）]*)(?=\S))
    """,
    regex.VERBOSE,
)
# (?r) searches from the end: these look at the end of the sentence so far, and a forward
# search tried every position of it (a third of the time tagging a news article took)
_WORD_BEFORE = regex.compile(r"(?r)([\w.\-]+)$")
_ORDINAL_BEFORE = regex.compile(r"(?r)(?<!\d)\d{1,2}$")
# A longer number is an ordinal too after an article or a preposition fused with one:
# "zum 100. Geburtstag", "des 250. Jubiläums"; after other words ("seit 2020.") it ends a sentence.
_LONG_ORDINAL_BEFORE = regex.compile(
    r"(?r)(?<!\w)(?:zum|zur|am|im|vom|beim|ins|der|die|das|den|dem|des|ein|eine|einem|einen|einer|"
    r"seinem|seinen|seiner|ihrem|ihren|ihrer|unserem|unseren)\s+\d{3,4}$",
    regex.IGNORECASE,
)
# German gender-inclusive nouns ("Athlet*innen", "Nutzer:innen", "Kund*in") are one word: cut at
# the mark they left "Athlet" and "Ökostromkund" to be ranked and tagged
WORD_PATTERN = r"[^\W_](?:[\w]|['’\-.&](?=[^\W_])|[*:](?=in(?:nen)?(?!\w)))*"
_WORD = regex.compile(WORD_PATTERN)
# compiled once: regex.fullmatch(pattern, ...) looks its cache up on every candidate full stop
_DOTTED_ACRONYM = regex.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def _is_abbreviation(before: str, punct: str, language: str | None) -> bool:
    if punct != ".":
        return False
    if language == "de" and (_ORDINAL_BEFORE.search(before) or _LONG_ORDINAL_BEFORE.search(before)):
        return True  # "am 3. Oktober", "der 2. Platz", "zum 100. Geburtstag"
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha() and not before[: match.start()].endswith(("'", "’")):
        return True  # an initial: "J. Smith"; not the "s" of "George's."
    # dotted acronyms such as "U.S" or "a.m" are abbreviations whatever the letters
    return bool(_DOTTED_ACRONYM.fullmatch(word))


_QUOTE_MARK = regex.compile(
    "[" + regex.escape("".join({*_CLOSERS, *"".join(_CLOSERS.values())})) + "]"
)


def _quote_depths(line: str) -> tuple[list[int], list[int]] | None:
    """Where quotations open and close: (positions, quotations open just after each), or
    ``None`` when the line's quotes do not pair and so cannot guide the split."""
    positions: list[int] = []
    depths: list[int] = []
    stack: list[str] = []
    for match in _QUOTE_MARK.finditer(line):  # only the quote marks, not every character
        char = match.group(0)
        if stack and char in _CLOSERS[stack[-1]]:
            stack.pop()
        elif char in _CLOSERS:
            stack.append(char)
        else:
            continue
        positions.append(match.start())
        depths.append(len(stack))
    return None if stack else (positions, depths)


def _inside_quote(quotes: tuple[list[int], list[int]] | None, at: int) -> bool:
    if not quotes or not quotes[0]:
        return False
    index = bisect_right(quotes[0], at) - 1
    return index >= 0 and quotes[1][index] > 0


def _split_line(line: str, language: str | None) -> list[str]:
    quotes = _quote_depths(line)
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        end = match.end("close")
        if _inside_quote(quotes, end - 1):
            continue  # inside a quotation
        if _is_abbreviation(line[start : match.start("punct")], match.group("punct"), language):
            continue
        sentence = line[start:end].strip()
        if sentence:
            out.append(sentence)
        start = match.end()
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """Split ``text`` into sentences, in order, each stripped; empty input gives ``[]``."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.extend(_split_line(line, language))
    return out


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does: terminal punctuation, maybe inside quotes."""
    stripped = text.rstrip().rstrip("\"'”’»›」』)]）*†")
    return stripped.endswith((".", "!", "?", "…", *_CJK_END))


class Token(NamedTuple):
    """A word and where it stands (a tuple: made for every word of every article)."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Word tokens with their offsets; keeps "CAR-T", "U.S", "don't" and "3.5" whole."""
    return [Token(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    return [m.group(0) for m in _WORD.finditer(text)]
