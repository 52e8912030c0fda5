"""Slots and windows: parsing, next slot, window openings, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from socialpub.delivery.slots import (
    SlotError,
    next_slot,
    parse_slot,
    parse_window,
    validate,
    window_open_at,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_days_ranges_lists_and_aliases() -> None:
    assert parse_slot("mon-fri 09:30").days == frozenset(range(5))
    assert parse_slot("fri-mon 09:30").days == frozenset({4, 5, 6, 0})
    assert parse_slot("mon,wed 09:30").days == frozenset({0, 2})
    assert parse_slot("weekends 11:00").days == frozenset({5, 6})
    assert parse_slot("10:00").days == frozenset(range(7))


@pytest.mark.parametrize(
    "spec", ["mon-fri", "funday 09:30", "mon 9h30", "mon 25:00", "mon 24:00", "a b c"]
)
def test_unreadable_slots_are_refused(spec: str) -> None:
    with pytest.raises(SlotError):
        parse_slot(spec)


@pytest.mark.parametrize("spec", ["mon-fri 08:00", "mon 08:00-08:00", "mon 24:00-02:00"])
def test_unreadable_windows_are_refused(spec: str) -> None:
    with pytest.raises(SlotError):
        parse_window(spec)


def test_validate_names_the_bad_spec() -> None:
    with pytest.raises(SlotError, match="xyz"):
        validate(("mon 09:30",), ("xyz 08:00-09:00",))


def test_next_weekday_slot_in_shanghai() -> None:
    # Thursday 2026-11-26 15:00 in Shanghai: today's 09:30 and 14:00 have passed.
    slots = ["mon-fri 09:30,14:00"]
    assert next_slot(slots, "Asia/Shanghai", utc(2026, 11, 26, 7, 0)) == utc(2026, 11, 27, 1, 30)
    # Friday 14:00 local is the next one after Friday 09:30 local.
    assert next_slot(slots, "Asia/Shanghai", utc(2026, 11, 27, 1, 30)) == utc(2026, 11, 27, 6, 0)
    # After Friday's last slot comes Monday's first.
    assert next_slot(slots, "Asia/Shanghai", utc(2026, 11, 27, 6, 0)) == utc(2026, 11, 30, 1, 30)


def test_slot_in_the_spring_forward_gap_moves_by_the_gap() -> None:
    # Paris, 2026-03-29: 02:00 becomes 03:00. A 02:30 slot happens at 03:30 CEST = 01:30 UTC.
    assert next_slot(["sun 02:30"], "Europe/Paris", utc(2026, 3, 28, 12)) == utc(2026, 3, 29, 1, 30)


def test_slot_in_the_fall_back_fold_is_the_first_one() -> None:
    # New York, 2026-11-01: 01:30 happens twice; the first is EDT (UTC-4).
    got = next_slot(["sun 01:30"], "America/New_York", utc(2026, 10, 31, 12))
    assert got == utc(2026, 11, 1, 5, 30)
    # And is not offered again an hour later (the second 01:30).
    after = next_slot(["sun 01:30"], "America/New_York", got)
    assert after == utc(2026, 11, 8, 6, 30)


def test_daily_slot_keeps_wall_clock_across_dst() -> None:
    before = next_slot(["09:00"], "Europe/Paris", utc(2026, 10, 23, 12))
    after = next_slot(["09:00"], "Europe/Paris", utc(2026, 10, 25, 12))
    assert (before.hour, after.hour) == (7, 8)  # CEST then CET, 09:00 local both times


def test_no_slots_is_an_error() -> None:
    with pytest.raises(SlotError, match="no posting slots"):
        next_slot([], "UTC", utc(2026, 1, 1))


def test_inside_a_window_stays_put_outside_moves_to_next_opening() -> None:
    windows = ["mon-fri 08:00-18:00"]
    inside = utc(2026, 11, 27, 10)  # Friday 11:00 Paris
    assert window_open_at(windows, "Europe/Paris", inside) == inside
    # Friday 19:00 Paris: next opening is Monday 08:00 Paris (07:00 UTC).
    late = utc(2026, 11, 27, 18)
    assert window_open_at(windows, "Europe/Paris", late) == utc(2026, 11, 30, 7)
    # The closing minute itself is outside.
    assert window_open_at(windows, "Europe/Paris", utc(2026, 11, 27, 17)) == utc(2026, 11, 30, 7)


def test_no_windows_means_always_open() -> None:
    at = utc(2026, 11, 29, 3)
    assert window_open_at([], "UTC", at) == at


def test_window_across_midnight() -> None:
    windows = ["fri 22:00-02:00"]
    assert window_open_at(windows, "UTC", utc(2026, 11, 28, 1)) == utc(2026, 11, 28, 1)
    assert window_open_at(windows, "UTC", utc(2026, 11, 28, 2)) == utc(2026, 12, 4, 22)


def test_window_to_midnight() -> None:
    assert window_open_at(["sat 20:00-24:00"], "UTC", utc(2026, 11, 28, 23, 59)) == utc(
        2026, 11, 28, 23, 59
    )


def test_window_opening_in_a_dst_gap_opens_after_the_gap() -> None:
    # Paris 2026-03-29 02:30-04:00: 02:30 does not exist, the window opens at 03:30 CEST.
    got = window_open_at(["sun 02:30-04:00"], "Europe/Paris", utc(2026, 3, 28, 12))
    assert got == utc(2026, 3, 29, 1, 30)


def test_result_is_never_earlier() -> None:
    at = utc(2026, 11, 26, 7, 13, 5)
    for spec in ["daily 00:00-01:00", "mon-sun 07:00-07:30", "thu 08:00-09:00"]:
        assert window_open_at([spec], "Asia/Shanghai", at) >= at
