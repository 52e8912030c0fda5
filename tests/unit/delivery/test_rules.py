"""The time rules every action shares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from socialpub.delivery.errors import Invalid
from socialpub.delivery.rules import check_when
from socialpub.delivery.when import WhenError, parse_when

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_a_past_time_is_refused_unless_allowed() -> None:
    with pytest.raises(Invalid, match="in the past"):
        check_when(datetime(2020, 1, 1, 10, tzinfo=UTC), now=NOW)
    check_when(datetime(2020, 1, 1, 10, tzinfo=UTC), now=NOW, allow_past=True)
    check_when(parse_when("now", "UTC", now=NOW), now=NOW + timedelta(seconds=5))


def test_nothing_goes_before_an_embargo() -> None:
    embargo = NOW + timedelta(days=1)
    with pytest.raises(Invalid, match="embargo"):
        check_when(NOW + timedelta(hours=1), now=NOW, not_before=embargo)
    with pytest.raises(Invalid, match="embargo"):
        check_when(NOW - timedelta(days=9), now=NOW, allow_past=True, not_before=embargo)
    check_when(embargo, now=NOW, not_before=embargo)


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-14:00", "0001-01-01", "10000-01-01", "2026-01-01\x00", "9" * 80]
)
def test_out_of_range_or_garbage_times_are_a_clear_error(value: str) -> None:
    with pytest.raises(WhenError):
        parse_when(value, "UTC", now=NOW)


def test_a_date_means_midnight() -> None:
    assert parse_when("2026-11-30", "UTC", now=NOW) == datetime(2026, 11, 30, tzinfo=UTC)
