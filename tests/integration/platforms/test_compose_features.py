"""What compose and preview add for the platforms: a first comment (CLI, REST, web), the link
card each platform shows (read from a page on loopback with the safe fetcher, or "no card" with
the reason), and the account's campaign parameters on the link, applied once."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.runtime import Runtime
from socialpub.settings import get_settings
from socialpub.store.models import Delivery, Post
from socialpub.store.tokens import Role
from tests.integration.delivery.conftest import tick
from tests.integration.platforms.conftest import png
from tests.integration.platforms.test_pipeline import ARTICLE
from tests.platform_servers.mastodon import MastodonServer
from tests.platform_servers.runner import run_server
from tests.processes import write_config

runner = CliRunner()
PAGE = """<!doctype html><html><head><title>Fallback</title>
<meta property="og:title" content="Night clinic opens for shift workers">
<meta property="og:description" content="Nurses and two doctors, 8pm to 2am.">
<meta property="og:image" content="/thumb.png"></head><body>text</body></html>"""
UTM = {"source": "{platform}", "medium": "social", "campaign": "{campaign}"}
COMMENT = "Opening hours and map: https://news.example/clinic-map"


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def page() -> Iterator[str]:
    async def article(request: Request) -> Response:
        return HTMLResponse(PAGE)

    async def thumb(request: Request) -> Response:
        return Response(png(300, 200), media_type="image/png")

    site = Starlette(routes=[Route("/article", article), Route("/thumb.png", thumb)])
    with run_server(site) as base:
        yield f"{base}/article"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def setup(
    tmp_path: Path, database_url: str, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[dict[str, str], MastodonServer]]:
    with MastodonServer() as mastodon:
        config = write_config(
            tmp_path / "socialpub.toml",
            {
                "database_url": database_url,
                "redis_prefix": redis_prefix,
                "allow_hosts": ["127.0.0.1"],
                "fetch_timeout_seconds": 5.0,
                "accounts": {
                    "masto": {
                        "platform": "mastodon",
                        "base_url": mastodon.base_url,
                        "token_env": "FEAT_TOKEN",
                        "utm": UTM,
                    },
                    "archive": {"platform": "outbox", "path": str(tmp_path / "out.jsonl")},
                },
            },
        )
        (tmp_path / "article.md").write_text(ARTICLE, "utf-8")
        env = {"SOCIALPUB_CONFIG": str(config), "FEAT_TOKEN": mastodon.issue_token("news")}
        for name, value in env.items():
            monkeypatch.setenv(name, value)  # for the Runtime a test builds from the config
        yield env, mastodon


def _cli(args: list[str], env: dict[str, str], code: int = 0) -> str:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_compose_stores_the_first_comment_and_tags_the_link_once_per_account(
    tmp_path: Path, setup: tuple[dict[str, str], MastodonServer], page: str
) -> None:
    env, mastodon = setup
    article = str(tmp_path / "article.md")
    out = json.loads(
        _cli(
            [
                "compose", article, "-a", "masto", "-a", "archive", "--at", "now",
                "--link", page, "--campaign", "night clinic",
                "--first-comment", COMMENT, "--first-comment-delay", "10m", "--json",
            ],
            env,
        )
    )  # fmt: skip
    assert out["first_comment"] == COMMENT and out["first_comment_delay_seconds"] == 600
    rows = {d["account"]: d for d in out["deliveries"]}
    tagged = rows["masto"]["link"]
    query = dict(parse_qsl(urlsplit(tagged).query))
    assert query == {
        "utm_source": "mastodon",
        "utm_medium": "social",
        "utm_campaign": "night clinic",
    }
    assert tagged in rows["masto"]["text"] and rows["masto"]["text"].count("utm_source") == 1
    assert rows["archive"]["link"] == page and "utm_" not in rows["archive"]["text"]

    # a link that carries utm_* already is someone's choice: left as it is
    chosen = page + "?utm_source=newsletter"
    again = json.loads(
        _cli(
            ["compose", article, "-a", "masto", "--link", chosen, "--allow-duplicate", "--json"],
            env,
        )
    )
    [delivery] = again["deliveries"]
    assert delivery["link"] == chosen and delivery["text"].count("utm_") == 1

    # what the worker sends is the tagged link, in the text and as the post's link
    get_settings.cache_clear()
    runtime = Runtime(get_settings())
    try:
        tick(runtime)
        sent = [s.text for s in mastodon.statuses.values()]
        assert any(tagged in text for text in sent)
        assert all(text.count("utm_source") == 1 for text in sent)
        with runtime.sessions() as session:
            post = session.get_one(Post, out["post_id"])
            assert (post.first_comment, post.first_comment_delay_seconds) == (COMMENT, 600)
            assert post.link == page  # the post keeps the plain link; each delivery its own
    finally:
        runtime.close()


def test_a_bad_first_comment_delay_is_one_line(
    tmp_path: Path, setup: tuple[dict[str, str], MastodonServer]
) -> None:
    env, _ = setup
    args = ["compose", str(tmp_path / "article.md"), "-a", "masto", "--first-comment", "x"]
    output = _cli([*args, "--first-comment-delay", "soon"], env, code=1)
    assert "--first-comment-delay" in output and "Traceback" not in output


def test_preview_shows_each_platforms_card_and_the_first_comment(
    tmp_path: Path, setup: tuple[dict[str, str], MastodonServer], page: str
) -> None:
    env, _ = setup
    article = str(tmp_path / "article.md")
    args = ["preview", article, "-p", "masto", "-p", "archive", "-p", "bluesky", "-p", "discord"]
    shown = json.loads(
        _cli([*args, "--link", page, "--first-comment", COMMENT, "--campaign", "c1", "--json"], env)
    )
    card = {
        "title": "Night clinic opens for shift workers",
        "description": "Nurses and two doctors, 8pm to 2am.",
        "thumbnail": True,
        "domain": "127.0.0.1",
    }
    posts = {p["target"]: p for p in shown["posts"]}
    assert posts["masto"]["card"]["card"] == card and posts["bluesky"]["card"]["card"] == card
    assert posts["archive"]["card"] is None  # an outbox file shows nobody a card
    assert posts["masto"]["link"].endswith("utm_source=mastodon&utm_medium=social&utm_campaign=c1")
    assert shown["first_comment"] == COMMENT
    assert posts["masto"]["first_comment"] and posts["bluesky"]["first_comment"]
    assert not posts["discord"]["first_comment"] and not posts["archive"]["first_comment"]

    human = _cli([*args, "--link", page, "--first-comment", COMMENT], env)
    assert "┌ Night clinic opens for shift workers" in human and "thumbnail: yes" in human
    assert f"first comment (0s after): {COMMENT}" in human
    assert "first comment: not on discord (it takes no replies)" in human


def test_preview_without_a_readable_page_says_why_and_still_shows_the_post(
    tmp_path: Path, setup: tuple[dict[str, str], MastodonServer]
) -> None:
    env, _ = setup
    article = str(tmp_path / "article.md")
    down = f"http://127.0.0.1:{_closed_port()}/gone"
    shown = json.loads(_cli(["preview", article, "-p", "masto", "--link", down, "--json"], env))
    [post] = shown["posts"]
    assert post["card"]["card"] is None and post["card"]["reason"]
    assert down in post["text"]
    human = _cli(["preview", article, "-p", "masto", "--link", down], env)
    assert "no card: " in human and "Traceback" not in human
    # a page that is not public and not allowed: the safe fetcher's own reason
    private = "http://10.255.255.1/story"
    refused = json.loads(
        _cli(["preview", article, "-p", "masto", "--link", private, "--json"], env)
    )
    assert refused["posts"][0]["card"]["reason"]


def test_rest_preview_and_compose_take_the_first_comment(
    runtime_factory: Any, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialpub.api.app import create_app
    from socialpub.store import tokens

    with MastodonServer() as mastodon:
        monkeypatch.setenv("FEAT_TOKEN", mastodon.issue_token("news"))
        account = {
            "platform": "mastodon",
            "base_url": mastodon.base_url,
            "token_env": "FEAT_TOKEN",
            "utm": UTM,
        }
        runtime: Runtime = runtime_factory(accounts={"masto": account}, allow_hosts=("127.0.0.1",))
        with runtime.sessions.begin() as session:
            value = tokens.create(session, "comms", Role.STAFF, actor="test")
        with run_server(create_app(runtime)) as base, httpx.Client(base_url=base) as client:
            headers = {"Authorization": f"Bearer {value}"}
            body = {"text": ARTICLE, "format": "markdown", "accounts": ["masto"], "link": page}
            shown = client.post(
                "/api/posts/preview",
                json=body | {"first_comment": COMMENT, "campaign": "c2"},
                headers=headers,
            )
            assert shown.status_code == 200, shown.text
            [masto] = shown.json()["accounts"]
            assert masto["card"]["card"]["title"] == "Night clinic opens for shift workers"
            assert masto["first_comment"] and shown.json()["first_comment"] == COMMENT
            assert "utm_campaign=c2" in masto["link"] and masto["link"] in masto["text"]
            made = client.post(
                "/api/posts",
                json=body | {"first_comment": COMMENT, "first_comment_delay_seconds": 60},
                headers=headers,
            )
            assert made.status_code == 201, made.text
            assert made.json()["first_comment"] == COMMENT
            bad = client.post(
                "/api/posts",
                json=body | {"first_comment": COMMENT, "first_comment_delay_seconds": -5},
                headers=headers,
            )
            assert bad.status_code == 422
        with runtime.sessions() as session:
            post = session.get_one(Post, made.json()["post_id"])
            assert post.first_comment_delay_seconds == 60
            [delivery] = session.scalars(select(Delivery).where(Delivery.post_id == post.id))
            assert delivery.link is not None and "utm_source=mastodon" in delivery.link


def test_the_web_compose_page_takes_a_first_comment_and_previews_the_card(
    runtime_factory: Any, page: str
) -> None:
    from socialpub.api.app import create_app
    from tests.web import add_person, csrf_in, sign_in

    runtime: Runtime = runtime_factory(
        accounts={
            "masto": {"platform": "mastodon", "base_url": "https://m.example"},
            "archive": {"platform": "outbox", "path": "out.jsonl"},
        },
        allow_hosts=("127.0.0.1",),
    )
    add_person(runtime, "sam@example.org", Role.STAFF, "Sam Staff")
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=30) as c:
        assert sign_in(c, "sam@example.org").status_code == 303
        compose = c.get("/compose").text
        assert 'name="first_comment"' in compose and 'name="first_comment_delay"' in compose
        form = {
            "csrf_token": csrf_in(compose),
            "text": ARTICLE,
            "format": "markdown",
            "link": page,
            "accounts": ["masto", "archive"],
            "first_comment": COMMENT,
            "first_comment_delay": "5",
            "when_mode": "now",
        }
        shown = c.post("/compose/preview", data=form).text
        assert "Night clinic opens for shift workers" in shown and "Thumbnail: yes" in shown
        assert shown.count("Link card (127.0.0.1)") == 1  # the outbox shows nobody a card
        assert f"First comment (5 min after): “{COMMENT}”" in shown
        assert "not on outbox (it takes no replies)" in shown
        bad = c.post("/compose", data=form | {"action": "submit", "first_comment_delay": "x"})
        assert bad.status_code == 422 and "whole number of minutes" in bad.text
        made = c.post("/compose", data=form | {"action": "submit"})
        assert made.status_code == 303, made.text
    with runtime.sessions() as session:
        post = session.scalars(select(Post)).one()
        assert (post.first_comment, post.first_comment_delay_seconds) == (COMMENT, 300)
