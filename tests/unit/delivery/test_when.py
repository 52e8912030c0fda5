"""when.localize and parse_when: IANA zones, DST gaps and folds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from socialpub.delivery.when import WhenError, localize, parse_when, zone

NOW = datetime(2026, 11, 26, 7, 20, tzinfo=UTC)


def test_gap_moves_forward_by_the_gap() -> None:
    got = localize(datetime(2026, 3, 8, 2, 30), zone("America/New_York"))
    assert got.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT


def test_fold_means_the_first() -> None:
    got = localize(datetime(2026, 11, 1, 1, 30), zone("America/New_York"))
    assert got.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT


def test_ordinary_time() -> None:
    got = parse_when("2026-12-01T09:30", "Asia/Shanghai", now=NOW)
    assert got == datetime(2026, 12, 1, 1, 30, tzinfo=UTC)


def test_zoned_iso_ignores_tz_and_now_is_now() -> None:
    assert parse_when("2026-12-01T09:30+01:00", "Asia/Shanghai", now=NOW).hour == 8
    assert parse_when(" now ", "Europe/Paris", now=NOW) == NOW


@pytest.mark.parametrize(("value", "tz"), [("tomorrow", "UTC"), ("2026-12-01", "Mars/Olympus")])
def test_errors_are_readable(value: str, tz: str) -> None:
    with pytest.raises(WhenError):
        parse_when(value, tz, now=NOW)
