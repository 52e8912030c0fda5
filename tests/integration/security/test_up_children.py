"""`socialpub up` leaves no scheduler or worker behind, whether it is hung up on or killed.
Real processes: `up` itself, its scheduler, its Celery worker and the worker's pool."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REDIS_URL
from tests.processes import process_env, write_config

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.timeout(400)]


def _parents() -> dict[int, int]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            found[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> set[int]:
    parents, found, frontier = _parents(), set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has stopped; only its exit status is left


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_for(condition: object, what: str, limit: float = 180.0) -> None:
    deadline = time.monotonic() + limit  # a hang guard, not a speed assertion
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


@pytest.fixture
def up(tmp_path: Path, redis_prefix: str) -> Iterator[subprocess.Popen[bytes]]:
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "redis_url": REDIS_URL,
            "redis_prefix": redis_prefix,
            "celery_queue": f"{redis_prefix}-publish",
        },
    )
    log = (tmp_path / "up.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "socialpub.cli", "up", "--concurrency", "1"],
        env=process_env(config),
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    seen: set[int] = set()

    def started() -> bool:
        seen.update(descendants(proc.pid))
        lines = [cmdline(pid) for pid in seen]
        workers = [line for line in lines if "celery" in line]
        return any("workers.scheduler" in line for line in lines) and len(workers) >= 2

    try:
        wait_for(started, "the scheduler, the worker and its pool")
        proc.seen = seen  # type: ignore[attr-defined]
        yield proc
    finally:
        for pid in [proc.pid, *seen]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait()
        log.close()


def _nothing_left(proc: subprocess.Popen[bytes]) -> None:
    children: set[int] = proc.seen  # type: ignore[attr-defined]
    proc.wait(timeout=120)
    wait_for(lambda: not [p for p in children if alive(p)], "every child to stop")


def test_a_hang_up_stops_every_child(up: subprocess.Popen[bytes]) -> None:
    up.send_signal(signal.SIGHUP)
    _nothing_left(up)
    assert up.returncode == 0


def test_children_stop_when_up_is_killed(up: subprocess.Popen[bytes]) -> None:
    up.kill()  # SIGKILL: up runs no code of its own; the kernel tells its children
    _nothing_left(up)


def test_up_never_prints_the_redis_password(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "redis_url": "redis://:hunter2@127.0.0.1:1/0",
        },
    )
    result = subprocess.run(
        [sys.executable, "-m", "socialpub.cli", "up"],
        env=process_env(config),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "cannot reach Redis at redis://***@127.0.0.1:1/0" in result.stderr
    assert "hunter2" not in result.stdout + result.stderr


# what each forking script starts with: the parent's pid, taken before the fork as a child does
_FORKING = (
    "import os, signal\nfrom socialpub.cli.supervise import die_with_parent\nparent = os.getpid()\n"
)


def _child_dies_with_killed_parent(script: str, what: str) -> None:
    """Run ``script``, which forks a child and prints its pid; kill the parent and wait for the
    child to end."""
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        parent.kill()
        parent.wait()
        wait_for(lambda: not alive(child), what)
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
@pytest.mark.parametrize(
    ("body", "what"),
    [
        pytest.param(
            # what a Celery pool child does on start (the request is not inherited across
            # fork); the child reports only once it has asked, so the parent is killed after
            "if os.fork() == 0:\n"
            "    die_with_parent(parent)\n"
            "    print(os.getpid(), flush=True)\n"
            "signal.pause()\n",  # both wait to be killed
            "the child to die with its parent",
            id="a-child-that-asks-dies-with-its-parent",
        ),
        pytest.param(
            # the gap CI caught: the parent is gone before the request takes effect
            "read, write = os.pipe()\n"
            "pid = os.fork()\n"
            "if pid == 0:\n"
            "    os.close(write)\n"
            "    os.read(read, 1)\n"  # returns once the parent has died and its end is closed
            "    die_with_parent(parent)\n"  # unchecked, the request would leave a waiting orphan
            "else:\n"
            "    print(pid, flush=True)\n"
            "signal.pause()\n",
            "the orphaned child to end itself",
            id="a-child-whose-parent-died-before-it-asked-ends-itself",
        ),
    ],
)
def test_a_forked_child_does_not_outlive_its_parent(body: str, what: str) -> None:
    _child_dies_with_killed_parent(_FORKING + body, what)
