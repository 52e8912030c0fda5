"""Recurring times in local wall time across DST, and the per-row check of a CSV import."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from socialpub.delivery import bulk
from socialpub.delivery.errors import Invalid
from socialpub.delivery.recurring import occurrences

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_weekly_stays_at_nine_local_across_the_spring_change() -> None:
    times = occurrences(datetime(2026, 3, 16, 9, 0), "Europe/Paris", "week", date(2026, 4, 6))
    assert [t.strftime("%m-%d %H:%M") for t in times] == [
        "03-16 08:00",  # CET, UTC+1
        "03-23 08:00",
        "03-30 07:00",  # CEST from 29 March, UTC+2: still 09:00 in Paris
        "04-06 07:00",
    ]


def test_monthly_on_the_31st_uses_each_months_last_day() -> None:
    times = occurrences(datetime(2026, 1, 31, 10, 0), "UTC", "month", date(2026, 4, 30))
    assert [t.date().isoformat() for t in times] == [
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
    ]


def test_a_series_is_bounded_and_ends_after_it_starts() -> None:
    with pytest.raises(Invalid, match="at most"):
        occurrences(datetime(2026, 1, 1, 9), "UTC", "day", date(2030, 1, 1))
    with pytest.raises(Invalid, match="before the first"):
        occurrences(datetime(2026, 5, 1, 9), "UTC", "week", date(2026, 4, 1))


CSV = """text,link,accounts,time,image_url,alt_text
Library opens late,,one;two,2026-03-02T09:00,,
,https://example.org/story,one,now,,
Missing accounts,,,2026-03-02T09:00,,
Old news,,one,2020-01-01T09:00,,
Nowhere,,mars,2026-03-02T09:00,,
Picture,,one,2026-03-02T09:00,https://example.org/a.png,
Alt alone,,one,2026-03-02T09:00,,a cat
Bad time,,one,next week,,
"""


def test_each_row_is_checked_and_rejected_rows_say_why() -> None:
    good, bad = bulk.parse(CSV, tz="UTC", now=NOW, known_accounts={"one", "two"})
    assert [(r.row, r.accounts) for r in good] == [(2, ("one", "two")), (3, ("one",))]
    assert good[0].when == datetime(2026, 3, 2, 9, tzinfo=UTC)
    problems = {r.row: r.problem or "" for r in bad}
    assert sorted(problems) == [4, 5, 6, 7, 8, 9]
    assert "account" in problems[4] and "in the past" in problems[5]
    assert "'mars'" in problems[6] and "alt_text" in problems[7]
    assert "alt_text without" in problems[8] and "ISO 8601" in problems[9]
    report = bulk.ImportReport([*bad])
    assert report.summary().splitlines()[0] == "0 drafts made, 6 rows rejected"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("name,when\nx,y\n", "header row"),
        (b"text,accounts,time\n\xff\xfe,one,now\n", "UTF-8"),
        ("text,accounts,time\n" + "x,one,now\n" * (bulk.MAX_ROWS + 1), "at most"),
    ],
)
def test_a_file_that_is_not_an_import_is_refused_whole(data: str | bytes, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        bulk.parse(data, tz="UTC", now=NOW, known_accounts={"one"})


def test_a_nul_in_a_cell_rejects_that_row_only() -> None:
    good, bad = bulk.parse(
        "text,accounts,time\na\x00b,one,now\nfine,one,now\n",
        tz="UTC",
        now=NOW,
        known_accounts={"one"},
    )
    assert [r.text for r in good] == ["fine"] and "NUL" in (bad[0].problem or "")
