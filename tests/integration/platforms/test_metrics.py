"""Public counts read from Mastodon, Bluesky and X at about 1 h, 1 d and 7 d, stored once each."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from socialpub.delivery.metrics import history, read_due, reading_due
from socialpub.delivery.states import State
from socialpub.platforms.base import MemoryCredentialStore, PublishRequest
from socialpub.platforms.bluesky import BlueskyAdapter
from socialpub.platforms.mastodon import MastodonAdapter
from socialpub.platforms.x import XAdapter
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery
from tests.integration.delivery.seed import seed
from tests.integration.platforms.conftest import build
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.mastodon import MastodonServer
from tests.platform_servers.x import XServer

PASSWORD = "abcd-efgh-ijkl-mnop"
PUBLISHED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_which_reading_is_due_at_each_age() -> None:
    assert reading_due(timedelta(minutes=59)) is None
    assert reading_due(timedelta(minutes=61)) == "1h"
    assert reading_due(timedelta(hours=23)) == "1h"
    assert reading_due(timedelta(days=1, minutes=1)) == "1d"
    assert reading_due(timedelta(days=7, hours=3)) == "7d"
    assert reading_due(timedelta(days=8, minutes=1)) is None


@pytest.fixture
def servers() -> Iterator[tuple[MastodonServer, BlueskyServer, XServer]]:
    with MastodonServer() as m, BlueskyServer() as b, XServer() as x:
        b.add_account("newsroom.example", PASSWORD)
        yield m, b, x


def published(runtime: Runtime, account: str, platform: str, remote_id: str) -> int:
    [delivery_id] = seed(runtime.sessions, account, platform, 1, state=State.PUBLISHED)
    with runtime.sessions.begin() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(remote_id=remote_id, part_ids=[remote_id], published_at=PUBLISHED)
        )
    return delivery_id


def test_readings_are_taken_when_due_stored_once_and_shown(
    servers: tuple[MastodonServer, BlueskyServer, XServer],
    runtime_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mastodon, bluesky, x = servers
    token = mastodon.issue_token("newsroom")
    _, refresh = x.grant("newsroom")
    monkeypatch.setenv("MT_TOKEN", token)
    monkeypatch.setenv("MT_SKY", PASSWORD)
    monkeypatch.setenv("MT_X", refresh)
    accounts = {
        "masto": {"platform": "mastodon", "base_url": mastodon.base_url, "token_env": "MT_TOKEN"},
        "quiet": {
            "platform": "mastodon",
            "base_url": mastodon.base_url,
            "token_env": "MT_TOKEN",
            "read_metrics": False,
        },
        "sky": {
            "platform": "bluesky",
            "identifier": "newsroom.example",
            "service": bluesky.base_url,
            "app_password_env": "MT_SKY",
        },
        "x": {
            "platform": "x",
            "client_id": x.client_id,
            "api_base_url": x.base_url,
            "refresh_token_env": "MT_X",
        },
    }
    runtime: Runtime = runtime_factory(accounts=accounts)
    with httpx.Client() as client:
        toot = build(
            MastodonAdapter,
            client,
            options={"base_url": mastodon.base_url},
            secrets={"token": token},
        ).publish(PublishRequest("Counted", "m-1"))
        skeet = build(
            BlueskyAdapter,
            client,
            store=MemoryCredentialStore(),
            options={"identifier": "newsroom.example", "service": bluesky.base_url},
            secrets={"app_password": PASSWORD},
        ).publish(PublishRequest("Counted too", "s-1"))
        tweet = build(
            XAdapter,
            client,
            store=runtime.credentials,
            name="x",
            options={"client_id": x.client_id, "api_base_url": x.base_url},
            secrets={"refresh_token": refresh},
        ).publish(PublishRequest("Counted three", "x-1"))
    ids = {
        "masto": published(runtime, "masto", "mastodon", toot.remote_id),
        "quiet": published(runtime, "quiet", "mastodon", toot.remote_id),
        "sky": published(runtime, "sky", "bluesky", skeet.remote_id),
        "x": published(runtime, "x", "x", tweet.remote_id),
    }
    mastodon.counts[toot.remote_id] = {"favourites_count": 7, "reblogs_count": 2}
    bluesky.counts[skeet.remote_id] = {"likeCount": 11, "quoteCount": 1}
    x.metrics[tweet.remote_id] = {"like_count": 5, "impression_count": 340}

    assert read_due(runtime, PUBLISHED + timedelta(minutes=30)) == 0  # nothing due yet
    assert read_due(runtime, PUBLISHED + timedelta(hours=1, minutes=5)) == 3  # not "quiet"
    assert read_due(runtime, PUBLISHED + timedelta(hours=2)) == 0  # the 1 h reading is taken
    mastodon.counts[toot.remote_id] = {"favourites_count": 30, "reblogs_count": 9}
    assert read_due(runtime, PUBLISHED + timedelta(days=1, hours=1)) == 3
    assert read_due(runtime, PUBLISHED + timedelta(days=9)) == 0  # too old: never read as 7 d

    found = history(runtime, list(ids.values()))
    masto = found[ids["masto"]]
    assert [(r["reading"], r["likes"], r["reposts"]) for r in masto] == [
        ("1h", 7, 2),
        ("1d", 30, 9),
    ]
    assert found[ids["quiet"]] == []
    assert found[ids["sky"]][0]["likes"] == 11 and found[ids["sky"]][0]["quotes"] == 1
    assert found[ids["x"]][0]["impressions"] == 340 and found[ids["x"]][0]["replies"] == 0


def test_two_schedulers_reading_at_once_store_each_reading_once(
    servers: tuple[MastodonServer, BlueskyServer, XServer],
    runtime_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mastodon, _, _ = servers
    token = mastodon.issue_token("newsroom")
    monkeypatch.setenv("MT_TOKEN", token)
    account = {"platform": "mastodon", "base_url": mastodon.base_url, "token_env": "MT_TOKEN"}
    runtime: Runtime = runtime_factory(accounts={"masto": account})
    with httpx.Client() as client:
        adapter = build(
            MastodonAdapter,
            client,
            options={"base_url": mastodon.base_url},
            secrets={"token": token},
        )
        ids = [
            published(
                runtime,
                "masto",
                "mastodon",
                adapter.publish(PublishRequest(f"P{n}", f"k{n}")).remote_id,
            )
            for n in range(4)
        ]
    barrier, stored = threading.Barrier(2), []

    def run() -> None:
        barrier.wait()
        stored.append(read_due(runtime, PUBLISHED + timedelta(hours=2)))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(stored) == 4
    assert all(len(r) == 1 for r in history(runtime, ids).values())


def test_the_cli_shows_readings_as_json(
    servers: tuple[MastodonServer, BlueskyServer, XServer], runtime_factory: Any
) -> None:
    from socialpub.cli import app
    from socialpub.settings import get_settings

    runtime: Runtime = runtime_factory()
    delivery_id = published(runtime, "masto", "mastodon", "123")
    env = {"SOCIALPUB_DATABASE_URL": runtime.settings.database_url}
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["metrics", str(delivery_id), "--json"], env=env)
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("{") and f'"{delivery_id}": []' in result.stdout


def test_an_unreadable_answer_skips_one_reading_and_never_stops_the_others(
    servers: tuple[MastodonServer, BlueskyServer, XServer],
    runtime_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mastodon, _, _ = servers
    token = mastodon.issue_token("newsroom")
    monkeypatch.setenv("MT_TOKEN", token)
    account = {"platform": "mastodon", "base_url": mastodon.base_url, "token_env": "MT_TOKEN"}
    runtime: Runtime = runtime_factory(accounts={"one": account, "two": dict(account)})
    with httpx.Client() as client:
        options = {"base_url": mastodon.base_url}
        adapter = build(MastodonAdapter, client, options=options, secrets={"token": token})
        first = adapter.publish(PublishRequest("First", "u-1")).remote_id
        second = adapter.publish(PublishRequest("Second", "u-2")).remote_id
    published(runtime, "one", "mastodon", first)
    published(runtime, "two", "mastodon", second)
    # a proxy's error page with a 200: not JSON, not a platform error the adapter knows
    mastodon.control.fail(200, body=b"<html>gateway</html>", path=f"/api/v1/statuses/{first}")
    assert read_due(runtime, PUBLISHED + timedelta(hours=1, minutes=5)) == 1
    assert read_due(runtime, PUBLISHED + timedelta(hours=1, minutes=6)) == 1  # taken next run
