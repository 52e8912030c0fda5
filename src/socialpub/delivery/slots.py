"""Posting slots and posting windows, read from an account's settings. Pure, no I/O.

A **slot** is a moment a post may be scheduled for: ``"mon-fri 09:30"``, ``"sat 11:00"``,
``"weekdays 09:30,14:00"``. A **window** is a span a delivery may be published in:
``"mon-fri 08:00-18:00"``; an end at or before the start crosses midnight (``"fri 22:00-02:00"``
is open from Friday 22:00 until Saturday 02:00). Days: ``mon``…``sun``, ranges (``mon-fri``,
``fri-mon``), lists (``mon,wed``), ``daily``, ``weekdays``, ``weekends``.

Times are wall-clock times in the account's IANA zone and go through ``when.localize``: a slot
at 02:30 on the night the clocks go forward happens at 03:30; on the night they go back, 01:30
means the first 01:30. All instants in and out are aware UTC datetimes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from socialpub.delivery.when import localize, zone
from socialpub.settings import Account, ConfigError, Settings, parse_account

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ALIASES = {
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
    "*": frozenset(range(7)),
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
}
_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
# Far enough to find the next opening of any weekly pattern, across a DST change.
_SEARCH_DAYS = 9


class SlotError(ValueError):
    """A slot or window that cannot be read; the message names it and shows a valid form."""


@dataclass(frozen=True)
class Slot:
    days: frozenset[int]  # 0 = Monday
    times: tuple[time, ...]


@dataclass(frozen=True)
class Window:
    days: frozenset[int]  # the day the window opens on
    start: time
    end: time | None  # None: midnight at the end of the day (written 24:00)

    def crosses_midnight(self) -> bool:
        return self.end is not None and self.end <= self.start


def _days(text: str, spec: str) -> frozenset[int]:
    text = text.lower()
    if text in _ALIASES:
        return _ALIASES[text]
    found: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise SlotError(f"{spec!r}: unknown day {part!r} (use mon…sun, mon-fri, daily)")
        a, b = DAYS.index(first), DAYS.index(last or first)
        span = (b - a) % 7
        found.update((a + i) % 7 for i in range(span + 1))
    return frozenset(found)


def _time(text: str, spec: str, *, allow_24: bool = False) -> time | None:
    match = _TIME.match(text)
    if not match:
        raise SlotError(f"{spec!r}: {text!r} is not a time like 09:30")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24:
        if not allow_24 or minute:
            raise SlotError(f"{spec!r}: 24:00 is only allowed as a window's end")
        return None
    return time(hour, minute)


def _split(spec: str) -> tuple[str, str]:
    parts = spec.split()
    if len(parts) == 1:
        return "daily", parts[0]
    if len(parts) != 2:
        raise SlotError(f"{spec!r}: write days then times, like 'mon-fri 09:30,14:00'")
    return parts[0], parts[1]


def parse_slot(spec: str) -> Slot:
    days, times = _split(spec)
    parsed = []
    for text in times.split(","):
        value = _time(text, spec)
        assert value is not None
        parsed.append(value)
    return Slot(_days(days, spec), tuple(sorted(parsed)))


def parse_window(spec: str) -> Window:
    days, span = _split(spec)
    start_text, sep, end_text = span.partition("-")
    if not sep:
        raise SlotError(f"{spec!r}: a window is a span like 'mon-fri 08:00-18:00'")
    start = _time(start_text, spec)
    if start is None:  # pragma: no cover - _time refuses 24:00 here
        raise SlotError(f"{spec!r}: a window cannot start at 24:00")
    end = _time(end_text, spec, allow_24=True)
    if end == start:
        raise SlotError(f"{spec!r}: a window must not be empty")
    return Window(_days(days, spec), start, end)


def _instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    return localize(datetime.combine(day, at), tz).astimezone(UTC)


def slot_times(slots: tuple[Slot, ...], tz: ZoneInfo, around: datetime) -> list[datetime]:
    """Every slot instant from a day before ``around`` to ``_SEARCH_DAYS`` after, sorted."""
    first = around.astimezone(tz).date() - timedelta(days=1)
    found: list[datetime] = []
    for offset in range(_SEARCH_DAYS + 1):
        day = first + timedelta(days=offset)
        for slot in slots:
            if day.weekday() in slot.days:
                found.extend(_instant(day, at, tz) for at in slot.times)
    return sorted(found)


def next_slot(specs: tuple[str, ...] | list[str], tz_name: str, after: datetime) -> datetime:
    """The first slot strictly after ``after`` (aware), as a UTC instant.

    Raises SlotError when there are no slots or one cannot be read.
    """
    if not specs:
        raise SlotError("no posting slots are configured for this account")
    slots = tuple(parse_slot(s) for s in specs)
    for candidate in slot_times(slots, zone(tz_name), after):
        if candidate > after:
            return candidate
    raise SlotError("no slot in the coming week")  # pragma: no cover - every slot has a day


def _spans(
    windows: tuple[Window, ...], tz: ZoneInfo, around: datetime
) -> list[tuple[datetime, datetime]]:
    first = around.astimezone(tz).date() - timedelta(days=1)
    spans = []
    for offset in range(_SEARCH_DAYS + 1):
        day = first + timedelta(days=offset)
        for w in windows:
            if day.weekday() not in w.days:
                continue
            opens = _instant(day, w.start, tz)
            end_day = day + timedelta(days=1) if w.end is None or w.crosses_midnight() else day
            closes = _instant(end_day, w.end or time(0), tz)
            if closes > opens:  # a window swallowed whole by a DST gap is no window
                spans.append((opens, closes))
    return sorted(spans)


def window_open_at(specs: tuple[str, ...] | list[str], tz_name: str, at: datetime) -> datetime:
    """``at`` itself when it falls in one of the windows (or there are none), else the next opening.

    The result is always ``>= at``: a delivery is never moved earlier. Raises SlotError when a
    window cannot be read.
    """
    if not specs:
        return at
    windows = tuple(parse_window(s) for s in specs)
    for opens, closes in _spans(windows, zone(tz_name), at):
        if opens <= at < closes:
            return at
        if opens > at:
            return opens
    raise SlotError("no window opens in the coming week")  # pragma: no cover


def validate(slots: tuple[str, ...], windows: tuple[str, ...]) -> None:
    """Raise SlotError on the first slot or window that cannot be read."""
    for spec in slots:
        parse_slot(spec)
    for spec in windows:
        parse_window(spec)


class AccountRules:
    """Each configured account's windows and zone, parsed once per settings object.

    Accounts are parsed one by one: an account whose table cannot be read (settings built
    without ``load_settings``, or a value that stopped being valid) makes ``open_at`` raise for
    that account only, so the dispatcher can hold it back and go on with the others.
    """

    def __init__(self, settings: Settings) -> None:
        self.default_tz = settings.timezone
        self._accounts: dict[str, Account] = {}
        self._broken: dict[str, str] = {}
        for name, table in settings.accounts.items():
            try:
                self._accounts[name] = parse_account(name, table)
            except ConfigError as exc:
                self._broken[name] = str(exc)

    def account(self, name: str) -> Account | None:
        return self._accounts.get(name)

    def open_at(self, name: str, at: datetime) -> datetime:
        """When ``name`` may publish at or after ``at``; ``at`` itself when it has no windows.

        Raises SlotError when this account's table, windows or zone cannot be read.
        """
        if name in self._broken:
            raise SlotError(self._broken[name])
        account = self._accounts.get(name)
        if account is None or not account.settings.windows:
            return at
        tz = account.settings.timezone or self.default_tz
        try:
            return window_open_at(account.settings.windows, tz, at)
        except ValueError as exc:  # SlotError, or a zone the machine no longer knows
            raise SlotError(f"account {name!r}: {exc}") from exc


_RULES: dict[int, tuple[Settings, AccountRules]] = {}


def rules_for(settings: Settings) -> AccountRules:
    """The ``AccountRules`` of this settings object (settings are never changed once loaded)."""
    cached = _RULES.get(id(settings))
    if cached is None or cached[0] is not settings:
        cached = (settings, AccountRules(settings))
        _RULES[id(settings)] = cached
    return cached[1]
