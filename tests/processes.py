"""Real socialpub processes for end-to-end and chaos tests: config files, workers, schedulers.

Each process gets its own environment naming a TOML config in the test's directory, so tests
never read a developer's settings, and share only what the test chose (database, Redis prefix).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table, e.g. an account's utm template
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} as TOML")


def write_config(path: Path, settings: Mapping[str, Any]) -> Path:
    """Write ``settings`` (scalars plus an ``accounts`` mapping of tables) as a TOML file."""
    lines = [f"{k} = {toml_value(v)}" for k, v in settings.items() if k != "accounts"]
    for name, table in settings.get("accounts", {}).items():
        lines.append(f"\n[accounts.{json.dumps(name)}]")
        lines.extend(f"{k} = {toml_value(v)}" for k, v in table.items())
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def process_env(config: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCIALPUB_")}
    env.update({"SOCIALPUB_CONFIG": str(config), "PYTHONUNBUFFERED": "1", **extra})
    return env


def cli(
    args: list[str], *, env: Mapping[str, str], cwd: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "socialpub.cli", *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,  # a deadline for a stuck command, not a speed test: machines get busy
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"socialpub {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


def start_worker(
    env: Mapping[str, str],
    cwd: Path,
    queue: str,
    *,
    concurrency: int = 1,
    name: str = "w1",
    log: Path | None = None,
    prefix: Sequence[str] = (),
) -> subprocess.Popen[bytes]:
    """``prefix``: a command to run the worker under (``ip netns exec NAME`` for chaos tests)."""
    out = (log or cwd / f"worker-{name}.log").open("ab")
    return subprocess.Popen(
        [
            *prefix,
            sys.executable,
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
            queue,
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=dict(env),
        cwd=cwd,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_scheduler(
    env: Mapping[str, str], cwd: Path, *, name: str = "s1", log: Path | None = None
) -> subprocess.Popen[bytes]:
    out = (log or cwd / f"scheduler-{name}.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "workers.scheduler"],
        env=dict(env),
        cwd=cwd,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[bytes], *, timeout: float = 15.0) -> None:
    """Stop a process and everything it forked (Celery's pool children too)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    except ProcessLookupError:
        pass


def wait_for(
    condition: Callable[[], Any], *, timeout: float, interval: float = 0.1, what: str = "condition"
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)
