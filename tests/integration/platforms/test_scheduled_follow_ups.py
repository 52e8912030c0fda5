"""The scheduler's follow-ups with real processes: compose with a first comment → scheduler →
worker → Mastodon and Bluesky stand-ins; the comment goes out as a reply only after its post is
published (and after its delay), once; then the metrics job reads the posts' public counts and
``history`` shows the latest reading of each delivery.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import update

from socialpub.store.db import make_engine, session_factory
from socialpub.store.models import Delivery
from tests import processes
from tests.conftest import REDIS_URL
from tests.integration.platforms.test_pipeline import ARTICLE, PASSWORD, servers
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.mastodon import MastodonServer

pytestmark = pytest.mark.slow
__all__ = ["servers"]  # the fixture, shared with the pipeline test

COMMENT = "Opening hours and a map: https://news.example/clinic-map"
DELAY_SECONDS = 2


@pytest.mark.timeout(240)
def test_first_comments_follow_their_posts_and_metrics_are_read_by_the_scheduler(
    tmp_path: Path,
    postgres_url: str,
    redis_prefix: str,
    servers: tuple[MastodonServer, BlueskyServer],
) -> None:
    mastodon, bluesky = servers
    queue = f"{redis_prefix}-publish"
    config = processes.write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": postgres_url,
            "redis_url": REDIS_URL,
            "redis_prefix": redis_prefix,
            "celery_queue": queue,
            "dispatch_interval_seconds": 0.5,
            "reconcile_interval_seconds": 2.0,
            "first_comment_interval_seconds": 0.5,
            "metrics_interval_seconds": 1.0,
            "accounts": {
                "hospital-mastodon": {
                    "platform": "mastodon",
                    "base_url": mastodon.base_url,
                    "token_env": "MASTODON_TOKEN",
                },
                "hospital-bluesky": {
                    "platform": "bluesky",
                    "identifier": "newsroom.example",
                    "service": bluesky.base_url,
                    "app_password_env": "BSKY_PASS",
                },
            },
        },
    )
    env = processes.process_env(
        config,
        MASTODON_TOKEN=mastodon.issue_token("newsroom"),
        BSKY_PASS=PASSWORD,
        SOCIALPUB_SECRET_KEY=Fernet.generate_key().decode(),
    )
    article = tmp_path / "clinic.md"
    article.write_text(ARTICLE, "utf-8")
    processes.cli(
        [
            "compose", str(article), "-a", "hospital-mastodon", "-a", "hospital-bluesky",
            "--at", "now", "--first-comment", COMMENT,
            "--first-comment-delay", f"{DELAY_SECONDS}s",
        ],
        env=env,
        cwd=tmp_path,
    )  # fmt: skip

    def history() -> list[dict[str, Any]]:
        return list(json.loads(processes.cli(["history", "--json"], env=env, cwd=tmp_path).stdout))

    worker = processes.start_worker(env, tmp_path, queue, concurrency=2)
    scheduler = processes.start_scheduler(env, tmp_path)
    try:

        def all_published() -> list[dict[str, Any]]:
            found = history()
            return found if sum(r["state"] == "published" for r in found) == 4 else []

        rows = processes.wait_for(
            all_published, timeout=120, interval=0.5, what="both posts and first comments out"
        )
        by_id = {r["id"]: r for r in rows}
        posts = [r for r in rows if r["text"] != COMMENT]
        comments = [r for r in rows if r["text"] == COMMENT]
        assert len(posts) == len(comments) == 2

        # The posts are an hour old now (as far as the metrics job can tell), with counts.
        engine = make_engine(postgres_url)
        try:
            with session_factory(engine).begin() as session:
                for post in posts:
                    session.execute(
                        update(Delivery)
                        .where(Delivery.id == post["id"])
                        .values(published_at=_at(post["published_at"]) - timedelta(minutes=61))
                    )
        finally:
            engine.dispose()
        toot_id = next(r["remote_id"] for r in posts if r["account"] == "hospital-mastodon")
        skeet_uri = next(r["remote_id"] for r in posts if r["account"] == "hospital-bluesky")
        mastodon.counts[toot_id] = {"favourites_count": 7, "reblogs_count": 2}
        bluesky.counts[skeet_uri] = {"likeCount": 11, "repostCount": 3}
        parents = {p["id"] for p in posts}

        def counted() -> list[dict[str, Any]]:
            found = history()
            return found if all(r["metrics"] for r in found if r["id"] in parents) else []

        read = processes.wait_for(counted, timeout=60, interval=0.5, what="the 1 h metrics read")
    finally:
        processes.stop(scheduler)
        processes.stop(worker)

    # each comment is one reply to its own post, sent after the post and after the delay
    replies = [s for s in mastodon.statuses.values() if s.in_reply_to_id is not None]
    assert [(s.text, s.in_reply_to_id) for s in replies] == [(COMMENT, toot_id)]
    sky_replies = [p for p in bluesky.posts() if "reply" in p]
    assert [(p["text"], p["reply"]["parent"]["uri"]) for p in sky_replies] == [(COMMENT, skeet_uri)]
    for comment in comments:
        parent = next(p for p in posts if p["account"] == comment["account"])
        assert comment["published_at"] is not None
        assert comment["remote_id"] != parent["remote_id"]
        gap = _seconds(by_id[comment["id"]]["published_at"]) - _seconds(
            by_id[parent["id"]]["published_at"]
        )
        assert gap >= DELAY_SECONDS

    metrics = {r["account"]: r["metrics"] for r in read if r["text"] != COMMENT}
    assert metrics["hospital-mastodon"]["reading"] == "1h"
    assert (metrics["hospital-mastodon"]["likes"], metrics["hospital-mastodon"]["reposts"]) == (
        7,
        2,
    )
    assert (metrics["hospital-bluesky"]["likes"], metrics["hospital-bluesky"]["reposts"]) == (11, 3)
    table = processes.cli(["history"], env=env, cwd=tmp_path).stdout
    assert "♥7 ↻2" in table and "♥11 ↻3" in table


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _seconds(iso: str) -> float:
    return _at(iso).timestamp()
