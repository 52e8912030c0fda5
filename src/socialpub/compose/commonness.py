"""How common a word is in a language, from the word-frequency lists the ``wordfreq`` package ships.

The lists are read straight from the package's data files (gzipped msgpack, one bin of words per
centibel of frequency) rather than through ``import wordfreq``: that import pulls in ftfy and
langcodes and costs a third of a second every CLI command would pay. Only the "small" list of the
article's language is loaded (20-60 ms, once per process); no file is ever downloaded.
"""

from __future__ import annotations

import gzip
import importlib.util
from functools import cache
from pathlib import Path

LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja", "ko"})


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wordfreq")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def _table(language: str) -> dict[str, float]:
    """word -> Zipf frequency (log10 of occurrences per billion words) for ``language``."""
    import msgpack  # a dependency of wordfreq; imported here so start-up never pays for it

    folder = _data_dir()
    if language not in LANGUAGES or folder is None:
        return {}
    path = folder / f"small_{language}.msgpack.gz"
    if not path.is_file():
        return {}
    with gzip.open(path, "rb") as handle:
        header, *bins = msgpack.load(handle, raw=False)
    if not isinstance(header, dict) or header.get("format") != "cB":
        return {}
    table: dict[str, float] = {}
    for centibels, words in enumerate(bins):
        zipf = 9.0 - centibels / 100.0
        for word in words:
            table.setdefault(word, zipf)
    return table


def zipf(word: str, language: str) -> float:
    """Zipf frequency of ``word`` (0 if unknown): 7 for "the", 5 for "company", 3 for "myeloma"."""
    # the lists hold casefolded words: "maßnahmen" is listed as "massnahmen"
    return _table(language).get(word.casefold(), 0.0)


def is_known(word: str, language: str) -> bool:
    return word.casefold() in _table(language)
