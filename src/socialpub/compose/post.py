"""The compose facade the rest of socialpub calls: article text in, one rendered post out.

Contract (stable; the engine behind it may change):
- ``clean_article(raw, fmt)`` turns raw text/Markdown/HTML into an ``Article``.
- ``draft_post(article, link=None)`` makes the platform-neutral ``Draft``: summary + ranked tags.
- ``render(draft, limits, policy)`` returns exactly the text(s) to send; each part fits ``limits``.
  ``Rendered.parts`` holds the posts of a thread in order (one element when there is no thread)
  and ``Rendered.text`` is the first of them: what a single post sends.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from socialpub.compose.counting import length
from socialpub.compose.extract import Format, clean
from socialpub.compose.fit import fit
from socialpub.compose.hashtags import Hashtag, TagPolicy, choose, suggest_hashtags
from socialpub.compose.keyphrases import Keyphrase, rank
from socialpub.compose.language import detect_language
from socialpub.compose.limits import HashtagPlacement, PlatformLimits
from socialpub.compose.scrambled import readable
from socialpub.compose.sentences import split_sentences
from socialpub.compose.standalone import is_sentence
from socialpub.compose.summarize import Plan, plan_given, plan_summary

BASE_SUMMARY_CHARS = 280  # the platform-neutral summary: one tweet's worth, before link and tags
MAX_SUMMARY_SENTENCES = 2
TAG_SOURCE_CHARS = 40_000


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    own_hashtags: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1; None when unsupported or unclear
    site_name: str = ""  # the publisher, as the page names itself (og:site_name)


@dataclass(frozen=True)
class Draft:
    title: str
    summary: str
    hashtags: tuple[str, ...]
    link: str | None = None
    plan: Plan = field(default_factory=lambda: Plan((), ()))  # what each platform may carry
    keyphrases: tuple[str, ...] = ()
    language: str | None = None
    tag_kinds: Mapping[str, str] = field(default_factory=dict)  # tag -> own/entity/topic/…


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


class NoArticle(ValueError):
    """What is left after cleaning is no article (template code, a caption, a line or two of a
    page): never posted automatically; a feed stores it as a draft for a person."""


_TEMPLATE_CODE = re.compile(r"\{\{.{0,200}?\}\}|\{%.{0,200}?%\}")
_WORDY = re.compile(r"[^\W\d_]{2}")  # a line with a word in it, not "*" or "—"
_FEW_WORDS = 25  # a page that yields fewer words than this, in under two sentences, says nothing


def _templated(raw: str) -> bool:
    """A third or more of the lines are template placeholders: a CMS template, not its output."""
    lines = [line for line in raw.splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [p for p in re.split(r"</p>|<br\s*/?>", raw) if p.strip()]  # one-line HTML
    return bool(lines) and sum(1 for line in lines if _TEMPLATE_CODE.search(line)) * 3 >= len(lines)


def no_article_reason(
    raw: str, fmt: Format, title: str, text: str, *, teaser: bool = False
) -> str | None:
    """Why the cleaned ``text`` is no article worth a post, or ``None`` when it is one.

    ``teaser``: the text is a feed entry's summary, which is short by nature; only template code
    or a caption without a sentence is refused then."""
    if _templated(raw):
        return "it is template code ({{…}}), not an article"
    if fmt == "text":
        return None  # typed by a person: a short notice is still a notice
    words = len(text.split())
    sentences = [s for s in split_sentences(text) if is_sentence(s)]
    if words < _FEW_WORDS and not sentences:
        return f"the text is {words} words with no sentence: a caption or a label, no article"
    if not teaser and words < _FEW_WORDS and len(sentences) < 2:
        shown = f"{title!r} and " if title else ""
        return f"the page holds only {shown}{words} words of text, a caption or a teaser"
    return None


def clean_article(
    raw: str,
    fmt: Format = "text",
    *,
    language_hints: tuple[str | None, ...] = (),
    require_article: bool = True,
    teaser: bool = False,
) -> Article:
    """Raise ValueError when nothing of an article is left after cleaning, and ``NoArticle``
    when what is left is no article (unless ``require_article`` is false)."""
    if require_article and _templated(raw):
        raise NoArticle("no article here: it is template code ({{…}}), not an article")
    cleaned = clean(raw, fmt)
    text = "\n".join(cleaned.lines)
    if not text and not cleaned.title:
        raise ValueError("the article is empty once page boilerplate is removed")
    if require_article:
        reason = no_article_reason(raw, fmt, cleaned.title, text, teaser=teaser)
        if reason:
            raise NoArticle(f"no article here: {reason}")
    language = detect_language(
        f"{cleaned.title}\n{text}", (*language_hints, cleaned.declared_language)
    )
    if language:
        text = "\n".join(readable(text.split("\n"), language))
        if not text and require_article:
            raise NoArticle("no article here: its text is scrambled, as a paywall sends it")
    return Article(
        title=cleaned.title,
        text=text,
        own_hashtags=cleaned.own_hashtags,
        language=language,
        site_name=cleaned.site_name,
    )


def _fallback_plan(article: Article) -> Plan:
    """When no line of the article is a sentence (a short notice typed without a full stop),
    its first line, else its title, is what there is to say."""
    first = next((line for line in article.text.splitlines() if _WORDY.search(line)), "")
    return plan_given(first or article.title, article.language)


def draft_post(
    article: Article,
    link: str | None = None,
    *,
    summary: str | None = None,
    summary_chars: int = BASE_SUMMARY_CHARS,
    tag_policy: TagPolicy | None = None,
    suggested_tags: Sequence[str] = (),
) -> Draft:
    """``summary`` replaces the extractive one (a person's edit, or the abstractive backend's);
    ``tag_policy`` is the organisation's (its name, preferred tags, people, topics), and
    ``suggested_tags`` come from a language model, to be checked against the article."""
    if summary is not None and summary.strip():
        plan = plan_given(summary, article.language)
    else:
        sentences = split_sentences(article.text, article.language)
        plan = plan_summary(sentences, article.title, article.language)
        if not plan.ranked:
            plan = _fallback_plan(article)
    # the platform-neutral summary: the opener alone when not even it fits the budget
    neutral = plan.longest_within(MAX_SUMMARY_SENTENCES, summary_chars) or plan.text(1)
    tags, ranked = _article_tags(article, tag_policy, suggested_tags)
    return Draft(
        title=article.title,
        summary=neutral or article.title,
        hashtags=tuple(t.tag for t in tags),
        link=link,
        plan=plan,
        keyphrases=tuple(k.text for k in ranked),
        language=article.language,
        tag_kinds={t.tag: t.kind for t in tags},
    )


def _article_tags(
    article: Article, policy: TagPolicy | None, suggested: Sequence[str]
) -> tuple[list[Hashtag], list[Keyphrase]]:
    # tags come from the first part of an article: it says what the article is about, and the
    # cost of ranking stays bounded whatever the article's length
    source = article.text[:TAG_SOURCE_CHARS]
    ranked = rank(source, article.title, language=article.language or "en")
    tags = suggest_hashtags(
        source,
        article.title,
        language=article.language,
        site_name=article.site_name or None,
        own=article.own_hashtags,
        policy=policy,
        suggested=suggested,
        ranked=ranked,
    )
    return tags, ranked


def retag(
    draft: Draft, article: Article, policy: TagPolicy, suggested_tags: Sequence[str] = ()
) -> Draft:
    """The draft with the tags one account's policy gives (its people, topics, organisation,
    blocked and preferred tags): accounts of one post may want different tags."""
    tags, _ = _article_tags(article, policy, suggested_tags)
    return replace(
        draft, hashtags=tuple(t.tag for t in tags), tag_kinds={t.tag: t.kind for t in tags}
    )


def render(
    draft: Draft,
    limits: PlatformLimits,
    policy: HashtagPolicy | None = None,
    *,
    threads: bool = True,
    full_thread: bool = False,
) -> Rendered:
    """The post(s) for one platform; ``threads=False`` when the account does not allow threads,
    ``full_thread=True`` when it wants every planned sentence as a thread rather than the best."""
    policy = policy or HashtagPolicy()
    count = limits.default_hashtags if policy.count is None else policy.count
    tags = choose(draft.hashtags, count, policy.always, policy.blocked)
    fitted = fit(
        draft.plan,
        draft.link,
        tags,
        limits,
        placement=policy.placement,
        threads=threads,
        full_thread=full_thread,
    )
    return Rendered(
        text=fitted.parts[0],
        parts=fitted.parts,
        length=max(length(part, limits) for part in fitted.parts),
        limit=limits.max_length,
        hashtags=fitted.hashtags,
    )
