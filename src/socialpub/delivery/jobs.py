"""The scheduler's periodic jobs, each safe to run in several processes at once."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from datetime import datetime
from pathlib import Path

from socialpub.delivery import first_comment
from socialpub.delivery import metrics as post_metrics
from socialpub.delivery.alerts import alert_overdue
from socialpub.delivery.dispatch import Enqueue, dispatch_due
from socialpub.delivery.reconcile import reconcile
from socialpub.delivery.slots import rules_for
from socialpub.feeds import poll_all
from socialpub.observability import heartbeat, metrics, outage
from socialpub.runtime import Runtime
from socialpub.store.models import utcnow

log = logging.getLogger("socialpub.scheduler")


@dataclass
class Jobs:
    runtime: Runtime
    enqueue: Enqueue
    clock: Callable[[], datetime] = utcnow
    actor: str = field(default_factory=lambda: f"scheduler:{socket.gethostname()}")

    def dispatch(self) -> list[int]:
        with metrics.DISPATCH_TICK_SECONDS.time():
            sent = self._dispatch()
        metrics.DISPATCHED.inc(len(sent))
        if self.runtime.settings.heartbeat_file:
            Path(self.runtime.settings.heartbeat_file).touch()
        self.beat()
        return sent

    def _dispatch(self) -> list[int]:
        try:
            sent = dispatch_due(
                self.runtime.sessions,
                self.enqueue,
                now=self.clock(),
                batch=self.runtime.settings.dispatch_batch,
                per_message=self.runtime.publish_batch,
                actor=self.actor,
                open_at=rules_for(self.runtime.settings).open_at,
            )
        except Exception:
            log.exception("dispatch tick failed; the next tick tries again")
            return []
        if sent:
            log.info("queued %d due deliveries", len(sent))
        return sent

    def beat(self) -> None:
        """Tell the health check this scheduler is alive (it just ticked)."""
        settings = self.runtime.settings
        try:
            heartbeat.beat(
                self.runtime.redis,
                settings.redis_prefix,
                heartbeat.SCHEDULER,
                heartbeat.process_name(),
                ttl=max(heartbeat.TTL_SECONDS, 10 * settings.dispatch_interval_seconds),
            )
            outage.up("Redis")
        except Exception as exc:
            outage.down("Redis", f"cannot reach Redis ({exc}); retrying")

    def reconcile(self) -> None:
        try:
            report = reconcile(
                self.runtime,
                self.enqueue,
                now=self.clock(),
                actor=f"reconciler:{socket.gethostname()}",
            )
        except Exception:
            log.exception("reconcile failed; the next run tries again")
            return
        if any(astuple(report)):
            log.info("reconciled: %s", report)

    def alert_overdue(self) -> None:
        """Tell the admin, once per delivery, about deliveries overdue past the threshold."""
        try:
            alert_overdue(self.runtime, now=self.clock(), actor=self.actor)
        except Exception:
            log.exception("overdue check failed; the next run tries again")

    def poll_feeds(self) -> None:
        try:
            poll_all(self.runtime)
        except Exception:
            log.exception("feed polling failed; the next run tries again")

    def first_comments(self) -> None:
        """Create the first comment of each post just published (a delivery of its own, which
        the dispatcher then sends after its delay)."""
        try:
            made = first_comment.spawn_due(self.runtime, self.clock(), actor=self.actor)
        except Exception:
            log.exception("first comments failed; the next run tries again")
            return
        if made:
            log.info("scheduled %d first comment(s)", made)

    def read_metrics(self) -> None:
        """Read the public counts that are due, within each account's limits."""
        try:
            stored = post_metrics.read_due(
                self.runtime, self.clock(), per_account=self.runtime.settings.metrics_per_account
            )
        except Exception:
            log.exception("reading metrics failed; the next run tries again")
            return
        if stored:
            log.info("stored %d metrics reading(s)", stored)
