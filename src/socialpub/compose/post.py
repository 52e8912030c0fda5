"""The compose facade the rest of socialpub calls: article text in, one rendered post out.

Contract (stable; the engine behind it may change):
- ``clean_article(raw, fmt)`` turns raw text/Markdown/HTML into an ``Article``.
- ``draft_post(article, link=None)`` makes the platform-neutral ``Draft``: summary + ranked tags.
- ``render(draft, limits, policy)`` returns exactly the text(s) to send; each part fits ``limits``.
  ``Rendered.parts`` holds the posts of a thread in order (one element when there is no thread)
  and ``Rendered.text`` is the first of them: what a single post sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socialpub.compose.counting import length
from socialpub.compose.extract import Format, clean
from socialpub.compose.fit import fit
from socialpub.compose.hashtags import candidate_tags, choose
from socialpub.compose.keyphrases import rank
from socialpub.compose.limits import HashtagPlacement, PlatformLimits
from socialpub.compose.sentences import split_sentences
from socialpub.compose.summarize import best, choose_sentences, score_sentences

BASE_SUMMARY_CHARS = 280  # the platform-neutral summary: one tweet's worth, before link and tags
MAX_SUMMARY_SENTENCES = 2


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    own_hashtags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    title: str
    summary: str
    hashtags: tuple[str, ...]
    link: str | None = None
    sentences: tuple[str, ...] = ()
    scores: tuple[float, ...] = ()  # one per sentence: which to keep when space runs out
    keyphrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class HashtagPolicy:
    count: int | None = None  # None: the platform's default
    always: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    placement: HashtagPlacement = HashtagPlacement.APPENDED


@dataclass(frozen=True)
class Rendered:
    text: str
    parts: tuple[str, ...]
    length: int
    limit: int
    hashtags: tuple[str, ...] = field(default_factory=tuple)


def clean_article(raw: str, fmt: Format = "text") -> Article:
    """Raise ValueError when nothing of an article is left after cleaning."""
    cleaned = clean(raw, fmt)
    text = "\n".join(cleaned.lines)
    if not text and not cleaned.title:
        raise ValueError("the article is empty once page boilerplate is removed")
    return Article(title=cleaned.title, text=text, own_hashtags=cleaned.own_hashtags)


def draft_post(
    article: Article,
    link: str | None = None,
    *,
    summary: str | None = None,
    summary_chars: int = BASE_SUMMARY_CHARS,
) -> Draft:
    """``summary`` replaces the extractive one (a person's edit, or the abstractive backend's)."""
    sentences = tuple(split_sentences(article.text)) or tuple(split_sentences(article.title))
    scores = tuple(score_sentences(sentences, article.title))
    if summary is None:
        chosen = choose_sentences(
            sentences, scores, summary_chars, max_sentences=MAX_SUMMARY_SENTENCES
        )
        if chosen:
            summary = " ".join(sentences[i] for i in chosen)
        elif sentences:
            # no whole sentence fits the base budget: keep the best one whole, so a platform
            # with room shows all of it and only the ones without shorten it
            summary = best(sentences, scores)
    ranked = rank(article.text, article.title)
    tags = candidate_tags(ranked, article.own_hashtags)
    return Draft(
        title=article.title,
        summary=summary or article.title,
        hashtags=tuple(tags),
        link=link,
        sentences=sentences,
        scores=scores,
        keyphrases=tuple(k.text for k in ranked),
    )


def render(
    draft: Draft,
    limits: PlatformLimits,
    policy: HashtagPolicy | None = None,
    *,
    threads: bool = True,
) -> Rendered:
    """The post(s) for one platform; ``threads=False`` when the account does not allow threads."""
    policy = policy or HashtagPolicy()
    count = limits.default_hashtags if policy.count is None else policy.count
    tags = choose(draft.hashtags, count, policy.always, policy.blocked)
    fitted = fit(
        draft.summary,
        draft.link,
        tags,
        limits,
        placement=policy.placement,
        threads=threads,
        sentences=draft.sentences,
        scores=draft.scores,
    )
    return Rendered(
        text=fitted.parts[0],
        parts=fitted.parts,
        length=max(length(part, limits) for part in fitted.parts),
        limit=limits.max_length,
        hashtags=fitted.hashtags,
    )
