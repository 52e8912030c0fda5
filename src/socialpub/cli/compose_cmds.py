"""Compose commands: ``preview`` (nothing stored), the ``hashtags`` and ``summarize`` batch modes
(JSON Lines in, JSON Lines out) and the ``feed`` group (feeds that become posts)."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from socialpub.cli.output import emit_json, fail, is_terminal, table
from socialpub.compose import (
    HashtagPolicy,
    PlatformLimits,
    clean_article,
    draft_post,
    render,
)
from socialpub.compose.abstractive import Endpoint, summarize_abstractive
from socialpub.compose.checks import ArticleFacts, check, first_real_sentence, post_facts
from socialpub.compose.extract import Format
from socialpub.compose.hashtags import TagPolicy, policy_for, suggest_hashtags
from socialpub.compose.keyphrases import rank
from socialpub.compose.post import TAG_SOURCE_CHARS, Article, retag
from socialpub.compose.reading import MAX_ARTICLE_BYTES, UnreadableInput, read_article
from socialpub.compose.sources import FetchError, fetch_article
from socialpub.compose.summarize import summarize as extractive_summary
from socialpub.delivery.cards import CardPreview
from socialpub.platforms.campaign import account_link
from socialpub.settings import Account, ConfigError, Settings, get_settings

feed_app = typer.Typer(help="Feeds whose new entries become posts.", no_args_is_help=True)


def _settings() -> Settings:
    try:
        return get_settings()
    except ConfigError as exc:
        fail(str(exc))


@dataclass(frozen=True)
class Target:
    name: str
    account: str | None
    limits: PlatformLimits
    policy: HashtagPolicy
    threads: bool = True
    full_thread: bool = False
    shows_cards: bool = True  # readers see a preview of the link there
    takes_replies: bool = False  # a first comment goes out there
    options: Mapping[str, Any] = field(default_factory=dict)  # the account's (utm templates)


def load_source(
    source: str, fmt: Format | None, settings: Settings
) -> tuple[str, Format, str | None]:
    """(raw, format, link): a file, ``-`` for stdin, or an http(s) URL fetched safely.

    Files and standard input are held to the same size limit as URLs, read in their own
    encoding, and refused in one line when they are no text (a PDF, an image)."""
    if source.startswith(("http://", "https://")):
        from socialpub.feeds import fetch_policy

        try:
            raw, fetched_fmt, final_url = fetch_article(source, fetch_policy(settings))
        except FetchError as exc:
            fail(str(exc))
        return raw, fmt or fetched_fmt, final_url
    limit = MAX_ARTICLE_BYTES
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
            return (*read_article(data, name="standard input", fmt=fmt, max_bytes=limit), None)
        path = Path(source)
        if not path.is_file():
            fail(f"{source}: no such file")
        if path.stat().st_size > limit:
            fail(f"{source} is {path.stat().st_size:,} bytes, over the {limit:,}-byte limit")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        return (*read_article(data, name=source, fmt=fmt, max_bytes=limit), None)
    except UnreadableInput as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{source}: cannot read: {exc.strerror or exc}")


def _account_limits(account: Account) -> PlatformLimits:
    from socialpub.platforms.base import AccountContext, MemoryCredentialStore
    from socialpub.platforms.registry import adapter_class

    cls = adapter_class(account.platform)
    context = AccountContext(account.name, account.platform, account.options, account.secrets)
    with httpx.Client() as client:  # never used: limits need the account's options only
        return cls(context, client, MemoryCredentialStore()).limits


def _target(name: str, settings: Settings) -> Target:
    from socialpub.platforms.registry import UnknownPlatform, adapter_class

    accounts = settings.parsed_accounts()
    try:
        if name in accounts:
            account = accounts[name]
            s = account.settings
            policy = HashtagPolicy(
                s.hashtag_count, s.hashtags_always, s.hashtags_blocked, s.hashtag_placement
            )
            cls = adapter_class(account.platform)
            limits = _account_limits(account)
            return Target(
                name,
                name,
                limits,
                policy,
                s.threads,
                s.thread_full_text,
                cls.shows_link_cards,
                limits.threads or cls.takes_comments,
                account.options,
            )
        cls = adapter_class(name)
        return Target(
            name,
            None,
            cls.default_limits,
            HashtagPolicy(),
            shows_cards=cls.shows_link_cards,
            takes_replies=cls.default_limits.threads or cls.takes_comments,
        )
    except UnknownPlatform as exc:
        fail(f"{exc}; or name a configured account ({', '.join(sorted(accounts)) or 'none'})")
    except ImportError as exc:
        fail(f"platform {name!r} is registered but its adapter cannot be loaded yet: {exc}")
    except Exception as exc:  # an adapter refusing an account's options, say
        fail(f"{name}: {type(exc).__name__}: {exc}")


def tag_policy_for(names: list[str], settings: Settings) -> TagPolicy:
    """The tag policy of a post's neutral draft: the account's when one account is named, else
    the organisation's (its name and preferred tags). Each account's post is then tagged with
    its own policy (``account_tag_policy``)."""
    accounts = settings.parsed_accounts()
    only = accounts.get(names[0]) if len(names) == 1 else None
    return policy_for(only.settings if only else None, settings)


def account_tag_policy(name: str, settings: Settings) -> TagPolicy:
    """An account's own tag policy within the organisation's; the organisation's for a bare
    platform."""
    account = settings.parsed_accounts().get(name)
    return policy_for(account.settings if account else None, settings)


def article_facts(article: Article) -> ArticleFacts:
    """What the checks judge a post against: the cleaned article, and its lead when it has one."""
    return ArticleFacts(
        text=article.text,
        title=article.title,
        language=article.language,
        lead=first_real_sentence(article.text),
    )


def abstractive_summary(
    article: Article, settings: Settings, max_chars: int
) -> tuple[str | None, str]:
    """(the abstractive summary, "abstractive"), or (None, "extractive") to let the engine write
    its own: when no endpoint is configured or its answer is unusable."""
    if not settings.abstractive_url:
        return None, "extractive"
    endpoint = Endpoint(
        settings.abstractive_url,
        settings.abstractive_model,
        key.get_secret_value() if (key := settings.abstractive_api_key) else None,
        settings.abstractive_timeout_seconds,
    )
    with httpx.Client() as client:
        text = summarize_abstractive(
            article.title, article.text, max_chars, endpoint, client, article.language
        )
    return (text, "abstractive") if text else (None, "extractive")


def preview(
    article: Annotated[str, typer.Argument(help="A file (text, Markdown, HTML), - or a URL.")],
    platform: Annotated[
        list[str] | None,
        typer.Option("--platform", "-p", help="Platform kind or account name; repeatable."),
    ] = None,
    link: Annotated[str | None, typer.Option(help="Link to the article (a URL's own).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="text, markdown or html.")] = None,
    first_comment: Annotated[
        str | None, typer.Option("--first-comment", help="The reply/comment that follows.")
    ] = None,
    first_comment_delay: Annotated[
        str, typer.Option("--first-comment-delay", help="90s, 10m, 2h (default 0).")
    ] = "0",
    campaign: Annotated[
        str, typer.Option(help="Campaign name for the accounts' utm templates.")
    ] = "",
    card: Annotated[
        bool, typer.Option(help="Fetch the link's page to show its card (--no-card: offline).")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Show the post each platform would get: text, count and limit, hashtags, thread parts,
    the link card its readers will see and the first comment.

    Nothing is stored. Without --platform, every configured account is shown.
    """
    from socialpub.delivery.first_comment import DelayError, parse_delay
    from socialpub.delivery.service import ComposeError, check_first_comment

    if fmt is not None and fmt not in ("text", "markdown", "html"):
        fail(f"--format must be text, markdown or html, not {fmt!r}")
    try:
        delay = parse_delay(first_comment_delay)
        comment = check_first_comment(first_comment, delay)
    except (DelayError, ComposeError) as exc:
        fail(str(exc))
    settings = _settings()
    raw, source_fmt, fetched_url = load_source(article, fmt, settings)  # type: ignore[arg-type]
    try:
        cleaned = clean_article(raw, source_fmt)
    except ValueError as exc:
        fail(str(exc))
    names = platform or [n for n, a in settings.parsed_accounts().items() if a.settings.enabled]
    if not names:
        fail("no account is configured; name a platform with --platform")
    targets = [_target(name, settings) for name in names]
    summary, backend = abstractive_summary(cleaned, settings, 280)
    draft = draft_post(
        cleaned,
        link=link or fetched_url,
        summary=summary,
        tag_policy=tag_policy_for(names, settings),
    )
    facts = article_facts(cleaned)
    policy = tag_policy_for(names, settings)
    shown_card = _card(draft.link, settings) if card and draft.link else None
    posts: list[dict[str, Any]] = []
    for target in targets:
        own_policy = account_tag_policy(target.name, settings)
        # each account's tags follow its own policy: people, topics, blocked, organisation
        account_draft = draft if own_policy == policy else retag(draft, cleaned, own_policy)
        own_link = account_link(
            draft.link,
            target.options,
            target.limits.platform,
            account=target.account or "",
            campaign=campaign,
        )
        own = dataclasses.replace(account_draft, link=own_link)
        rendered = render(
            own,
            target.limits,
            target.policy,
            threads=target.threads,
            full_thread=target.full_thread,
        )
        warnings = check(
            facts,
            post_facts(
                rendered.parts,
                target.limits,
                link=own.link,
                hashtags=rendered.hashtags,
                hashtag_limit=target.policy.count,
                full_thread=target.full_thread,
            ),
        )
        posts.append(
            {
                "target": target.name,
                "account": target.account,
                "platform": target.limits.platform,
                "length": rendered.length,
                "limit": rendered.limit,
                "hashtags": list(rendered.hashtags),
                "hashtag_kinds": {
                    t: account_draft.tag_kinds.get(t, "chosen") for t in rendered.hashtags
                },
                "parts": list(rendered.parts),
                "text": rendered.text,
                "link": own.link,
                "card": shown_card.as_dict() if shown_card and target.shows_cards else None,
                "first_comment": bool(comment) and target.takes_replies,
                "warnings": [
                    {"rule": w.rule, "code": w.code, "message": w.message, "part": w.part}
                    for w in warnings
                ],
            }
        )
    if as_json:
        emit_json(
            {
                "title": draft.title,
                "summary": draft.summary,
                "summary_backend": backend,
                "language": draft.language,
                "link": draft.link,
                "hashtags": list(draft.hashtags),
                "hashtag_kinds": dict(draft.tag_kinds),
                "keyphrases": list(draft.keyphrases[:10]),
                "first_comment": comment,
                "first_comment_delay_seconds": delay if comment else 0,
                "card": shown_card.as_dict() if shown_card else None,
                "posts": posts,
            }
        )
        return
    typer.echo(f"title:    {draft.title}")
    typer.echo(f"hashtags: {' '.join('#' + t for t in draft.hashtags[:8]) or '(none)'}")
    typer.echo(f"summary:  {backend}, language {draft.language or 'not detected'}")
    for post in posts:
        account = f", account {post['account']}" if post["account"] else ""
        typer.echo(f"\n== {post['platform']}{account}: {post['length']}/{post['limit']} ==")
        parts = post["parts"]
        for i, part in enumerate(parts, start=1):
            if len(parts) > 1:
                typer.echo(f"--- part {i}/{len(parts)} ---")
            typer.echo(part)
        if shown_card is not None and post["card"] is not None:
            typer.echo("link card:")
            for line in shown_card.lines():
                typer.echo("  " + line)
        if comment:
            typer.echo(
                f"first comment ({delay}s after): {comment}"
                if post["first_comment"]
                else f"first comment: not on {post['platform']} (it takes no replies)"
            )
        for warning in post["warnings"]:
            where = f" (part {warning['part'] + 1})" if warning["part"] is not None else ""
            typer.echo(f"warning{where}: {warning['message']}")


def _card(link: str, settings: Settings) -> CardPreview:
    """The link's card, read with the safe fetcher the worker uses (``no card: reason``)."""
    from socialpub.delivery.cards import card_preview
    from socialpub.feeds import fetch_policy

    return card_preview(link, fetch_policy(settings))


def _documents(what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    stream = typer.get_text_stream("stdin")
    lines = [line for line in stream if line.strip()]

    def parse(number: int, line: str) -> dict[str, Any]:
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"stdin line {number}: not JSON: {exc}")
        if not isinstance(doc, dict) or "id" not in doc or not isinstance(doc.get("text"), str):
            fail(f'stdin line {number}: expected {{"id": ..., "text": "..."}}')
        return doc

    numbered = list(enumerate(lines, start=1))
    if is_terminal() and numbered:
        with typer.progressbar(numbered, label=what, file=sys.stderr) as bar:
            for number, line in bar:
                yield number, parse(number, line)
    else:
        for number, line in numbered:
            yield number, parse(number, line)


def _article(text: str) -> Article:
    try:
        return clean_article(text, "text")
    except ValueError:
        return Article(title="", text="")


def _batch(what: str, work: Callable[[Article], dict[str, Any]]) -> None:
    for _, doc in _documents(what):
        out = {"id": doc["id"], **work(_article(doc["text"]))}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def hashtags(
    count: Annotated[int, typer.Option(min=0, help="Hashtags per document.")] = 5,
    keyphrases: Annotated[int, typer.Option(min=0, help="Keyphrases per document.")] = 10,
) -> None:
    """JSON Lines {"id", "text"} on stdin -> {"id", "hashtags", "keyphrases"} on stdout."""

    def work(article: Article) -> dict[str, Any]:
        source = article.text[:TAG_SOURCE_CHARS]  # as a post reads it: a 1 MB text costs seconds
        ranked = rank(
            source, article.title, limit=max(keyphrases, 30), language=article.language or "en"
        )
        tags = [
            t.tag
            for t in suggest_hashtags(
                source,
                article.title,
                language=article.language,
                own=article.own_hashtags,
                ranked=ranked,
                limit=count,
            )
        ]
        return {
            "hashtags": ["#" + t for t in tags],
            "keyphrases": [k.text for k in ranked][:keyphrases],
        }

    _batch("hashtags", work)


def summarize(
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help="Longest summary.")] = 280,
    abstractive: Annotated[
        bool,
        typer.Option(help="Ask the configured abstractive_url first (extractive on failure)."),
    ] = False,
) -> None:
    """JSON Lines {"id", "text"} on stdin -> {"id", "summary"} on stdout."""
    settings = _settings()
    if abstractive and not settings.abstractive_url:
        fail("--abstractive needs abstractive_url in the settings")

    def work(article: Article) -> dict[str, Any]:
        written = abstractive_summary(article, settings, max_chars)[0] if abstractive else None
        return {
            "summary": written
            or extractive_summary(article.text, article.title, max_chars=max_chars)
        }

    _batch("summaries", work)


@feed_app.command("add")
def feed_add(
    url: Annotated[str, typer.Argument(help="RSS or Atom feed URL.")],
    account: Annotated[str, typer.Option("--account", "-a", help="Account its posts go to.")],
    state: Annotated[
        str | None, typer.Option(help="draft or scheduled (default: feed_default_state).")
    ] = None,
    backfill: Annotated[
        int, typer.Option(min=0, help="Also post this many entries already in the feed.")
    ] = 0,
) -> None:
    """Poll URL with the scheduler; each new entry becomes a post on ACCOUNT, once."""
    from socialpub.cli.context import runtime_for_command
    from socialpub.store.feeds import add_feed

    settings = _settings()
    if not url.startswith(("http://", "https://")):
        fail("a feed URL starts with http:// or https://")
    try:
        settings.account(account)
    except ConfigError as exc:
        fail(str(exc))
    with runtime_for_command() as runtime:
        try:
            with runtime.sessions.begin() as session:
                feed = add_feed(
                    session,
                    url,
                    account,
                    state=state or settings.feed_default_state,
                    backfill=backfill,
                )
                feed_id = feed.id
        except ValueError as exc:
            fail(str(exc))
    typer.echo(f"feed {feed_id}: {url} -> {account}")


@feed_app.command("list")
def feed_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """The feeds being polled."""
    from socialpub.cli.context import runtime_for_command
    from socialpub.store.feeds import list_feeds

    with runtime_for_command() as runtime, runtime.sessions() as session:
        rows = [
            {
                "id": f.id,
                "url": f.url,
                "account": f.account,
                "state": f.state,
                "last_polled_at": f.last_polled_at,
                "last_error": f.last_error,
            }
            for f in list_feeds(session)
        ]
    if as_json:
        emit_json(rows)
        return
    table([list(r.values()) for r in rows], ["id", "url", "account", "state", "polled", "error"])


@feed_app.command("remove")
def feed_remove(feed_id: Annotated[int, typer.Argument(help="Feed id (see feed list).")]) -> None:
    """Stop polling a feed; posts it already made are kept."""
    from socialpub.cli.context import runtime_for_command
    from socialpub.store.feeds import remove_feed

    with runtime_for_command() as runtime, runtime.sessions.begin() as session:
        removed = remove_feed(session, feed_id)
    if not removed:
        fail(f"no feed {feed_id}")
    typer.echo(f"feed {feed_id} removed")


@feed_app.command("poll")
def feed_poll() -> None:
    """Poll every feed now, as the scheduler does every feed_poll_seconds."""
    from socialpub.cli.context import runtime_for_command
    from socialpub.feeds import poll_all

    with runtime_for_command() as runtime:
        reports = poll_all(runtime)
    for r in reports:
        if r.not_modified:
            outcome = "not modified since the last poll"
        else:
            outcome = r.error or f"{len(r.posted)} posted, {r.skipped} skipped"
        typer.echo(f"feed {r.feed_id}: {outcome}")
    if reports and all(r.error for r in reports):
        typer.echo(f"error: every feed failed ({len(reports)})", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(preview)
    app.command()(hashtags)
    app.command()(summarize)
    app.add_typer(feed_app, name="feed")
