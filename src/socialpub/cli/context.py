"""What every command that touches the database needs: settings, a runtime, an up-to-date schema."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from socialpub.cli.output import fail
from socialpub.delivery.errors import ActionError
from socialpub.delivery.permissions import Actor, PermissionDenied, Role
from socialpub.delivery.when import WhenError, parse_when
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


@contextmanager
def refusals_end_the_command() -> Iterator[None]:
    """What the delivery services refuse (a state that does not allow it, a role that may not)
    ends the command with their one line and exit 1, never a traceback."""
    try:
        yield
    except (ActionError, PermissionDenied) as exc:
        fail(str(exc))


@contextmanager
def action_session() -> Iterator[Session]:
    """One action from the shell: a transaction that commits when the block ends, or is rolled
    back and the command ended with the service's one line when the action is refused."""
    with (
        runtime_for_command() as runtime,
        refusals_end_the_command(),
        runtime.sessions.begin() as session,
    ):
        yield session


def when_or_exit(value: str, zone: str, now: datetime, what: str = "") -> datetime:
    """``--at``-style input (``now``, ISO 8601, a date) in ``zone``, or one line and exit 1."""
    try:
        return parse_when(value, zone, now=now)
    except WhenError as exc:
        fail(f"{what}: {exc}" if what else str(exc))
