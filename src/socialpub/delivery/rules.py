"""Rules about *when* that every action shares: no time in the past, nothing before an embargo.

Pure functions over datetimes; the actions in ``actions.py``, ``approvals.py``, ``bulk.py`` and
``recurring.py`` call them, so the CLI, the REST API and the pages refuse the same times the
same way.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from socialpub.delivery.errors import Invalid

# "now" typed a few seconds ago, or the current minute picked in a form, is not "in the past".
PAST_SLACK = timedelta(seconds=90)


def _fmt(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


def check_when(
    when: datetime,
    *,
    now: datetime,
    allow_past: bool = False,
    not_before: datetime | None = None,
    what: str = "the time",
) -> None:
    """Raise ``Invalid`` when ``when`` is in the past (unless allowed) or before an embargo."""
    if not allow_past and when < now - PAST_SLACK:
        raise Invalid(
            f"{what} {_fmt(when)} is in the past: give a later time, 'now', or allow_past"
            " (--allow-past) to publish it at once"
        )
    if not_before is not None and when < not_before:
        raise Invalid(
            f"{what} {_fmt(when)} is before the post's embargo ({_fmt(not_before)}):"
            " nothing of it may go out earlier"
        )


def late(due_at: datetime, now: datetime) -> bool:
    """An approval this long after the scheduled time would post late without a word."""
    return due_at < now - PAST_SLACK
