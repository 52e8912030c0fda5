"""Rate-limit arithmetic and quota resolution, without Redis."""

from __future__ import annotations

import pytest

from socialpub.delivery.ratelimit import Quota, quota_for, wait_in_window
from socialpub.platforms.mastodon import MastodonAdapter
from socialpub.settings import Settings


def test_window_math_without_io() -> None:
    q = Quota(3, 10)
    assert wait_in_window([], 100, q) == 0
    assert wait_in_window([90, 95, 99], 100, q) == 0  # 90 left the window at 100
    assert wait_in_window([91, 95, 99], 100, q) == pytest.approx(1)
    assert wait_in_window([92, 95, 99], 100, q) == pytest.approx(2)
    assert wait_in_window([95, 99, 99.5, 99.9], 100, q) == pytest.approx(9)  # two must leave


def test_quota_defaults_and_override() -> None:
    settings = Settings(
        accounts={
            "m": {"platform": "mastodon", "base_url": "https://x.test"},
            "own": {"platform": "mastodon", "base_url": "https://x.test", "rate_limit_per_hour": 7},
            "hook": {"platform": "webhook", "url": "https://x.test"},
        }
    )
    accounts = settings.parsed_accounts()
    assert quota_for(accounts["m"]) == MastodonAdapter.quota == Quota(300, 10800)
    assert quota_for(accounts["own"]) == Quota(7, 3600)
    assert quota_for(accounts["hook"]) is None
