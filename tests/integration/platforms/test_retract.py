"""``socialpub retract``: a published post comes down from every platform it reached, once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.delivery.retract import NoSuchPost, retract_post
from socialpub.delivery.states import State
from socialpub.platforms.base import MemoryCredentialStore, PublishRequest
from socialpub.platforms.bluesky import BlueskyAdapter
from socialpub.platforms.mastodon import MastodonAdapter
from socialpub.runtime import Runtime
from socialpub.settings import get_settings
from socialpub.store.models import AuditEvent, Delivery
from tests.integration.delivery.seed import seed
from tests.integration.platforms.conftest import build
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.mastodon import MastodonServer
from tests.processes import write_config

PASSWORD = "abcd-efgh-ijkl-mnop"


@pytest.fixture
def servers() -> Iterator[tuple[MastodonServer, BlueskyServer]]:
    with MastodonServer() as mastodon, BlueskyServer() as bluesky:
        bluesky.add_account("newsroom.example", PASSWORD)
        yield mastodon, bluesky


def accounts(mastodon: MastodonServer, bluesky: BlueskyServer) -> dict[str, Any]:
    return {
        "masto": {"platform": "mastodon", "base_url": mastodon.base_url, "token_env": "RT_MASTO"},
        "sky": {
            "platform": "bluesky",
            "identifier": "newsroom.example",
            "service": bluesky.base_url,
            "app_password_env": "RT_SKY",
        },
        "slack": {"platform": "slack", "webhook_url_env": "RT_SLACK"},
    }


def published(runtime: Runtime, account: str, platform: str, part_ids: list[str]) -> int:
    """A delivery recorded as published with these remote parts; its post id."""
    [delivery_id] = seed(runtime.sessions, account, platform, 1, state=State.PUBLISHED)
    with runtime.sessions.begin() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(part_ids=part_ids, remote_id=part_ids[0])
        )
        return session.get_one(Delivery, delivery_id).post_id


def move_to_post(
    runtime: Runtime, post_id: int, account: str, platform: str, ids: list[str]
) -> int:
    """One more published delivery of ``post_id`` (the same post on another account)."""
    other = published(runtime, account, platform, ids)
    with runtime.sessions.begin() as session:
        row = session.scalars(select(Delivery).where(Delivery.post_id == other)).one()
        row.post_id = post_id
        return row.id


def events(runtime: Runtime, kind: str) -> list[AuditEvent]:
    with runtime.sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)))


@pytest.fixture
def setup(
    servers: tuple[MastodonServer, BlueskyServer],
    runtime_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Runtime, int, MastodonServer, BlueskyServer]:
    mastodon, bluesky = servers
    token = mastodon.issue_token("newsroom")
    monkeypatch.setenv("RT_MASTO", token)
    monkeypatch.setenv("RT_SKY", PASSWORD)
    monkeypatch.setenv("RT_SLACK", "https://hooks.slack.example/services/T0/B0/x")
    runtime: Runtime = runtime_factory(accounts=accounts(mastodon, bluesky))
    with httpx.Client() as client:
        masto = build(
            MastodonAdapter,
            client,
            options={"base_url": mastodon.base_url},
            secrets={"token": token},
        )
        first = masto.publish(PublishRequest("Wrong figure, part 1", "m-1"))
        second = masto.publish(PublishRequest("part 2", "m-2", reply_to=first.remote_id))
        sky = build(
            BlueskyAdapter,
            client,
            store=MemoryCredentialStore(),
            options={"identifier": "newsroom.example", "service": bluesky.base_url},
            secrets={"app_password": PASSWORD},
        )
        skeet = sky.publish(PublishRequest("Wrong figure", "s-1"))
    post_id = published(runtime, "masto", "mastodon", [first.remote_id, second.remote_id])
    move_to_post(runtime, post_id, "sky", "bluesky", [skeet.remote_id])
    return runtime, post_id, mastodon, bluesky


def test_a_post_comes_down_everywhere_once_and_is_audited(
    setup: tuple[Runtime, int, MastodonServer, BlueskyServer],
) -> None:
    runtime, post_id, mastodon, bluesky = setup
    assert len(mastodon.statuses) == 2 and len(bluesky.posts()) == 1
    report = retract_post(runtime, post_id, actor="user:editor")
    assert report.ok and len(report.retracted) == 2
    assert mastodon.statuses == {} and bluesky.posts() == []
    deletes = len(mastodon.control.seen("/api/v1/statuses/", "DELETE"))
    assert deletes == 2  # the reply first, then the post
    again = retract_post(runtime, post_id, actor="user:editor")
    assert again.ok and again.retracted == [] and sorted(again.already) == sorted(report.retracted)
    assert len(mastodon.control.seen("/api/v1/statuses/", "DELETE")) == deletes  # not asked again
    retracted = events(runtime, "retracted")
    assert len(retracted) == 2 and {e.actor for e in retracted} == {"user:editor"}
    with runtime.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.post_id == post_id)).all()
        assert all(r.state == State.PUBLISHED.value and r.retracted_at for r in rows)
    with pytest.raises(NoSuchPost):
        retract_post(runtime, 10_000, actor="user:editor")


def test_two_retracts_at_once_write_one_event_per_delivery(
    setup: tuple[Runtime, int, MastodonServer, BlueskyServer],
) -> None:
    runtime, post_id, mastodon, bluesky = setup
    barrier = threading.Barrier(2)
    reports = []

    def run() -> None:
        barrier.wait()
        reports.append(retract_post(runtime, post_id, actor="user:editor"))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(r.ok for r in reports)
    assert sorted(d for r in reports for d in r.retracted) == sorted(
        {d for r in reports for d in r.retracted}
    )
    assert len(events(runtime, "retracted")) == 2
    assert mastodon.statuses == {} and bluesky.posts() == []


def test_a_platform_that_cannot_delete_is_reported_and_the_rest_still_come_down(
    setup: tuple[Runtime, int, MastodonServer, BlueskyServer],
) -> None:
    runtime, post_id, mastodon, _ = setup
    slack_delivery = move_to_post(runtime, post_id, "slack", "slack", ["slack:key"])
    mastodon.control.fail(503, path="/api/v1/statuses/", method="DELETE")
    report = retract_post(runtime, post_id, actor="user:editor")
    assert not report.ok and set(report.failed) >= {slack_delivery}
    assert "cannot delete" in report.failed[slack_delivery]
    failed_events = events(runtime, "retract_failed")
    assert {e.subject_id for e in failed_events} == set(report.failed)
    later = retract_post(runtime, post_id, actor="user:editor")  # the 503 was passing
    assert set(later.failed) == {slack_delivery} and mastodon.statuses == {}


def test_the_cli_retracts_and_says_what_it_did(
    servers: tuple[MastodonServer, BlueskyServer],
    tmp_path: Path,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mastodon, bluesky = servers
    token = mastodon.issue_token("newsroom")
    config = write_config(
        tmp_path / "socialpub.toml",
        {"database_url": sqlite_url, "accounts": accounts(mastodon, bluesky)},
    )
    slack = "https://hooks.slack.example/services/T0/B0/x"
    env = {
        "SOCIALPUB_CONFIG": str(config),
        "RT_MASTO": token,
        "RT_SKY": PASSWORD,
        "RT_SLACK": slack,
    }
    monkeypatch.setenv("RT_SLACK", slack)
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    monkeypatch.setenv("RT_MASTO", token)
    monkeypatch.setenv("RT_SKY", PASSWORD)
    get_settings.cache_clear()
    runtime = Runtime(get_settings())
    try:
        from socialpub.store.migrate import upgrade

        upgrade(runtime.engine)
        with httpx.Client() as client:
            masto = build(
                MastodonAdapter,
                client,
                options={"base_url": mastodon.base_url},
                secrets={"token": token},
            )
            made = masto.publish(PublishRequest("Oops", "m-9"))
        post_id = published(runtime, "masto", "mastodon", [made.remote_id])
    finally:
        runtime.close()
    runner = CliRunner()
    result = runner.invoke(app, ["retract", str(post_id)], env=env)
    assert result.exit_code == 0, result.output
    assert "deleted" in result.output and made.remote_id not in mastodon.statuses
    again = runner.invoke(app, ["retract", str(post_id), "--json"], env=env)
    assert again.exit_code == 0 and json.loads(again.stdout)["already"]
    missing = runner.invoke(app, ["retract", "999"], env=env)
    assert missing.exit_code == 1 and "no post 999" in missing.output
    get_settings.cache_clear()


def test_the_rest_api_retracts_for_approvers_only(
    setup: tuple[Runtime, int, MastodonServer, BlueskyServer],
) -> None:
    from socialpub.api.app import create_app
    from socialpub.store import tokens
    from socialpub.store.tokens import Role
    from tests.platform_servers.runner import run_server

    runtime, post_id, mastodon, _ = setup
    with runtime.sessions.begin() as session:
        staff = tokens.create(session, "comms", Role.STAFF, actor="test")
        approver = tokens.create(session, "head", Role.APPROVER, actor="test")
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=30) as c:
        url = f"/api/posts/{post_id}/retract"
        assert c.post(url, headers={"Authorization": f"Bearer {staff}"}).status_code == 403
        done = c.post(url, headers={"Authorization": f"Bearer {approver}"})
        assert done.status_code == 200 and done.json()["ok"] is True
        assert len(done.json()["retracted"]) == 2 and mastodon.statuses == {}
        missing = c.post(
            "/api/posts/999999/retract", headers={"Authorization": f"Bearer {approver}"}
        )
        assert missing.status_code == 404
