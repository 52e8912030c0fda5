"""Many posts at once from a CSV file: each row checked, the good ones stored as drafts.

Columns (a header row names them; others, such as those of a history export, are ignored):
``text`` or ``link`` (at least one; a link alone is fetched as the article), ``accounts`` (one
or more names separated by ``;``, ``,``, ``|`` or spaces), ``time`` (``now`` or ISO 8601, read in
the import's zone), and optionally ``image_url`` with ``alt_text``. A history export starts with
exactly these columns, so it can be imported again.

Three steps, so the network is never used inside a transaction:
``parse`` (pure: the per-row check), ``fetch`` (links and images through the safe fetcher of
``compose/sources.py``), ``store`` (one savepoint per row, so one bad row never loses another).
``import_csv`` runs all three. The report names every rejected row and why.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.compose.extract import Format
from socialpub.delivery.errors import Invalid
from socialpub.delivery.exports import IMPORT_COLUMNS
from socialpub.delivery.media import MediaError, image
from socialpub.delivery.permissions import Actor
from socialpub.delivery.rules import check_when
from socialpub.delivery.service import ComposeError, ComposeRequest, LimitsFor, create_post
from socialpub.delivery.when import WhenError, parse_when
from socialpub.platforms.base import MediaItem
from socialpub.platforms.errors import PlatformError
from socialpub.settings import Account, ConfigError
from socialpub.store.db import SessionFactory

COLUMNS = IMPORT_COLUMNS
MAX_BYTES = 2_000_000
MAX_ROWS = 500
MAX_FETCHES = 50  # rows that need the network (a link alone, an image URL) per import
MAX_CELL = 100_000
_SPLIT = re.compile(r"[;,|\s]+")

FetchArticle = Callable[[str], tuple[str, Format, str]]  # url → (raw, format, final url)
FetchImage = Callable[[str], bytes]


@dataclass(frozen=True)
class RowResult:
    row: int  # 1-based line number of the row in the file (the header is line 1)
    ok: bool
    post_id: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Row:
    row: int
    text: str
    link: str | None
    accounts: tuple[str, ...]
    when: datetime
    image_url: str | None
    alt_text: str
    fmt: Format = "text"
    media: tuple[MediaItem, ...] = ()


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def created(self) -> list[int]:
        return [r.post_id for r in self.rows if r.ok and r.post_id is not None]

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    def summary(self) -> str:
        """For a person: how many drafts, then one line per rejected row."""
        lines = [f"{len(self.created)} drafts made, {len(self.rejected)} rows rejected"]
        lines += [f"row {r.row}: {r.problem}" for r in self.rejected]
        return "\n".join(lines)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(f"the file is not UTF-8 text (byte {exc.start})") from exc


def _check_cell(value: str, name: str) -> str:
    if "\x00" in value:
        raise Invalid(f"{name} contains a NUL character")
    if len(value) > MAX_CELL:
        raise Invalid(f"{name} is longer than {MAX_CELL} characters")
    return value.strip()


def _http(url: str, name: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise Invalid(f"{name} must start with http:// or https://")
    return url


def _row(
    number: int,
    cells: dict[str, str],
    *,
    tz: str,
    now: datetime,
    allow_past: bool,
    known: Container[str],
) -> Row:
    get = {k: _check_cell(cells.get(k) or "", k) for k in COLUMNS}
    text, link = get["text"], get["link"] or None
    if not text and not link:
        raise Invalid("give the text or a link")
    if link:
        _http(link, "link")
    accounts = tuple(dict.fromkeys(a for a in _SPLIT.split(get["accounts"]) if a))
    if not accounts:
        raise Invalid("name at least one account")
    unknown = [a for a in accounts if a not in known]
    if unknown:
        raise Invalid(f"no account named {', '.join(repr(a) for a in unknown)}")
    if not get["time"]:
        raise Invalid("give a time ('now' or ISO 8601)")
    try:
        when = parse_when(get["time"], tz, now=now)
    except WhenError as exc:
        raise Invalid(str(exc)) from exc
    check_when(when, now=now, allow_past=allow_past)
    image_url = get["image_url"] or None
    if image_url:
        _http(image_url, "image_url")
        if not get["alt_text"]:
            raise Invalid("an image needs alt_text, for people who cannot see it")
    elif get["alt_text"]:
        raise Invalid("alt_text without an image_url")
    return Row(number, text, link, accounts, when, image_url, get["alt_text"])


def parse(
    data: bytes | str,
    *,
    tz: str,
    now: datetime,
    allow_past: bool = False,
    known_accounts: Container[str],
) -> tuple[list[Row], list[RowResult]]:
    """Check every row (no I/O): the rows that may become drafts, and those rejected with why."""
    if len(data) > MAX_BYTES:
        raise Invalid(f"the file is over {MAX_BYTES // 1_000_000} MB: split it")
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "accounts" not in header or not ({"text", "link"} & set(header)):
        raise Invalid(f"the header row must name the columns: {', '.join(COLUMNS)}")
    reader.fieldnames = header
    good: list[Row] = []
    bad: list[RowResult] = []
    try:
        for n, cells in enumerate(reader):
            number = reader.line_num
            if n >= MAX_ROWS:
                raise Invalid(f"at most {MAX_ROWS} rows per file: split it")
            if not any((v or "").strip() for k, v in cells.items() if isinstance(v, str)):
                continue  # a blank line
            try:
                good.append(
                    _row(number, cells, tz=tz, now=now, allow_past=allow_past, known=known_accounts)
                )
            except Invalid as exc:
                bad.append(RowResult(number, False, problem=str(exc)))
    except csv.Error as exc:
        raise Invalid(f"line {reader.line_num}: not valid CSV: {exc}") from exc
    return good, bad


def fetch(
    rows: list[Row], *, fetch_article: FetchArticle, fetch_image: FetchImage
) -> tuple[list[Row], list[RowResult]]:
    """Fetch the link-only articles and the images (I/O; outside any transaction)."""
    needing = [r for r in rows if r.image_url or not r.text]
    if len(needing) > MAX_FETCHES:
        raise Invalid(f"at most {MAX_FETCHES} rows with an image URL or a link alone per file")
    ready: list[Row] = []
    bad: list[RowResult] = []
    for r in rows:
        try:
            if not r.text and r.link:
                raw, fmt, final = fetch_article(r.link)
                r = replace(r, text=raw, fmt=fmt, link=final)
            if r.image_url:
                name = r.image_url.rsplit("/", 1)[-1][:100] or "image"
                r = replace(r, media=(image(name, fetch_image(r.image_url), r.alt_text),))
            ready.append(r)
        except (ValueError, MediaError) as exc:  # FetchError is a ValueError
            bad.append(RowResult(r.row, False, problem=str(exc)))
    return ready, bad


def store(
    session: Session,
    rows: list[Row],
    *,
    actor: Actor,
    tz: str,
    now: datetime,
    account_for: Callable[[str], Account],
    limits_for: LimitsFor,
    max_accounts: int = 25,
) -> list[RowResult]:
    """Each row as a draft post, in its own savepoint; what became of each."""
    results = []
    for r in rows:
        try:
            request = ComposeRequest(
                raw=r.text,
                accounts=[account_for(a) for a in r.accounts],
                when=r.when,
                tz=tz,
                author=actor.name,
                fmt=r.fmt,
                source_kind="csv",
                source_ref=f"row {r.row}",
                link=r.link,
                media=r.media,
                draft=True,
                allow_past=True,  # checked in parse, against the same clock
                now=now,
            )
            # Audit events are queued on the session until commit: a row that fails takes its
            # queued events back with its savepoint.
            queued = audit.pending_events(session)
            mark = len(queued)
            try:
                with session.begin_nested():
                    post = create_post(
                        session, request, limits_for, actor=actor.name, max_accounts=max_accounts
                    )
            except Exception:
                del queued[mark:]
                raise
            results.append(RowResult(r.row, True, post_id=post.id))
        except (ComposeError, ConfigError) as exc:
            results.append(RowResult(r.row, False, problem=str(exc)))
        except PlatformError as exc:  # an account its adapter cannot use as configured
            results.append(RowResult(r.row, False, problem=f"account cannot be used: {exc}"))
    return results


def import_csv(
    sessions: SessionFactory,
    data: bytes | str,
    *,
    actor: Actor,
    tz: str,
    now: datetime,
    known_accounts: Container[str],
    account_for: Callable[[str], Account],
    limits_for: LimitsFor,
    fetch_article: FetchArticle,
    fetch_image: FetchImage,
    allow_past: bool = False,
    max_accounts: int = 25,
) -> ImportReport:
    """Parse, fetch, store: the whole import, its drafts stored in one transaction."""
    good, bad = parse(data, tz=tz, now=now, allow_past=allow_past, known_accounts=known_accounts)
    ready, unfetched = fetch(good, fetch_article=fetch_article, fetch_image=fetch_image)
    with sessions.begin() as session:
        stored = store(
            session,
            ready,
            actor=actor,
            tz=tz,
            now=now,
            account_for=account_for,
            limits_for=limits_for,
            max_accounts=max_accounts,
        )
    return ImportReport(sorted([*bad, *unfetched, *stored], key=lambda r: r.row))
