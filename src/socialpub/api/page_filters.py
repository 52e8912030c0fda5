"""Reading list filters from a query string: dates in the viewer's zone, pages, readable errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from urllib.parse import urlencode

from fastapi import HTTPException, Request, status

from socialpub.delivery.when import localize, zone

PER_PAGE = 50
MAX_PAGE = 10_000

F = TypeVar("F")


def text_param(request: Request, name: str, limit: int = 200) -> str | None:
    value = request.query_params.get(name, "").strip()
    if "\x00" in value:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name}: not valid text")
    return value[:limit] or None


def int_param(request: Request, name: str, default: int | None = None) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name}: give a whole number")
    return int(raw)


def day_param(request: Request, name: str, tz_name: str, *, end: bool = False) -> datetime | None:
    """A YYYY-MM-DD date read in the viewer's zone: its first instant, or the next day's with
    ``end`` (so "until 2026-11-30" includes all of that day)."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name}: give a date like 2026-11-30"
        ) from exc
    if end:
        if day == date.max:
            return None
        day += timedelta(days=1)
    return localize(datetime.combine(day, time()), zone(tz_name))


def read_filter(
    request: Request,
    tz_name: str,
    build: Callable[..., F],
    *,
    texts: tuple[str, ...],
    ids: Mapping[str, str],
) -> F:
    """A list page's filter: text parameters under the field's own name, ids (field name to
    parameter name), and the ``from``/``to`` day range read in the viewer's zone."""
    values: dict[str, object] = {name: text_param(request, name) for name in texts}
    values.update({field: int_param(request, param) for field, param in ids.items()})
    values["since"] = day_param(request, "from", tz_name)
    values["until"] = day_param(request, "to", tz_name, end=True)
    return build(**values)


@dataclass(frozen=True)
class Page:
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number(request: Request) -> int:
    return min(max(int_param(request, "page", 1) or 1, 1), MAX_PAGE)


def query_without(request: Request, *names: str, **extra: object) -> str:
    """The current query string less ``names``, plus ``extra``: for pager and export links."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in names and v]
    kept.extend((k, str(v)) for k, v in extra.items())
    return urlencode(kept)


def list_context(
    request: Request, accounts: Iterable[str], number: int, total: int
) -> dict[str, object]:
    """What every filtered list page shows around its rows: the page, the filters as given, the
    accounts to choose from, and the links to other pages and to the export."""
    links = query_without(request, "page")
    return {
        "page": Page(number, total),
        "f": request.query_params,
        "accounts": sorted(accounts),
        "pager": links,
        "export": links,
    }
