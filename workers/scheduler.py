"""The dispatcher process: ``python -m workers.scheduler``.

APScheduler runs the dispatcher tick, the reconciler, the feed poller, the first comments of
published posts and the metrics readings on intervals. Several of
these processes may run at once against one database: every claim is a conditional update (and
``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so they share the work instead of repeating it.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler

from socialpub.delivery.jobs import Jobs
from socialpub.delivery.queue import make_celery, make_enqueue
from socialpub.observability import logs, metrics
from socialpub.runtime import Runtime
from socialpub.settings import get_settings


def build_scheduler(jobs: Jobs) -> BlockingScheduler:
    settings = jobs.runtime.settings
    scheduler = BlockingScheduler(timezone="UTC")
    every: list[tuple[str, Callable[[], object], float]] = [
        ("dispatch", jobs.dispatch, settings.dispatch_interval_seconds),
        ("reconcile", jobs.reconcile, settings.reconcile_interval_seconds),
        ("overdue", jobs.alert_overdue, settings.reconcile_interval_seconds),
        ("feeds", jobs.poll_feeds, settings.feed_poll_seconds),
        ("first_comments", jobs.first_comments, settings.first_comment_interval_seconds),
        ("metrics", jobs.read_metrics, settings.metrics_interval_seconds),
    ]
    for job_id, job, seconds in every:
        scheduler.add_job(
            job,
            "interval",
            seconds=seconds,
            id=job_id,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
    return scheduler


def main() -> None:
    settings = get_settings()
    logs.configure(settings.log_format)
    if settings.metrics_port:
        metrics.serve(settings.metrics_port, settings.metrics_host)
    runtime = Runtime(settings)
    jobs = Jobs(runtime, make_enqueue(make_celery(settings), settings))
    scheduler = build_scheduler(jobs)

    def stop(signum: int, _frame: FrameType | None) -> None:
        logging.getLogger("socialpub.scheduler").info("stopping (signal %s)", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logging.getLogger("socialpub.scheduler").info(
        "dispatching every %.1fs from %s",
        settings.dispatch_interval_seconds,
        runtime.engine.url.render_as_string(hide_password=True),
    )
    jobs.dispatch()
    scheduler.start()
    runtime.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
