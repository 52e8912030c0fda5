"""Creating, cancelling and rescheduling posts and their deliveries. Callers own the transaction."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.compose import Article as CleanArticle
from socialpub.compose import (
    Draft,
    HashtagPolicy,
    PlatformLimits,
    Rendered,
    clean_article,
    draft_post,
    render,
)
from socialpub.compose.extract import Format
from socialpub.compose.hashtags import TagPolicy, for_account
from socialpub.compose.post import NoArticle, retag
from socialpub.delivery.errors import Invalid
from socialpub.delivery.keys import new_idempotency_key
from socialpub.delivery.media import media_problem
from socialpub.delivery.repository import transition
from socialpub.delivery.rules import check_when
from socialpub.delivery.states import CANCELLABLE, State
from socialpub.platforms.base import MediaItem
from socialpub.platforms.campaign import account_link
from socialpub.settings import Account
from socialpub.store.models import Article, Delivery, Post, PostMedia, utcnow


class ComposeError(ValueError):
    pass


class DuplicateArticle(ComposeError):
    pass


LimitsFor = Callable[[Account], PlatformLimits]
# Writes the base summary (an abstractive backend); None lets the extractive engine write it.
SummaryHook = Callable[[CleanArticle], str | None]


@dataclass(frozen=True)
class ComposeRequest:
    raw: str
    accounts: Sequence[Account]
    when: datetime
    tz: str
    author: str
    fmt: Format = "text"
    source_kind: str = "file"
    source_ref: str = ""
    link: str | None = None
    summary: SummaryHook | None = None
    media: tuple[MediaItem, ...] = ()
    draft: bool = False
    # what is no article (a teaser, a caption) becomes a draft for a person instead of an error
    draft_when_no_article: bool = False
    tag_policy: TagPolicy | None = None  # the organisation's tag rules; None: the defaults
    priority: int = 0
    allow_duplicate: bool = False
    # a time in the past is refused unless this is set (``now`` is never in the past)
    allow_past: bool = False
    not_before: datetime | None = None  # embargo: nothing of the post goes out earlier
    now: datetime | None = None  # the clock, for the past-time rule; utcnow() when None
    # posted as a reply/comment to each published delivery, this many seconds after it
    first_comment: str | None = None
    first_comment_delay_seconds: int = 0
    campaign: str = ""  # fills {campaign} in the accounts' utm templates


def content_hash(text: str) -> str:
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()


def policy_for(account: Account) -> HashtagPolicy:
    s = account.settings
    return HashtagPolicy(
        count=s.hashtag_count,
        always=s.hashtags_always,
        blocked=s.hashtags_blocked,
        placement=s.hashtag_placement,
    )


MAX_FIRST_COMMENT = 5_000
MAX_FIRST_COMMENT_DELAY = 7 * 24 * 3600


def check_first_comment(text: str | None, delay_seconds: int) -> str | None:
    """The first comment as stored (blank: none); raises ``ComposeError`` with the reason."""
    if delay_seconds < 0 or delay_seconds > MAX_FIRST_COMMENT_DELAY:
        raise ComposeError(
            f"first comment delay must be 0 to {MAX_FIRST_COMMENT_DELAY} seconds (7 days),"
            f" not {delay_seconds}"
        )
    if text is None or not text.strip():
        return None
    if len(text) > MAX_FIRST_COMMENT:
        raise ComposeError(
            f"first comment is {len(text)} characters; at most {MAX_FIRST_COMMENT} are kept"
        )
    return text.strip()


def draft_for_account(
    draft_obj: Draft, account: Account, *, campaign: str = ""
) -> tuple[Draft, str | None]:
    """The draft as ``account`` sends it and the link that differs from the post's (None when
    it is the same): the link carries the account's campaign parameters, so the counted link
    is the sent one."""
    link = account_link(
        draft_obj.link, account.options, account.platform, account=account.name, campaign=campaign
    )
    if link == draft_obj.link:
        return draft_obj, None
    return dataclasses.replace(draft_obj, link=link), link


def render_for(draft_obj: Draft, account: Account, limits: PlatformLimits) -> Rendered:
    if not account.settings.threads:
        limits = dataclasses.replace(limits, threads=False, max_thread_parts=1)
    return render(
        draft_obj, limits, policy_for(account), full_thread=account.settings.thread_full_text
    )


def _already_sent(session: Session, digest: str, accounts: Sequence[str]) -> list[str]:
    query = (
        select(Delivery.account)
        .join(Post, Post.id == Delivery.post_id)
        .join(Article, Article.id == Post.article_id)
        .where(
            Article.content_hash == digest,
            Delivery.account.in_(accounts),
            Delivery.state.not_in([State.CANCELLED.value, State.FAILED.value]),
        )
    )
    return sorted(set(session.scalars(query)))


def unique_accounts(accounts: Sequence[Account], cap: int) -> list[Account]:
    """Each account once, in the order given: naming one twice must not publish twice."""
    seen: dict[str, Account] = {}
    for account in accounts:
        seen.setdefault(account.name, account)
    if len(seen) > cap:
        raise ComposeError(f"a post goes to at most {cap} accounts ({len(seen)} named)")
    return list(seen.values())


def create_post(
    session: Session,
    request: ComposeRequest,
    limits_for: LimitsFor,
    *,
    actor: str,
    max_accounts: int = 25,
) -> Post:
    """Store the article, its post and one delivery per account, scheduled for ``request.when``.

    Accounts named twice get one delivery; more than ``max_accounts`` is refused. The time is
    refused when past (unless ``allow_past``) or before ``not_before``.
    """
    if not request.accounts:
        raise ComposeError("name at least one account")
    request = dataclasses.replace(request, accounts=unique_accounts(request.accounts, max_accounts))
    try:
        check_when(
            request.when,
            now=request.now or utcnow(),
            allow_past=request.allow_past,
            not_before=request.not_before,
        )
    except Invalid as exc:
        raise ComposeError(str(exc)) from exc
    for account in request.accounts:
        problem = media_problem(request.media, limits_for(account), account.name)
        if problem:
            raise ComposeError(problem)
    first_comment = check_first_comment(request.first_comment, request.first_comment_delay_seconds)
    needs_person = None
    try:
        article = clean_article(request.raw, request.fmt, teaser=request.source_kind == "feed")
    except NoArticle as exc:
        if not request.draft_when_no_article:
            raise ComposeError(str(exc)) from exc
        # a feed entry that is no article waits for a person instead of going out on its own
        article = clean_article(request.raw, request.fmt, require_article=False)
        request = dataclasses.replace(request, draft=True)
        needs_person = str(exc)
    except ValueError as exc:
        raise ComposeError(str(exc)) from exc
    digest = content_hash(article.text or article.title)
    if not request.allow_duplicate:
        repeats = _already_sent(session, digest, [a.name for a in request.accounts])
        if repeats:
            raise DuplicateArticle(
                f"this article is already scheduled or published on {', '.join(repeats)}"
                " (pass --allow-duplicate to post it again)"
            )
    summary = request.summary(article) if request.summary else None
    draft_obj = draft_post(
        article, link=request.link, summary=summary, tag_policy=request.tag_policy
    )
    article_row = Article(
        source_kind=request.source_kind,
        source_ref=request.source_ref,
        title=article.title,
        text=article.text,
        content_hash=digest,
    )
    post = Post(
        article=article_row,
        author=request.author,
        summary=draft_obj.summary,
        hashtags=list(draft_obj.hashtags),
        link=request.link,
        approval="draft" if request.draft else "approved",
        not_before=request.not_before,
        language=draft_obj.language,
        summary_backend="abstractive" if summary else "extractive",
        first_comment=first_comment,
        first_comment_delay_seconds=request.first_comment_delay_seconds if first_comment else 0,
    )
    post.media = [
        PostMedia(
            position=i, filename=m.filename, mime_type=m.mime_type, alt_text=m.alt_text, data=m.data
        )
        for i, m in enumerate(request.media)
    ]
    session.add(post)
    session.flush()
    audit.record(
        session,
        actor=actor,
        subject_type="post",
        subject_id=post.id,
        kind="created",
        details={
            "title": article.title,
            "accounts": [a.name for a in request.accounts],
            "language": draft_obj.language,
            "summary_backend": post.summary_backend,
            **({"needs_person": needs_person} if needs_person else {}),
            **({"first_comment": first_comment} if first_comment else {}),
            **({"campaign": request.campaign} if request.campaign else {}),
        },
    )
    state = State.DRAFT if request.draft else State.SCHEDULED
    for account in request.accounts:
        # each account's tags follow its own policy (people, topics, blocked, organisation)
        own = for_account(request.tag_policy or TagPolicy(), account.settings)
        account_draft = draft_obj if own == request.tag_policy else retag(draft_obj, article, own)
        account_draft, own_link = draft_for_account(
            account_draft, account, campaign=request.campaign
        )
        rendered = render_for(account_draft, account, limits_for(account))
        delivery = Delivery(
            post=post,
            account=account.name,
            platform=account.platform,
            text=rendered.text,
            parts=list(rendered.parts),
            part_ids=[],
            state=state.value,
            priority=request.priority,
            scheduled_at=request.when,
            scheduled_tz=request.tz,
            due_at=request.when,
            idempotency_key=new_idempotency_key(),
            link=own_link,
        )
        session.add(delivery)
        session.flush()
        audit.record(
            session,
            actor=actor,
            subject_type="delivery",
            subject_id=delivery.id,
            kind="created",
            details={
                "post": post.id,
                "account": account.name,
                "length": rendered.length,
                "limit": rendered.limit,
                "parts": len(rendered.parts),
                **({"link": own_link} if own_link else {}),
            },
        )
        if state is State.SCHEDULED:
            audit.record(
                session,
                actor=actor,
                subject_type="delivery",
                subject_id=delivery.id,
                kind="scheduled",
                details={"due_at": request.when.isoformat(), "tz": request.tz},
            )
    return post


def cancel(session: Session, delivery_id: int, *, actor: str, reason: str = "") -> bool:
    return transition(
        session,
        delivery_id,
        CANCELLABLE,
        State.CANCELLED,
        actor=actor,
        kind="cancelled",
        details={"reason": reason} if reason else None,
    )


def reschedule(session: Session, delivery_id: int, when: datetime, tz: str, *, actor: str) -> bool:
    """Move a delivery to ``when`` with no permission or time check (internal callers: next-slot
    placement); people go through ``actions.reschedule_delivery``. A draft stays a draft."""
    draft = transition(
        session,
        delivery_id,
        State.DRAFT,
        State.DRAFT,
        actor=actor,
        kind="rescheduled",
        details={"due_at": when.isoformat(), "tz": tz},
        scheduled_at=when,
        scheduled_tz=tz,
        due_at=when,
    )
    if draft:
        return True
    sources = {
        State.SCHEDULED,
        State.QUEUED,
        State.RETRY_WAIT,
        State.HELD,
        State.UNKNOWN,
        State.FAILED,
    }
    return transition(
        session,
        delivery_id,
        sources,
        State.SCHEDULED,
        actor=actor,
        kind="scheduled",
        details={"due_at": when.isoformat(), "tz": tz},
        scheduled_at=when,
        scheduled_tz=tz,
        due_at=when,
        queued_at=None,
        lease_owner=None,
        lease_until=None,
    )


def get_delivery(session: Session, delivery_id: int) -> Delivery | None:
    return session.get(Delivery, delivery_id)


def waiting(session: Session, account: str | None = None) -> Sequence[Delivery]:
    live = [
        s.value
        for s in (
            State.DRAFT,
            State.SCHEDULED,
            State.QUEUED,
            State.PUBLISHING,
            State.RETRY_WAIT,
            State.HELD,
            State.UNKNOWN,
        )
    ]
    query = select(Delivery).where(Delivery.state.in_(live)).order_by(Delivery.due_at, Delivery.id)
    if account:
        query = query.where(Delivery.account == account)
    return session.scalars(query).all()


def history(
    session: Session,
    *,
    account: str | None = None,
    since: datetime | None = None,
    limit: int = 500,
) -> Sequence[Delivery]:
    done = [
        s.value
        for s in (State.PUBLISHED, State.FAILED, State.CANCELLED, State.UNKNOWN, State.RETRY_WAIT)
    ]
    query = (
        select(Delivery)
        .where(Delivery.state.in_(done))
        .order_by(Delivery.updated_at.desc(), Delivery.id.desc())
        .limit(limit)
    )
    if account:
        query = query.where(Delivery.account == account)
    if since:
        query = query.where(Delivery.updated_at >= since)
    return session.scalars(query).all()


__all__ = [
    "ComposeError",
    "ComposeRequest",
    "DuplicateArticle",
    "cancel",
    "create_post",
    "history",
    "reschedule",
    "utcnow",
    "waiting",
]
