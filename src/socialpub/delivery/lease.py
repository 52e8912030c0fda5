"""Keeping a worker's lease alive while it publishes, so that a short lease is safe.

A lease says "this worker is on it until then"; when it runs out, the reconciler presumes the
worker dead, takes the delivery over and asks the platform what became of it. A lease long enough
for the slowest publish makes a crashed worker's delivery wait that long too. Instead the lease is
short (``lease_seconds``, 30 s by default) and renewed from a background thread every third of it
for as long as the worker holds the delivery, whether it is waiting on one slow HTTP call or on a
batch. A worker that dies stops renewing, so its deliveries are recovered within one lease.

A renewal is conditional on still holding the lease: one that was taken over stays lost, and the
worker's later writes (also conditional on the lease) then do nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import timedelta
from types import TracebackType
from typing import cast

from sqlalchemy import Table, bindparam, update

from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery, utcnow

log = logging.getLogger(__name__)

_D = cast(Table, Delivery.__table__)
RENEW = (
    update(_D)
    .where(
        _D.c.id.in_(bindparam("ids", expanding=True)),
        _D.c.lease_owner == bindparam("lease"),
        _D.c.state == State.PUBLISHING.value,
    )
    .values(lease_until=bindparam("until"))
    .returning(_D.c.id)
)


class LeaseKeeper:
    """Renews ``lease`` on the given deliveries in the background until the ``with`` ends.

    ``done(id)`` stops renewing a delivery whose attempt ended; ``lost`` holds those whose lease
    was taken over (their worker must leave them to the reconciler).
    """

    def __init__(self, runtime: Runtime, lease: str, delivery_ids: Iterable[int]) -> None:
        self.runtime = runtime
        self.lease = lease
        self.every = max(runtime.settings.lease_seconds / 3, 0.05)
        self._held = set(delivery_ids)
        self._lost: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-keeper", daemon=True)

    @property
    def lost(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._lost)

    def done(self, delivery_id: int) -> None:
        with self._lock:
            self._held.discard(delivery_id)

    def renew(self) -> None:
        """Extend the lease of every delivery still held; note the ones taken over."""
        with self._lock:
            ids = sorted(self._held)
        if not ids:
            return
        until = utcnow() + timedelta(seconds=self.runtime.settings.lease_seconds)
        params = {"ids": ids, "lease": self.lease, "until": until}
        with self.runtime.sessions.begin() as session:
            kept = set(session.scalars(RENEW, params))
        with self._lock:
            gone = set(ids) - kept
            self._lost |= gone
            self._held -= gone

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.renew()
            except Exception as exc:  # the database is away: the lease may run out, which is safe
                log.warning("could not renew lease %s: %s", self.lease, exc)

    def __enter__(self) -> LeaseKeeper:
        if self._held:
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.every + 5)
