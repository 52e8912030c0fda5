"""BERT's uncased WordPiece tokenizer, in plain Python, for any vocabulary.

Shared by the MiniLM forward pass (``minilm``, which adds [CLS] and [SEP]) and the static
embedding table distilled from it (``staticembed``, whose vocabulary is a subset of MiniLM's):
both must split text into the same pieces for the table to stand in for the model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

MAX_WORD_CHARS = 100  # longer "words" are markup or data, not language (BERT's own limit)


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenizer, uncased: lower case, accents off, punctuation split off."""
    text = _ACCENTS.sub("", unicodedata.normalize("NFD", text.lower()))
    if text.isascii():  # most English text, once accents are off: one expression does it
        return _ASCII_TOKENS.findall(text)
    return _basic_tokens_by_char(text)


# in ASCII, BERT's punctuation is every printable character that is neither letter, digit nor
# space, and control characters are spaces
_ASCII_TOKENS = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")
_ACCENTS = re.compile("[\u0300-\u036f]")  # combining diacritical marks, all of category Mn


def _basic_tokens_by_char(text: str) -> list[str]:
    spaced = []
    for char in text:
        if unicodedata.category(char) == "Mn":
            continue
        if _is_punctuation(char) or _is_cjk(char):
            spaced.append(f" {char} ")
        elif char.isspace() or unicodedata.category(char).startswith("C"):
            spaced.append(" ")
        else:
            spaced.append(char)
    return "".join(spaced).split()


def _pieces(word: str, vocab: Mapping[str, int]) -> list[int] | None:
    """Greedy longest-match-first pieces of one word, or None when the vocabulary lacks one."""
    pieces: list[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return None
        pieces.append(found)
        start = end
    return pieces


def tokenize(
    text: str, vocab: Mapping[str, int], limit: int, unknown: int | None = None
) -> list[int]:
    """The first ``limit`` WordPiece ids of ``text`` (no [CLS] or [SEP]).

    A word the vocabulary cannot spell becomes ``unknown``, or is left out when that is None.
    """
    ids: list[int] = []
    for word in basic_tokens(text):
        if len(ids) >= limit:
            break
        pieces = _pieces(word, vocab) if len(word) <= MAX_WORD_CHARS else None
        if pieces is not None:
            ids.extend(pieces)
        elif unknown is not None:
            ids.append(unknown)
    return ids[:limit]
