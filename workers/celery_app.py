"""The Celery app and its one task. Start with ``celery -A workers.celery_app worker``.

The task is thin: it loads nothing itself and hands the delivery ids to the publish service,
which claims them with a conditional update, so a duplicated message does nothing.

The worker's main process also beats a heartbeat naming the queues it consumes (so the health
check can tell "no worker" and "workers on the wrong queue" from a healthy service) and runs the
overdue check, so that overdue deliveries are reported even when no scheduler is alive.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from typing import Any

from celery.signals import setup_logging, worker_process_init, worker_ready, worker_shutdown

from socialpub.settings import get_settings

settings = get_settings()
if settings.metrics_port and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # The pool's children publish, the main process exports: they share metrics through files
    # in this directory. prometheus-client reads the variable when first imported, just below.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="socialpub-metrics-")

from socialpub.cli.supervise import die_with_parent  # noqa: E402
from socialpub.delivery.alerts import alert_overdue  # noqa: E402
from socialpub.delivery.batch import publish_many  # noqa: E402
from socialpub.delivery.queue import PUBLISH_TASK, make_celery, worker_name  # noqa: E402
from socialpub.observability import heartbeat, logs, metrics  # noqa: E402
from socialpub.runtime import Runtime  # noqa: E402
from socialpub.store.models import utcnow  # noqa: E402

log = logging.getLogger("socialpub.worker")

app = make_celery(settings)
# The worker's own pid, read before it forks its pool: a pool child checks it against its parent.
_WORKER_PID = os.getpid()
_runtime: Runtime | None = None
_beating: heartbeat.Beating | None = None


def runtime() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = Runtime(get_settings())
    return _runtime


@worker_process_init.connect
def _fresh_runtime_after_fork(**_: object) -> None:
    # A forked child must not share the parent's database connections or HTTP pool, nor outlive
    # the worker: if the worker dies unable to stop its pool, the kernel stops the child.
    global _runtime, _beating
    _runtime = None
    _beating = None
    die_with_parent(_WORKER_PID)


@app.task(name=PUBLISH_TASK, ignore_result=True)
def publish(delivery_ids: list[int]) -> dict[int, str | None]:
    outcomes = publish_many(runtime(), delivery_ids, actor=worker_name())
    return {i: None if s is None else s.value for i, s in outcomes.items()}


class _MainProcessDuties:
    """What the worker's main process does besides consuming: beat, and check for overdue."""

    def __init__(self, queues: list[str]) -> None:
        self.queues = queues
        self.name = heartbeat.process_name()
        self.next_overdue_check = 0.0

    def __call__(self) -> None:
        s = get_settings()
        # A fresh Runtime each time, closed at once: the main process keeps no connection open
        # that a pool child forked later could inherit.
        rt = Runtime(s)
        try:
            prefix = s.redis_prefix
            heartbeat.beat(rt.redis, prefix, heartbeat.WORKER, self.name, queues=self.queues)
            if time.monotonic() >= self.next_overdue_check:
                self.next_overdue_check = time.monotonic() + s.reconcile_interval_seconds
                alert_overdue(rt, now=utcnow(), actor=f"worker:{self.name}")
        finally:
            rt.close()


@setup_logging.connect
def _one_log_format(**_: object) -> None:
    # Connected, so Celery leaves logging to us: the same format as the scheduler and the API.
    logs.configure(settings.log_format)


@worker_ready.connect
def _start_beating(sender: Any = None, **_: object) -> None:
    global _beating
    if settings.metrics_port:
        metrics.serve(settings.metrics_port, settings.metrics_host)
    try:
        queues = sorted(q.name for q in sender.task_consumer.queues)
    except AttributeError:
        queues = [settings.celery_queue]
    _beating = heartbeat.Beating(_MainProcessDuties(queues)).start()
    log.info("consuming %s; heartbeat every %.0fs", ", ".join(queues), heartbeat.EVERY_SECONDS)


@worker_shutdown.connect
def _stop_beating(**_: object) -> None:
    if _beating is not None:
        _beating.stop()
