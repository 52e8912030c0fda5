"""``socialpub platforms`` and ``socialpub accounts check`` through typer's CliRunner."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.settings import get_settings
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.mastodon import MastodonServer
from tests.platform_servers.x import XServer
from tests.processes import write_config

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_platforms_lists_every_kind_with_its_limits() -> None:
    result = runner.invoke(app, ["platforms"])
    assert result.exit_code == 0, result.output
    for kind in (
        "bluesky",
        "discord",
        "facebook",
        "linkedin",
        "mastodon",
        "slack",
        "telegram",
        "threads",
        "x",
    ):
        assert kind in result.output
    assert "300 graphemes, ≤3000 bytes" in result.output
    rows = {r["kind"]: r for r in json.loads(runner.invoke(app, ["platforms", "--json"]).output)}
    assert rows["x"]["counting"] == "twitter" and rows["x"]["url_length"] == 23
    assert rows["mastodon"]["source"] == "socialpub.platforms.mastodon:MastodonAdapter"
    assert rows["linkedin"]["escaping"] == "linkedin-little-text"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_accounts_check_says_plainly_what_is_wrong(tmp_path: Path) -> None:
    with MastodonServer() as mastodon, BlueskyServer() as bluesky:
        bluesky.add_account("newsroom.example", "right-pass-word-xxxx")
        good, revoked = mastodon.issue_token("newsroom"), mastodon.issue_token("old")
        del mastodon.tokens[revoked]
        config = write_config(
            tmp_path / "socialpub.toml",
            {
                "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
                "accounts": {
                    "masto-ok": {
                        "platform": "mastodon",
                        "base_url": mastodon.base_url,
                        "token_env": "T_GOOD",
                    },
                    "masto-revoked": {
                        "platform": "mastodon",
                        "base_url": mastodon.base_url,
                        "token_env": "T_REVOKED",
                    },
                    "sky-wrong": {
                        "platform": "bluesky",
                        "identifier": "newsroom.example",
                        "service": bluesky.base_url,
                        "app_password_env": "SKY_PASS",
                    },
                    "masto-down": {
                        "platform": "mastodon",
                        "base_url": f"http://127.0.0.1:{_closed_port()}",
                        "token_env": "T_GOOD",
                    },
                },
            },
        )
        env = {
            "SOCIALPUB_CONFIG": str(config),
            "T_GOOD": good,
            "T_REVOKED": revoked,
            "SKY_PASS": "wrong-pass-word-xxxx",
        }
        result = runner.invoke(app, ["accounts", "check", "--json"], env=env)
        assert result.exit_code == 1, result.output
        rows = {r["account"]: r for r in json.loads(result.stdout)}
        human = runner.invoke(app, ["accounts", "check"], env=env).output
        only_ok = runner.invoke(app, ["accounts", "check", "masto-ok"], env=env)

    assert rows["masto-ok"] == {
        "account": "masto-ok",
        "platform": "mastodon",
        "ok": True,
        "detail": "@newsroom@127.0.0.1",
        "paused": None,
    }
    assert rows["masto-revoked"]["detail"].startswith("credentials refused: ")
    assert "access token is invalid" in rows["masto-revoked"]["detail"]
    assert "Invalid identifier or password" in rows["sky-wrong"]["detail"]
    assert rows["masto-down"]["detail"].startswith("could not reach mastodon to check")
    assert "PROBLEM" in human and revoked not in human and good not in human
    assert only_ok.exit_code == 0 and "masto-revoked" not in only_ok.output


def test_a_missing_secret_stops_every_command_at_load_naming_the_account(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "accounts": {
                "tg-missing": {
                    "platform": "telegram",
                    "chat_id": "@news",
                    "bot_token_env": "TG_TOKEN_NOT_SET",
                }
            },
        },
    )
    result = runner.invoke(app, ["accounts", "check"], env={"SOCIALPUB_CONFIG": str(config)})
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "accounts.tg-missing: secret not set: bot_token (from bot_token_env = 'TG_TOKEN_NOT_SET')"
    )
    assert "Traceback" not in result.output


def test_accounts_check_rejects_unknown_names(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "socialpub.toml", {"database_url": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    )
    result = runner.invoke(
        app, ["accounts", "check", "nope"], env={"SOCIALPUB_CONFIG": str(config)}
    )
    assert result.exit_code == 1 and "no account named nope" in result.output


def test_x_is_not_checked_without_a_secret_key_because_that_would_spend_its_token(
    tmp_path: Path,
) -> None:
    with XServer(client_id="cid") as x:
        _, refresh = x.grant()
        config = write_config(
            tmp_path / "socialpub.toml",
            {
                "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
                "accounts": {
                    "news-x": {
                        "platform": "x",
                        "client_id": "cid",
                        "api_base_url": x.base_url,
                        "refresh_token_env": "X_REFRESH",
                    }
                },
            },
        )
        env = {"SOCIALPUB_CONFIG": str(config), "X_REFRESH": refresh}
        unkeyed = runner.invoke(app, ["accounts", "check", "--json"], env=env)
        assert unkeyed.exit_code == 1
        assert "SOCIALPUB_SECRET_KEY is not set" in json.loads(unkeyed.stdout)[0]["detail"]
        assert not x.control.seen("/2/oauth2/token")  # the configured token is still unspent
        get_settings.cache_clear()
        keyed = runner.invoke(
            app,
            ["accounts", "check"],
            env={**env, "SOCIALPUB_SECRET_KEY": Fernet.generate_key().decode()},
        )
        assert keyed.exit_code == 0, keyed.output
        assert "@newsroom" in keyed.output and refresh not in keyed.output
