"""Running socialpub: ``up`` (scheduler + worker in one command), ``db upgrade``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Annotated

import redis
import typer
from sqlalchemy.exc import DBAPIError

from socialpub.cli.context import runtime_for_command, settings_or_exit
from socialpub.cli.output import fail
from socialpub.cli.supervise import spawn, stop_all
from socialpub.cli.user_cmds import ensure_admin
from socialpub.settings import Settings
from socialpub.store.roles import grant_app_role
from socialpub.weburl import redact_url

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


def redis_problem(settings: Settings) -> str | None:
    """None when Redis answers; otherwise what is wrong and how to get one, for a person."""
    client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        return (
            f"cannot reach Redis at {redact_url(settings.redis_url)} ({exc}).\n"
            "socialpub queues work in Redis. Start one locally with `redis-server` "
            "(Debian/Ubuntu: `apt-get install redis-server`), or `docker compose up -d redis`, "
            "or point SOCIALPUB_REDIS_URL at yours."
        )
    finally:
        client.close()
    return None


def token_warnings(settings: Settings) -> list[str]:
    """Accounts whose renewed tokens would be lost between processes without a secret key."""
    if settings.secret_key:
        return []
    from socialpub.platforms.registry import adapter_class

    return [
        f"account {account.name!r} ({account.platform}) renews its tokens, which are kept only "
        "in memory without SOCIALPUB_SECRET_KEY: set one so renewed tokens are stored encrypted"
        for account in settings.parsed_accounts().values()
        if adapter_class(account.platform).needs_stored_tokens
    ]


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every schema migration the database has not had yet (run it as the schema's owner);
    then grant ``database_app_role`` what the service needs, when it is set."""
    with runtime_for_command() as runtime:
        typer.echo(
            f"schema up to date at {runtime.engine.url.render_as_string(hide_password=True)}"
        )
        role = runtime.settings.database_app_role
        if role:
            try:
                grant_app_role(runtime.engine, role)
            except (ValueError, DBAPIError) as exc:
                fail(f"cannot grant rights to database role {role!r}: {exc}")
            typer.echo(f"role {role} may use the tables and only add to and read the audit log")


def _children(settings: Settings, concurrency: int, api: bool) -> list[tuple[str, list[str]]]:
    python = sys.executable
    procs = [
        ("scheduler", [python, "-m", "workers.scheduler"]),
        (
            "worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "workers.celery_app",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(concurrency),
                "-Q",
                settings.celery_queue,
                "--hostname",
                f"socialpub-{os.getpid()}@%h",
            ],
        ),
    ]
    if api:
        procs.append(
            (
                "api",
                [
                    python,
                    "-m",
                    "uvicorn",
                    "socialpub.api.app:create_app",
                    "--factory",
                    "--host",
                    settings.api_host,
                    "--port",
                    str(settings.api_port),
                ],
            )
        )
    return procs


def up(
    concurrency: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    api: Annotated[bool, typer.Option(help="Also serve the web API.")] = False,
) -> None:
    """Run the scheduler and a Celery worker on this machine until interrupted."""
    settings = settings_or_exit()
    problem = redis_problem(settings)
    if problem:
        fail(problem)
    with runtime_for_command() as runtime:
        where = runtime.engine.url.render_as_string(hide_password=True)
        first_admin = ensure_admin(runtime.sessions)
    typer.echo(f"socialpub up: database {where}, queue {redact_url(settings.redis_url)}")
    typer.echo(f"accounts: {', '.join(sorted(settings.accounts)) or 'none'}; Ctrl-C stops.")
    if first_admin:
        typer.echo(first_admin)
    if api:
        typer.echo(f"web app: http://{settings.api_host}:{settings.api_port}/ (API docs at /docs)")
    for warning in token_warnings(settings):
        typer.echo(f"warning: {warning}", err=True)
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    # Before any child exists: a hang-up (the terminal closed) stops everything in order too.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    running: dict[str, subprocess.Popen[bytes]] = {}
    exit_code = 0
    try:
        for name, command in _children(settings, concurrency, api):
            running[name] = spawn(command)
        while not stopping:
            for name, proc in running.items():
                if proc.poll() is not None:
                    typer.echo(f"{name} exited with {proc.returncode}; stopping the rest", err=True)
                    exit_code = proc.returncode or 1
                    stopping = True
                    break
            time.sleep(0.5)
    finally:  # an error in here, too, must not leave children behind
        stop_all(list(running.values()), grace_seconds=20)
    raise typer.Exit(exit_code)


def register(app: typer.Typer) -> None:
    app.command()(up)
    app.add_typer(db_app, name="db")
