"""Every service of ``docker-compose.yml``, started as written, with its own environment.

There is no Docker engine on a test machine, so the test reads the compose file and runs each
service's ``command`` as a local process with the service's ``environment`` (anchors and merge
keys resolved as Compose does). What only exists inside the compose network is mapped to
something private to this test: the ``postgres`` host to a PostgreSQL the test starts from the
machine's binaries (initialised as the ``postgres`` image would: its superuser, database and
init scripts), ``redis`` to a private ``redis-server``, the mounted config folder, the secret
file and container paths to the test's directory, the published port to a free one. Nothing else
is changed: a variable the file sets wrongly (the old ``SOCIALPUB_HEARTBEAT_FILE`` read as a
secret file, exit 1 at start) fails here.

The one-shot ``migrate`` must exit 0; then the long-running services must stay up and pass the
healthchecks the compose file declares (run as written, with the same mapping), plus the API's
``/api/health/live``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from tests.chaos.postgres import PrivatePostgres, pg_bindir
from tests.chaos.procs import PrivateRedis, free_port
from tests.processes import REPO, stop, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(pg_bindir() is None, reason="no PostgreSQL server binaries here"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server here"),
]

COMPOSE_FILE = REPO / "docker-compose.yml"
INFRASTRUCTURE = {"postgres", "redis"}  # images, not socialpub: the test provides their likes
# What a container's command names, as this machine runs it (the image installs the same).
PROGRAMS = {
    "socialpub": [sys.executable, "-m", "socialpub.cli"],
    "python": [sys.executable],
    "celery": [sys.executable, "-m", "celery"],
    "uvicorn": [sys.executable, "-m", "uvicorn"],
}


def compose_services() -> dict[str, dict[str, Any]]:
    document = yaml.safe_load(COMPOSE_FILE.read_text("utf-8"))  # resolves anchors and `<<`
    services: dict[str, dict[str, Any]] = document["services"]
    return services


@dataclass
class Mapping:
    """Compose-network names and container paths, and what they are on this machine."""

    pairs: list[tuple[str, str]]

    def text(self, value: str) -> str:
        for old, new in self.pairs:
            value = value.replace(old, new)
        return value

    def command(self, argv: list[str]) -> list[str]:
        head, *rest = (self.text(str(a)) for a in argv)
        return [*PROGRAMS.get(head, [head]), *rest]

    def shell(self, line: str) -> str:
        line = self.text(line.replace("$$", "$"))  # Compose's escape for a literal $
        words = line.split(" ", 1)
        if words[0] in PROGRAMS:
            line = " ".join([*map(shlex.quote, PROGRAMS[words[0]]), *words[1:]])
        return line


def container_paths(services: dict[str, dict[str, Any]]) -> list[str]:
    """Absolute paths the services name in their environment and healthchecks (the mounted
    config folder aside), each to be moved into the test's directory."""
    paths: set[str] = set()
    for service in services.values():
        values = [str(v) for v in (service.get("environment") or {}).values()]
        values += [str(part) for part in (service.get("healthcheck") or {}).get("test", [])]
        for value in values:
            for word in value.replace('"', " ").replace("'", " ").replace(")", " ").split():
                if word.startswith(("/tmp/", "/run/", "/var/")):
                    paths.add(word)
    return sorted(paths)


def _start_postgres_as_the_image_would(pg: PrivatePostgres, env: dict[str, Any]) -> None:
    """``POSTGRES_USER`` is the image's superuser, ``POSTGRES_DB`` its database, and every
    ``.sql`` file in the init folder runs once in that database."""
    user, db = env["POSTGRES_USER"], env["POSTGRES_DB"]
    admin = create_engine(pg.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{user}" SUPERUSER LOGIN'))
            conn.execute(text(f'CREATE DATABASE "{db}" OWNER "{user}"'))
    finally:
        admin.dispose()
    owner = create_engine(
        f"postgresql+psycopg://{user}@127.0.0.1:{pg.port}/{db}", isolation_level="AUTOCOMMIT"
    )
    try:
        with owner.connect() as conn:
            for script in sorted((REPO / "config" / "postgres-init").glob("*.sql")):
                conn.exec_driver_sql(script.read_text("utf-8"))
    finally:
        owner.dispose()


@pytest.fixture
def private_servers(tmp_path: Path) -> Iterator[tuple[PrivatePostgres, PrivateRedis]]:
    pg = PrivatePostgres()
    redis_server = PrivateRedis(tmp_path)
    try:
        pg.start()
        redis_server.start()
        yield pg, redis_server
    finally:
        redis_server.kill()
        pg.close()


def _healthy(check: list[str], mapping: Mapping, env: dict[str, str], cwd: Path) -> str | None:
    """None when the compose healthcheck passes, else its output (for the failure message)."""
    kind, *rest = check
    if kind == "CMD-SHELL":
        argv = ["sh", "-c", mapping.shell(rest[0])]
    elif kind == "CMD":
        argv = mapping.command(rest)
    else:
        raise AssertionError(f"unknown healthcheck form {kind!r}")
    try:
        result = subprocess.run(
            argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        return "timed out"
    return None if result.returncode == 0 else (result.stdout + result.stderr)[-2000:]


def _log(path: Path) -> str:
    return path.read_text("utf-8", "replace")[-4000:] if path.exists() else ""


@pytest.mark.timeout(300)
def test_every_compose_service_starts_with_its_environment_and_becomes_healthy(
    tmp_path: Path, private_servers: tuple[PrivatePostgres, PrivateRedis]
) -> None:
    pg, redis_server = private_servers
    services = compose_services()
    _start_postgres_as_the_image_would(pg, services["postgres"]["environment"])

    config_dir = tmp_path / "config"  # the service's ./config:/app/config mount
    config_dir.mkdir()
    shutil.copy(REPO / "config" / "socialpub.example.toml", config_dir / "socialpub.toml")
    secret = tmp_path / "run" / "secrets" / "socialpub_secret_key"
    secret.parent.mkdir(parents=True)
    secret.write_text(Fernet.generate_key().decode() + "\n", "utf-8")
    web_port = free_port()
    pairs = [
        ("@postgres:5432/", f"@127.0.0.1:{pg.port}/"),
        ("redis://redis:6379/", f"redis://127.0.0.1:{redis_server.port}/"),
        ("/app/config", str(config_dir)),
        ("8000", str(web_port)),
    ]
    for path in container_paths(services):
        pairs.append((path, str(tmp_path / path.lstrip("/"))))
        (tmp_path / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    mapping = Mapping(pairs)

    base = {k: v for k, v in os.environ.items() if not k.startswith("SOCIALPUB_")}
    base.update(PYTHONUNBUFFERED="1", HOSTNAME=socket.gethostname())

    def env_of(service: dict[str, Any]) -> dict[str, str]:
        own = {k: mapping.text(str(v)) for k, v in (service.get("environment") or {}).items()}
        return {**base, **own}

    socialpub = {n: s for n, s in services.items() if n not in INFRASTRUCTURE}
    one_shot = {n for n, s in socialpub.items() if s.get("restart") == "no"}
    assert one_shot == {"migrate"}, "the compose file's one-shot services changed: update me"
    assert {"scheduler", "worker", "web"} <= socialpub.keys()

    migrate = socialpub["migrate"]
    done = subprocess.run(
        mapping.command(migrate["command"]),
        env=env_of(migrate),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"migrate exited {done.returncode}:\n{done.stdout}{done.stderr}"

    running: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
    try:
        for name, service in socialpub.items():
            if name in one_shot:
                continue
            log = tmp_path / f"{name}.log"
            running[name] = (
                subprocess.Popen(
                    mapping.command(service["command"]),
                    env=env_of(service),
                    cwd=tmp_path,
                    stdout=log.open("ab"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                ),
                log,
            )

        def all_up() -> None:
            for name, (proc, log) in running.items():
                code = proc.poll()
                assert code is None, f"{name} exited {code}:\n{_log(log)}"

        last: dict[str, str | None] = {}

        def every_healthcheck_passes() -> bool:
            all_up()
            for name in running:
                check = socialpub[name].get("healthcheck", {}).get("test")
                assert check, f"service {name} declares no healthcheck"
                last[name] = _healthy(check, mapping, env_of(socialpub[name]), tmp_path)
            return all(v is None for v in last.values())

        try:
            wait_for(every_healthcheck_passes, timeout=150, interval=2.0, what="healthy")
        except AssertionError as exc:
            detail = "\n".join(f"{n}: {v}\n{_log(running[n][1])}" for n, v in last.items() if v)
            raise AssertionError(f"{exc}\n{detail}") from None

        live = httpx.get(f"http://127.0.0.1:{web_port}/api/health/live", timeout=10)
        assert live.status_code == 200, live.text
        health = httpx.get(f"http://127.0.0.1:{web_port}/api/health", timeout=30)
        assert health.status_code == 200, health.text  # database, Redis, scheduler, a worker

        # They stay up: a few seconds later everything still runs and is still healthy.
        time.sleep(5)
        assert every_healthcheck_passes(), last
        # Each long-running service connects as the application role, not the schema's owner.
        for name in running:
            url = env_of(socialpub[name])["SOCIALPUB_DATABASE_URL"]
            assert "socialpub_app@" in url, f"{name} connects as {url}"
    finally:
        for proc, _log_path in running.values():
            stop(proc)
