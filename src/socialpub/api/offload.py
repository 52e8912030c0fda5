"""Compose work off the event loop, in a few worker threads, within a time budget.

Composing (parsing Markdown or HTML, summarising, fitting text to each platform) is CPU work. It
runs in a small pool of its own, so requests that compose can never take the threads that every
other request (``/api/health`` included) is served from, and a request that waits longer than
its budget gets a 503 at once. A job whose budget ran out is never committed: the job asks
``Budget.may_commit`` just before its transaction commits, and the waiter marks it expired only
when the job has not started committing, both under one lock.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_WORKERS = 4  # at most this many composes at once; the rest wait their turn within budget
_POOL = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="socialpub-compose")


class BudgetExceeded(Exception):
    """The work took longer than its budget; nothing it did was committed."""


class Budget:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._state = "running"  # -> "committing" (by the job) or "expired" (by the waiter)

    def may_commit(self) -> None:
        """Called by the job right before it commits; raises BudgetExceeded (so the transaction
        rolls back) when the waiter has already given up on it."""
        with self._lock:
            if self._state == "expired":
                raise BudgetExceeded(f"took longer than {self.seconds:g}s")
            self._state = "committing"

    def expire(self) -> bool:
        """True when the job can no longer commit; False when it is committing already."""
        with self._lock:
            if self._state == "committing":
                return False
            self._state = "expired"
            return True


async def within_budget(seconds: float, job: Callable[[Budget], T]) -> T:
    """Run ``job(budget)`` in the compose pool; raise BudgetExceeded after ``seconds``."""
    budget = Budget(seconds)
    future = _POOL.submit(job, budget)
    wrapped = asyncio.wrap_future(future)
    try:
        return await asyncio.wait_for(asyncio.shield(wrapped), seconds)
    except TimeoutError:
        if budget.expire():
            future.cancel()  # not started yet: it never runs; started: it will not commit
            raise BudgetExceeded(f"took longer than {seconds:g}s") from None
        return await wrapped  # it was committing as time ran out: its answer stands
