"""Reading "when" a person means: ``now`` or ISO 8601, in an IANA zone, with DST handled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Times outside these years are typing mistakes, and some overflow a database's range.
MIN_YEAR = 1970
MAX_YEAR = 2999


class WhenError(ValueError):
    pass


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; WhenError for anything else (``Mars/Olympus``, a path, a NUL)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name too long
        raise WhenError(
            f"unknown time zone {name[:80]!r}: use an IANA name such as Europe/Paris"
        ) from exc


def zone_or_utc(name: str) -> ZoneInfo:
    """For showing stored times: a zone stored before zones were checked must not stop a
    listing, so anything unreadable is shown in UTC."""
    try:
        return zone(name)
    except WhenError:
        return ZoneInfo("UTC")


def localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """Attach ``tz`` to a wall-clock time, resolving DST gaps and folds predictably.

    A time that does not exist (02:30 on the night clocks go forward) moves forward by the gap,
    as a wall clock would read; a time that happens twice (01:30 when clocks go back) means the
    first of the two.
    """
    first = naive.replace(tzinfo=tz, fold=0)
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive.replace(tzinfo=None):
        gap = first.replace(fold=1).utcoffset() or timedelta(0)
        before = first.replace(fold=0).utcoffset() or timedelta(0)
        shifted = naive + abs(before - gap)
        return shifted.replace(tzinfo=tz)
    return first


def parse_when(value: str, tz_name: str, *, now: datetime) -> datetime:
    """The UTC instant meant by ``value`` (``now``, or ISO 8601; a naive one is read in tz)."""
    tz = zone(tz_name)  # checked even for "now": the zone is stored with the delivery
    text = value.strip()
    if len(text) > 64 or "\x00" in text:
        raise WhenError("cannot read that as a time: use 'now' or ISO 8601 like 2026-12-01T09:30")
    if text.lower() == "now":
        return now.astimezone(UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise WhenError(
            f"cannot read {value!r} as a time: use 'now' or ISO 8601 like 2026-12-01T09:30"
        ) from exc
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise WhenError(f"{value!r} is not a year socialpub schedules in ({MIN_YEAR}-{MAX_YEAR})")
    if parsed.tzinfo is None:
        parsed = localize(parsed, tz)
    return parsed.astimezone(UTC)
