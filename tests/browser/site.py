"""The site the browser tests use: the web app on a free loopback port, a scheduler and a Celery
worker publishing to the Mastodon and Bluesky stand-ins, all on a fresh PostgreSQL database."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from socialpub.api.app import create_app
from socialpub.runtime import Runtime
from socialpub.store.migrate import upgrade
from socialpub.store.tokens import Role
from tests.conftest import REDIS_URL, make_settings
from tests.platform_servers.bluesky import BlueskyServer
from tests.platform_servers.mastodon import MastodonServer
from tests.platform_servers.runner import run_server
from tests.processes import process_env, start_scheduler, start_worker, stop, write_config
from tests.web import PASSWORD, add_person

BSKY_PASSWORD = "abcd-efgh-ijkl-mnop"
SECRET = Fernet.generate_key().decode()  # the settings want a real key
PEOPLE = {
    "staff": ("sam@example.org", Role.STAFF, "Sam Staff"),
    "approver": ("alex@example.org", Role.APPROVER, "Alex Approver"),
    "admin": ("ada@example.org", Role.ADMIN, "Ada Admin"),
}


@dataclass
class Site:
    base: str
    runtime: Runtime
    mastodon: MastodonServer
    bluesky: BlueskyServer
    password: str = PASSWORD

    def email(self, who: str) -> str:
        return PEOPLE[who][0]


def png() -> bytes:
    """A real 1×1 PNG, made here so no file is copied into the repository."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x6f\xb5"))
        + chunk(b"IEND", b"")
    )


@contextmanager
def running_site(
    tmp_path: Path,
    database_url: str,
    redis_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
    *,
    workers: bool = True,
) -> Iterator[Site]:
    with ExitStack() as stack:
        mastodon = stack.enter_context(MastodonServer())
        bluesky = stack.enter_context(BlueskyServer())
        bluesky.add_account("newsroom.example", BSKY_PASSWORD)
        token = mastodon.issue_token("newsroom")
        monkeypatch.setenv("MASTODON_TOKEN", token)
        monkeypatch.setenv("BSKY_PASS", BSKY_PASSWORD)
        queue = f"{redis_prefix}-publish"
        values: dict[str, Any] = {
            "database_url": database_url,
            "redis_url": REDIS_URL,
            "redis_prefix": redis_prefix,
            "celery_queue": queue,
            "dispatch_interval_seconds": 0.5,
            "reconcile_interval_seconds": 2.0,
            "backoff_base_seconds": 0.5,
            "backoff_cap_seconds": 5.0,
            "require_approval": True,
            "four_eyes": True,
            "timezone": "Europe/Berlin",
            "accounts": {
                "newsroom-mastodon": {
                    "platform": "mastodon",
                    "base_url": mastodon.base_url,
                    "token_env": "MASTODON_TOKEN",
                    "timeout_seconds": 2.0,
                },
                "newsroom-bluesky": {
                    "platform": "bluesky",
                    "identifier": "newsroom.example",
                    "service": bluesky.base_url,
                    "app_password_env": "BSKY_PASS",
                    "timeout_seconds": 2.0,
                },
            },
        }
        runtime = Runtime(
            make_settings(
                database_url,
                redis_prefix,
                secret_key=SECRET,
                **{
                    k: v
                    for k, v in values.items()
                    if k not in ("database_url", "redis_url", "redis_prefix")
                },
            )
        )
        upgrade(runtime.engine)
        stack.callback(runtime.close)
        for email, role, name in PEOPLE.values():
            add_person(runtime, email, role, name)
        if workers:
            config = write_config(tmp_path / "socialpub.toml", values)
            env = process_env(
                config, MASTODON_TOKEN=token, BSKY_PASS=BSKY_PASSWORD, SOCIALPUB_SECRET_KEY=SECRET
            )
            worker = start_worker(env, tmp_path, queue, concurrency=2)
            stack.callback(stop, worker)
            scheduler = start_scheduler(env, tmp_path)
            stack.callback(stop, scheduler)
        base = stack.enter_context(run_server(create_app(runtime)))
        yield Site(base, runtime, mastodon, bluesky)
