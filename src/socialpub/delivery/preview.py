"""Preview and submit a post the way the web compose page does: the server's own compose engine
renders each account's post, a person may replace an account's text or the hashtags, and what
the preview shows is exactly what ``submit`` stores.

Pure apart from the session ``submit`` writes to (the caller owns the transaction).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.compose import (
    Draft,
    HashtagPolicy,
    PlatformLimits,
    clean_article,
    draft_post,
    render,
)
from socialpub.compose.checks import ArticleFacts, Image, check, first_real_sentence, post_facts
from socialpub.compose.counting import fits, length
from socialpub.compose.extract import Format
from socialpub.compose.hashtags import TagPolicy
from socialpub.compose.post import Article as CleanArticle
from socialpub.compose.post import retag
from socialpub.compose.sources import FetchPolicy
from socialpub.delivery import service
from socialpub.delivery.cards import CardPreview, card_preview
from socialpub.delivery.media import media_problem
from socialpub.platforms.base import MediaItem
from socialpub.platforms.registry import adapter_class
from socialpub.settings import Account
from socialpub.store.models import Post

MAX_TAGS = 30
MAX_TEXT = 20_000


@dataclass(frozen=True)
class AccountPreview:
    account: str
    platform: str
    text: str
    parts: tuple[str, ...]
    length: int
    limit: int
    hashtags: tuple[str, ...]
    edited: bool  # the text is a person's, not the engine's
    fits: bool
    warnings: tuple[str, ...]
    link: str | None = None  # the link as this account sends it (campaign parameters added)
    card: CardPreview | None = None  # the preview its platform shows under the link
    first_comment: bool = False  # the first comment goes out here (the platform takes replies)


@dataclass(frozen=True)
class Preview:
    title: str
    summary: str
    hashtags: tuple[str, ...]  # the tags in use: the person's list, or the engine's candidates
    link: str | None
    accounts: tuple[AccountPreview, ...]
    first_comment: str | None = None
    first_comment_delay_seconds: int = 0

    @property
    def ok(self) -> bool:
        return all(a.fits for a in self.accounts)


def clean_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """``#Tag``, ``tag`` and ``tag,`` all mean the tag ``Tag``; repeats and blanks are dropped."""
    seen: dict[str, str] = {}
    for raw in tags:
        tag = raw.strip().lstrip("#").strip(",;").strip()
        tag = "".join(ch for ch in tag if ch.isalnum() or ch == "_")
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())[:MAX_TAGS]


def _policy(account: Account, tags: tuple[str, ...] | None) -> HashtagPolicy:
    policy = service.policy_for(account)
    if tags is None:
        return policy
    # the person chose the tags: use all of them that fit, and none the engine picked instead
    return dataclasses.replace(policy, count=len(tags))


def _account_draft(raw: str, fmt: Format, link: str | None, account: Account) -> Draft:
    s = account.settings
    return _retagged(raw, fmt, link, s.hashtag_people, s.hashtag_topics, s.organisation)


@lru_cache(maxsize=64)
def _retagged(
    raw: str, fmt: Format, link: str | None, people: bool, topics: bool, organisation: str | None
) -> Draft:
    """The draft with the tags of an account's policy; kept like ``_drafted``, per policy.
    (Blocked tags, count and always-added tags apply when the post is rendered.)"""
    draft, _, article = _drafted(raw, fmt, link)
    policy = TagPolicy(people=people, topics=topics, organisation=organisation)
    if policy == TagPolicy():
        return draft  # the neutral draft was tagged by this very policy: no second tagging
    return retag(draft, article, policy)


@lru_cache(maxsize=32)
def _drafted(raw: str, fmt: Format, link: str | None) -> tuple[Draft, ArticleFacts, CleanArticle]:
    """The engine's draft of an article and what the checks judge posts against. Kept for a
    while: while a person edits one account's text or the hashtags, the article is the same."""
    try:
        article = clean_article(raw, fmt)
    except ValueError as exc:
        raise service.ComposeError(str(exc)) from exc
    facts = ArticleFacts(
        text=article.text,
        title=article.title,
        language=article.language,
        lead=first_real_sentence(article.text),
    )
    return draft_post(article, link=link), facts, article


def _warnings(
    facts: ArticleFacts,
    parts: Sequence[str],
    limits: PlatformLimits,
    *,
    link: str | None,
    hashtags: Sequence[str],
    hashtag_limit: int | None,
    typed: Sequence[str],
    media: Sequence[MediaItem],
) -> list[str]:
    """The compose engine's own warnings for a post, as ``socialpub preview`` shows them."""
    post = post_facts(
        parts,
        limits,
        link=link,
        hashtags=hashtags,
        images=[Image(m.filename, m.alt_text) for m in media],
        hashtag_limit=hashtag_limit,
        typed_hashtags=typed,
    )
    return [
        (f"part {w.part + 1}: " if w.part is not None and len(parts) > 1 else "") + w.message
        for w in check(facts, post)
    ]


def preview(
    raw: str,
    fmt: Format,
    accounts: Sequence[Account],
    limits_for: service.LimitsFor,
    *,
    link: str | None = None,
    hashtags: Sequence[str] | None = None,
    texts: Mapping[str, str] | None = None,
    media: Sequence[MediaItem] = (),
    first_comment: str | None = None,
    first_comment_delay_seconds: int = 0,
    campaign: str = "",
    card_policy: FetchPolicy | None = None,
) -> Preview:
    """Each account's post. ``hashtags`` replaces the engine's tags; ``texts`` replaces an
    account's whole text (counted against its limit, never cut). With ``card_policy`` the link
    is fetched (that policy's safe fetcher) for the card each platform shows. Raises
    ``ComposeError``."""
    comment = service.check_first_comment(first_comment, first_comment_delay_seconds)
    neutral, facts, _ = _drafted(raw, fmt, link or None)
    chosen = clean_tags(hashtags) if hashtags is not None else None
    if chosen is not None:
        neutral = dataclasses.replace(neutral, hashtags=chosen)
    card = card_preview(neutral.link, card_policy) if neutral.link and card_policy else None
    shown: list[AccountPreview] = []
    for account in accounts:
        # the engine's tags follow each account's own policy (people, topics, blocked, name)
        draft = neutral if chosen is not None else _account_draft(raw, fmt, link or None, account)
        limits: PlatformLimits = limits_for(account)
        if not account.settings.threads:
            limits = dataclasses.replace(limits, threads=False, max_thread_parts=1)
        policy = _policy(account, chosen)
        own_draft, _ = service.draft_for_account(draft, account, campaign=campaign)
        extras = _extras(account, own_draft.link, card, comment is not None)
        rendered = render(own_draft, limits, policy, threads=account.settings.threads)
        problem = media_problem(media, limits, account.name)
        own = (texts or {}).get(account.name)
        edited = own is not None and own.strip() and own.strip() != rendered.text.strip()
        parts = (own.strip()[:MAX_TEXT],) if own is not None and edited else rendered.parts
        warnings = [problem] if problem else []
        # a person's own text carries its own tags, counted against the account's allowance,
        # not against how many tags were chosen for the engine's texts
        warnings += _warnings(
            facts,
            parts,
            limits,
            link=own_draft.link,
            hashtags=() if edited else rendered.hashtags,
            hashtag_limit=service.policy_for(account).count if edited else policy.count,
            typed=chosen or (),
            media=media,
        )
        if edited:
            text = parts[0]
            size = length(text, limits)
            ok = fits(text, limits)
            if not ok:
                warnings.append(
                    f"your text is {size} long; {account.platform} allows {limits.max_length}"
                )
            shown.append(
                AccountPreview(
                    account.name,
                    account.platform,
                    text,
                    (text,),
                    size,
                    limits.max_length,
                    tuple(t for t in draft.hashtags if "#" + t.casefold() in text.casefold()),
                    True,
                    ok and not problem,
                    tuple(warnings),
                    **extras,
                )
            )
            continue
        shown.append(
            AccountPreview(
                account.name,
                account.platform,
                rendered.text,
                tuple(rendered.parts),
                rendered.length,
                rendered.limit,
                tuple(rendered.hashtags),
                False,
                not problem,
                tuple(warnings),
                **extras,
            )
        )
    return Preview(
        draft.title,
        draft.summary,
        tuple(draft.hashtags),
        draft.link,
        tuple(shown),
        comment,
        first_comment_delay_seconds if comment else 0,
    )


def _extras(
    account: Account, link: str | None, card: CardPreview | None, comment: bool
) -> dict[str, Any]:
    """What an account's preview shows beyond its text: its link, the card its platform shows
    and whether the first comment goes out there."""
    try:
        cls = adapter_class(account.platform)
    except Exception:  # an unknown platform is reported where the account is built
        return {"link": link}
    return {
        "link": link,
        "card": card if cls.shows_link_cards else None,
        "first_comment": comment and (cls.default_limits.threads or cls.takes_comments),
    }


def submit(
    session: Session,
    request: service.ComposeRequest,
    limits_for: service.LimitsFor,
    *,
    actor: str,
    hashtags: Sequence[str] | None = None,
    texts: Mapping[str, str] | None = None,
    due: Mapping[str, tuple[datetime, str]] | None = None,
) -> Post:
    """Create the post through the delivery service, then give each delivery exactly the text
    the preview showed (the person's tags or text) and, with ``due``, its own time (next slot)."""
    shown = preview(
        request.raw,
        request.fmt,
        request.accounts,
        limits_for,
        link=request.link,
        hashtags=hashtags,
        texts=texts,
        media=request.media,
        first_comment=request.first_comment,
        first_comment_delay_seconds=request.first_comment_delay_seconds,
        campaign=request.campaign,
    )
    if not shown.ok:
        problems = "; ".join(
            f"{a.account}: {', '.join(a.warnings)}" for a in shown.accounts if not a.fits
        )
        raise service.ComposeError(problems)
    post = service.create_post(session, request, limits_for, actor=actor)
    if hashtags is not None:
        post.hashtags = list(shown.hashtags)
    by_account = {a.account: a for a in shown.accounts}
    for delivery in post.deliveries:
        wanted = by_account[delivery.account]
        if list(wanted.parts) != list(delivery.parts):
            delivery.text = wanted.text
            delivery.parts = list(wanted.parts)
            audit.record(
                session,
                actor=actor,
                subject_type="delivery",
                subject_id=delivery.id,
                kind="edited",
                details={
                    "by": "person" if wanted.edited else "hashtags",
                    "length": wanted.length,
                    "limit": wanted.limit,
                },
            )
        if due and delivery.account in due:
            when, tz = due[delivery.account]
            if when != delivery.due_at:
                delivery.scheduled_at = when
                delivery.due_at = when
                delivery.scheduled_tz = tz
                audit.record(
                    session,
                    actor=actor,
                    subject_type="delivery",
                    subject_id=delivery.id,
                    kind="scheduled",
                    details={"due_at": when.isoformat(), "tz": tz, "slot": True},
                )
    session.flush()
    return post
