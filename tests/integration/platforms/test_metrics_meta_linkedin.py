"""Public counts from Facebook Pages, Threads and LinkedIn, over real HTTP to the stand-ins: each
adapter maps its platform's documented answer to our counts, and the scheduled job stores them,
where one platform refusing to answer neither stops the others nor loses the reading."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from socialpub.delivery.metrics import history, read_due
from socialpub.platforms.base import MemoryCredentialStore, PostMetrics, PublishRequest
from socialpub.platforms.errors import AuthError, RateLimited
from socialpub.platforms.facebook import FacebookAdapter
from socialpub.platforms.linkedin import LinkedInAdapter
from socialpub.platforms.threads import ThreadsAdapter
from socialpub.runtime import Runtime
from tests.integration.platforms.conftest import build
from tests.integration.platforms.test_metrics import published
from tests.platform_servers.facebook import FacebookServer
from tests.platform_servers.linkedin import LinkedInServer
from tests.platform_servers.threads import ThreadsServer

PAGE = "1029384756"
MEMBER, ORG = "urn:li:person:abc123", "urn:li:organization:4242"
PUBLISHED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@dataclass
class Servers:
    facebook: FacebookServer
    threads: ThreadsServer
    linkedin: LinkedInServer


@pytest.fixture
def servers() -> Iterator[Servers]:
    with FacebookServer(PAGE) as f, ThreadsServer(processing_polls=1) as t, LinkedInServer() as li:
        li.admins[ORG] = {MEMBER}
        yield Servers(f, t, li)


@dataclass
class Adapters:
    facebook: FacebookAdapter
    threads: ThreadsAdapter
    linkedin: LinkedInAdapter


def adapters(s: Servers, client: httpx.Client, tokens: dict[str, str]) -> Adapters:
    return Adapters(
        build(
            FacebookAdapter,
            client,
            secrets={"page_token": tokens["facebook"]},
            options={"page_id": PAGE, "graph_url": s.facebook.base_url, "timeout_seconds": 2},
        ),
        build(
            ThreadsAdapter,
            client,
            store=MemoryCredentialStore(),
            secrets={"access_token": tokens["threads"]},
            options={"graph_url": s.threads.base_url, "poll_seconds": 0.05, "timeout_seconds": 2},
        ),
        build(
            LinkedInAdapter,
            client,
            store=MemoryCredentialStore(),
            secrets={"access_token": tokens["linkedin"]},
            options={"author": ORG, "api_base_url": s.linkedin.base_url, "timeout_seconds": 2},
        ),
    )


def tokens_for(s: Servers) -> dict[str, str]:
    return {
        "facebook": s.facebook.issue_token(),
        "threads": s.threads.issue_token(),
        "linkedin": s.linkedin.grant(MEMBER)[0],
    }


def test_each_adapter_reads_its_platforms_counts(servers: Servers) -> None:
    with httpx.Client() as client:
        a = adapters(servers, client, tokens_for(servers))
        page_post = a.facebook.publish(PublishRequest("Flu clinic opens Monday", "f-1")).remote_id
        a.facebook.publish(PublishRequest("One comment", "f-2", reply_to=page_post))
        media = a.threads.publish(PublishRequest("Flu clinic opens Monday", "t-1")).remote_id
        share = a.linkedin.publish(PublishRequest("Flu clinic opens Monday", "l-1")).remote_id
        a.linkedin.publish(PublishRequest("A first comment", "l-2", reply_to=share))

        # nobody has reacted or shared yet: zeros, where the Graph API leaves shares out
        assert a.facebook.metrics(page_post) == PostMetrics(likes=0, reposts=0, replies=1)
        servers.facebook.counts[page_post] = {"reactions": 12, "shares": 3}
        servers.threads.insights[media] = {
            "views": 480,
            "likes": 21,
            "replies": 4,
            "reposts": 2,
            "quotes": 1,
        }
        servers.linkedin.likes[share] = 9

        assert a.facebook.metrics(page_post) == PostMetrics(likes=12, reposts=3, replies=1)
        assert a.threads.metrics(media) == PostMetrics(
            likes=21, reposts=2, replies=4, quotes=1, impressions=480
        )
        # LinkedIn's summary has no repost or view count: unknown, not zero
        assert a.linkedin.metrics(share) == PostMetrics(likes=9, replies=1)


def test_platform_errors_reach_the_caller_as_platform_errors(servers: Servers) -> None:
    with httpx.Client() as client:
        a = adapters(servers, client, tokens_for(servers))
        media = a.threads.publish(PublishRequest("Counted later", "t-1")).remote_id
        share = a.linkedin.publish(PublishRequest("Counted later", "l-1")).remote_id
        servers.threads.insights_allowed = False  # no threads_manage_insights on the token
        with pytest.raises(AuthError):
            a.threads.metrics(media)
        servers.linkedin.rate_limit()
        with pytest.raises(RateLimited) as limited:
            a.linkedin.metrics(share)
        assert limited.value.retry_after is not None and limited.value.retry_after > 0


def test_the_job_stores_readings_and_survives_a_platform_that_refuses(
    servers: Servers, runtime_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = tokens_for(servers)
    monkeypatch.setenv("MM_FB", tokens["facebook"])
    monkeypatch.setenv("MM_TH", tokens["threads"])
    monkeypatch.setenv("MM_LI", tokens["linkedin"])
    accounts = {
        "page": {
            "platform": "facebook",
            "page_id": PAGE,
            "graph_url": servers.facebook.base_url,
            "page_token_env": "MM_FB",
        },
        "thr": {
            "platform": "threads",
            "graph_url": servers.threads.base_url,
            "access_token_env": "MM_TH",
        },
        "li": {
            "platform": "linkedin",
            "author": ORG,
            "api_base_url": servers.linkedin.base_url,
            "access_token_env": "MM_LI",
        },
    }
    runtime: Runtime = runtime_factory(accounts=accounts)
    with httpx.Client() as client:
        a = adapters(servers, client, tokens)
        post = a.facebook.publish(PublishRequest("Counted", "f-1")).remote_id
        media = a.threads.publish(PublishRequest("Counted", "t-1")).remote_id
        share = a.linkedin.publish(PublishRequest("Counted", "l-1")).remote_id
    ids = {
        "page": published(runtime, "page", "facebook", post),
        "thr": published(runtime, "thr", "threads", media),
        "li": published(runtime, "li", "linkedin", share),
    }
    servers.facebook.counts[post] = {"reactions": 5, "shares": 1}
    servers.threads.insights[media] = {"views": 100, "likes": 8}
    servers.linkedin.likes[share] = 4

    # Threads refuses (permission), LinkedIn throttles: Facebook's reading is stored regardless
    servers.threads.insights_allowed = False
    servers.linkedin.rate_limit()
    first = PUBLISHED + timedelta(hours=1, minutes=5)
    assert read_due(runtime, first) == 1
    found = history(runtime, list(ids.values()))
    assert [(r["reading"], r["likes"], r["reposts"], r["replies"]) for r in found[ids["page"]]] == [
        ("1h", 5, 1, 0)
    ]
    assert found[ids["thr"]] == [] and found[ids["li"]] == []
    assert runtime.rate_limiter.held_for("li", first) > 0  # LinkedIn said wait: we wait

    # the refused reading is taken on a later run once the platform answers
    servers.threads.insights_allowed = True
    assert read_due(runtime, first + timedelta(minutes=5)) == 1
    [reading] = history(runtime, [ids["thr"]])[ids["thr"]]
    assert (reading["likes"], reading["impressions"], reading["reposts"]) == (8, 100, 0)
