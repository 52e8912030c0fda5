"""Child processes of ``socialpub up`` that never outlive it.

Each child runs in a process group of its own, so stopping it reaches everything it started
(Celery's pool processes too), and a terminal's SIGINT or SIGHUP reaches only ``up``, which then
stops its children in order. On Linux each child also asks the kernel for SIGKILL when ``up``
dies, however it dies (SIGKILL, a crash), so no scheduler or worker is left running unsupervised.
SIGKILL, not SIGTERM: a graceful stop with nobody left to wait on it can hang on a loaded machine
(CI once saw a child outlive a killed ``up`` by three minutes), and the pipeline's guarantees
already hold when a process dies mid-step; the worker's pool children ask the same of the worker
(``workers.celery_app``), since the request is not inherited across fork.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

_PR_SET_PDEATHSIG = 1


def _ask_to_die_with(libc: ctypes.CDLL, parent: int) -> None:
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect: nobody would
        os.kill(os.getpid(), signal.SIGKILL)  # ever send the signal (CI caught a child there)


def _die_with(parent: int) -> Callable[[], None]:
    """What the child runs between fork and exec; libc is looked up here, in the parent, since
    little more than a system call is safe in the child at that point."""
    libc = ctypes.CDLL(None, use_errno=True)
    return lambda: _ask_to_die_with(libc, parent)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when ``parent`` dies (Linux; elsewhere nothing): for
    processes forked without exec, such as a Celery worker's pool. ``parent`` is the pid the
    parent had before forking."""
    if sys.platform.startswith("linux"):
        _ask_to_die_with(ctypes.CDLL(None, use_errno=True), parent)


def spawn(command: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start ``command`` in its own process group, bound to this process's life on Linux."""
    prepare = _die_with(os.getpid()) if sys.platform.startswith("linux") else None
    return subprocess.Popen(list(command), process_group=0, preexec_fn=prepare)


def _signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signum)


def stop_all(procs: Sequence[subprocess.Popen[bytes]], grace_seconds: float) -> None:
    """SIGTERM every child's group, wait up to ``grace_seconds``, then SIGKILL what is left."""
    for proc in procs:
        _signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
    for proc in procs:  # the group may outlive its leader: pool processes, say
        _signal_group(proc, signal.SIGKILL)
        if proc.poll() is None:
            proc.wait()
