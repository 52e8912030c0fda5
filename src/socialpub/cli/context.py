"""What every command that touches the database needs: settings, a runtime, an up-to-date schema."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError

from socialpub.cli.output import fail
from socialpub.delivery.permissions import Actor, Role
from socialpub.runtime import Runtime
from socialpub.settings import ConfigError, Settings, get_settings
from socialpub.store.migrate import upgrade


def settings_or_exit() -> Settings:
    try:
        return get_settings()
    except ConfigError as exc:
        fail(str(exc))


@contextmanager
def runtime_for_command(*, migrate: bool = True) -> Iterator[Runtime]:
    runtime = Runtime(settings_or_exit())
    try:
        if migrate:
            try:
                upgrade(runtime.engine)
            except OperationalError as exc:  # down, refused, unknown host, bad password
                where = runtime.engine.url.render_as_string(hide_password=True)
                reason = str(exc.orig or exc).strip().splitlines()[0]
                fail(f"cannot reach the database at {where}: {reason}")
        yield runtime
    finally:
        runtime.close()


def current_user() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = os.environ.get("USER", "unknown")
    return f"user:{name}"


def cli_actor() -> Actor:
    """Who acts from the shell: the login name. Whoever runs the CLI can reach the database and
    the configuration, so the shell acts as an admin; ``compose`` still respects
    ``require_approval`` (a post waits for ``approve``) and ``four_eyes`` still applies."""
    return Actor(current_user(), Role.ADMIN)
