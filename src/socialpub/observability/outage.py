"""One log line when a dependency goes away and one when it is back, not one per attempt.

A scheduler ticks every second; with Redis down, a warning per tick would bury everything else.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger("socialpub.outage")

_down: set[str] = set()
_lock = threading.Lock()


def down(what: str, message: str) -> None:
    """Report that ``what`` failed; logged only on the first failure of an outage."""
    with _lock:
        first = what not in _down
        _down.add(what)
    if first:
        log.warning("%s", message)


def up(what: str) -> None:
    """Report that ``what`` works; logged only when it ends an outage."""
    with _lock:
        was_down = what in _down
        _down.discard(what)
    if was_down:
        log.info("%s is reachable again", what)
