"""compose → scheduler → Redis → Celery worker → Mastodon / Bluesky stand-ins → history.

Real processes over real HTTP: the worker reaches the platform servers running in this test
process. The second test makes the platforms misbehave the way they do in production (an answer
lost after the post was made, a 429 with the platform's own reset header, an expired session)
and checks that each post still exists exactly once and history says so.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from socialpub.store.db import make_engine, session_factory
from socialpub.store.models import StoredCredential
from tests.conftest import REDIS_URL
from tests.integration.platforms.conftest import png
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.mastodon import MastodonServer
from tests.platform_servers.telegram import TelegramServer
from tests.processes import (
    cli,
    process_env,
    start_scheduler,
    start_worker,
    stop,
    wait_for,
    write_config,
)

pytestmark = pytest.mark.slow

ARTICLE = """# City hospital opens a night clinic for shift workers

The City Hospital will open a walk-in night clinic on Monday for people who work late shifts.
Nurses and two doctors will see patients from 8pm to 2am without an appointment.

"Shift workers have told us for years that they cannot reach a doctor in the day," said the
clinic's lead nurse. The clinic is funded for a one-year pilot.
"""
PASSWORD = "abcd-efgh-ijkl-mnop"


@pytest.fixture
def servers() -> Iterator[tuple[MastodonServer, BlueskyServer]]:
    with MastodonServer() as mastodon, BlueskyServer() as bluesky:
        bluesky.add_account("newsroom.example", PASSWORD)
        yield mastodon, bluesky


def _run(
    tmp_path: Path,
    database_url: str,
    redis_prefix: str,
    mastodon: MastodonServer,
    bluesky: BlueskyServer,
    extra_args: tuple[str, ...] = (),
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    queue = f"{redis_prefix}-publish"
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": database_url,
            "redis_url": REDIS_URL,
            "redis_prefix": redis_prefix,
            "celery_queue": queue,
            "dispatch_interval_seconds": 0.5,
            "reconcile_interval_seconds": 2.0,
            "backoff_base_seconds": 0.5,
            "backoff_cap_seconds": 5.0,
            "accounts": {
                "hospital-mastodon": {
                    "platform": "mastodon",
                    "base_url": mastodon.base_url,
                    "token_env": "MASTODON_TOKEN",
                    "timeout_seconds": 1.0,
                },
                "hospital-bluesky": {
                    "platform": "bluesky",
                    "identifier": "newsroom.example",
                    "service": bluesky.base_url,
                    "app_password_env": "BSKY_PASS",
                    "timeout_seconds": 2.0,
                },
            },
        },
    )
    env = process_env(
        config,
        MASTODON_TOKEN=mastodon.issue_token("newsroom"),
        BSKY_PASS=PASSWORD,
        SOCIALPUB_SECRET_KEY=Fernet.generate_key().decode(),
    )
    article = tmp_path / "clinic.md"
    article.write_text(ARTICLE, "utf-8")
    composed = json.loads(
        cli(
            [
                "compose",
                str(article),
                "--account",
                "hospital-mastodon",
                "--account",
                "hospital-bluesky",
                "--at",
                "now",
                "--json",
                *extra_args,
            ],
            env=env,
            cwd=tmp_path,
        ).stdout
    )
    sent = {d["account"]: d for d in composed["deliveries"]}
    worker = start_worker(env, tmp_path, queue, concurrency=2)
    scheduler = start_scheduler(env, tmp_path)
    try:

        def settled() -> list[dict[str, Any]]:
            rows = json.loads(cli(["history", "--json"], env=env, cwd=tmp_path).stdout)
            done = [r for r in rows if r["state"] in ("published", "failed", "unknown")]
            return rows if len(done) == 2 else []

        history = wait_for(settled, timeout=90, interval=0.5, what="both deliveries settled")
    finally:
        stop(scheduler)
        stop(worker)
    return history, sent


def _assert_exactly_once(
    history: list[dict[str, Any]],
    sent: dict[str, dict[str, Any]],
    mastodon: MastodonServer,
    bluesky: BlueskyServer,
) -> dict[str, dict[str, Any]]:
    rows = {r["account"]: r for r in history}
    assert {r["state"] for r in history} == {"published"}, history
    toots = sorted(mastodon.posts_by("newsroom"), key=lambda s: int(s.id))
    assert [s.text for s in toots] == (
        sent["hospital-mastodon"]["parts"] or [sent["hospital-mastodon"]["text"]]
    )
    assert rows["hospital-mastodon"]["remote_id"] == toots[0].id
    assert rows["hospital-mastodon"]["remote_url"] == f"{mastodon.base_url}/@newsroom/{toots[0].id}"
    skeets = sorted(bluesky.posts(), key=lambda p: p["createdAt"])
    assert [p["text"] for p in skeets] == (
        sent["hospital-bluesky"]["parts"] or [sent["hospital-bluesky"]["text"]]
    )
    assert rows["hospital-bluesky"]["remote_id"] in bluesky.records
    for post in skeets:
        tags = [f for f in post.get("facets", []) if "#tag" in f["features"][0]["$type"]]
        assert tags or "#" not in post["text"]  # every hashtag is a live tag
    return rows


def test_compose_to_history_on_mastodon_and_bluesky(
    tmp_path: Path,
    sqlite_url: str,
    redis_prefix: str,
    servers: tuple[MastodonServer, BlueskyServer],
) -> None:
    mastodon, bluesky = servers
    photo = tmp_path / "clinic.png"
    photo.write_bytes(png(64, 48))
    alt = "Two nurses at the night clinic's reception desk"
    history, sent = _run(
        tmp_path,
        sqlite_url,
        redis_prefix,
        mastodon,
        bluesky,
        ("--image", str(photo), "--alt", alt),
    )
    rows = _assert_exactly_once(history, sent, mastodon, bluesky)
    assert rows["hospital-mastodon"]["attempts"] == rows["hospital-bluesky"]["attempts"] == 1
    # the image and its alt text reached both platforms, on the first post only
    toots = sorted(mastodon.posts_by("newsroom"), key=lambda s: int(s.id))
    assert [len(t.media_ids) for t in toots] == [1] + [0] * (len(toots) - 1)
    assert mastodon.media[toots[0].media_ids[0]].description == alt
    first_skeet = min(bluesky.posts(), key=lambda p: p["createdAt"])
    assert [i["alt"] for i in first_skeet["embed"]["images"]] == [alt]
    keys = [r.headers.get("idempotency-key") for r in mastodon.control.seen("/api/v1/statuses")]
    assert all(keys) and len(set(keys)) == len(keys)


@pytest.mark.timeout(180)
def test_lost_answers_throttling_and_expired_sessions_still_publish_exactly_once(
    tmp_path: Path,
    database_url: str,
    redis_prefix: str,
    servers: tuple[MastodonServer, BlueskyServer],
) -> None:
    mastodon, bluesky = servers
    bluesky.access_ttl = 1.0  # every session the worker gets expires almost at once
    mastodon.control.stall(3.0, path="/api/v1/statuses", method="POST")  # made, answer lost
    reset = time.time() + 2
    bluesky.control.fail(
        429,
        path="createRecord",
        json_body={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers={
            "RateLimit-Limit": "5000",
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(int(reset) + 1),
            "RateLimit-Policy": "5000;w=3600",
        },
    )
    history, sent = _run(tmp_path, database_url, redis_prefix, mastodon, bluesky)
    rows = _assert_exactly_once(history, sent, mastodon, bluesky)
    parts = sent["hospital-mastodon"]["parts"] or [sent["hospital-mastodon"]["text"]]
    # the lost answer was resolved by lookup, not by sending again
    assert len(mastodon.control.seen("/api/v1/statuses", "POST")) == len(parts)
    assert mastodon.control.seen("/api/v1/accounts/newsroom/statuses", "GET")
    assert rows["hospital-bluesky"]["attempts"] >= 2  # throttled once, then published
    assert time.time() >= reset  # and not before the platform's reset
    assert bluesky.sessions_created == 1 and bluesky.control.seen("refreshSession")
    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as session:
            stored = session.scalars(select(StoredCredential)).all()
    finally:
        engine.dispose()
    assert [s.account for s in stored] == ["hospital-bluesky"]
    # stored encrypted: neither the session's field names nor any token the PDS issued appear
    assert bluesky.issued and "accessJwt" not in stored[0].ciphertext
    payloads = [jwt.split(".")[1] for jwt in bluesky.issued]
    assert not [p for p in payloads if p in stored[0].ciphertext]


def test_a_lost_answer_on_a_platform_without_lookup_is_left_for_a_human_not_resent(
    tmp_path: Path, sqlite_url: str, redis_prefix: str
) -> None:
    with TelegramServer() as telegram:
        queue = f"{redis_prefix}-publish"
        config = write_config(
            tmp_path / "socialpub.toml",
            {
                "database_url": sqlite_url,
                "redis_url": REDIS_URL,
                "redis_prefix": redis_prefix,
                "celery_queue": queue,
                "dispatch_interval_seconds": 0.5,
                "reconcile_interval_seconds": 1.0,
                "accounts": {
                    "hospital-telegram": {
                        "platform": "telegram",
                        "chat_id": "@citynews",
                        "api_url": telegram.base_url,
                        "bot_token_env": "TG_TOKEN",
                        "timeout_seconds": 1.0,
                    }
                },
            },
        )
        env = process_env(config, TG_TOKEN=telegram.issue_token())
        article = tmp_path / "clinic.md"
        article.write_text(ARTICLE, "utf-8")
        telegram.control.stall(3.0, path="sendMessage")  # sent, but the answer never arrives
        cli(
            ["compose", str(article), "--account", "hospital-telegram", "--at", "now"],
            env=env,
            cwd=tmp_path,
        )
        worker = start_worker(env, tmp_path, queue)
        scheduler = start_scheduler(env, tmp_path)
        try:

            def unknown() -> list[dict[str, Any]]:
                rows = json.loads(cli(["history", "--json"], env=env, cwd=tmp_path).stdout)
                return rows if rows and rows[0]["state"] == "unknown" else []

            [row] = wait_for(unknown, timeout=60, interval=0.5, what="the outcome marked unknown")
            time.sleep(4)  # several reconciler passes: none may send again
        finally:
            stop(scheduler)
            stop(worker)
        assert len(telegram.messages) == 1
        assert len(telegram.control.seen("sendMessage")) == 1
        assert "check the channel by hand" in (row["last_error"] or "")
