"""Prometheus metrics: what happened (counters, histograms) and how things stand (gauges).

Events are counted where they happen: publish latency and attempts by outcome in the worker,
lateness when a delivery is recorded published, rate-limit waits when a claim is postponed, the
dispatcher's tick time in the scheduler. Celery's prefork pool publishes from child processes,
so a worker exports in prometheus-client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, set
up by ``workers/celery_app.py`` when ``metrics_port`` is set).

How things stand (deliveries by state, overdue, queue depth) is read from the database and Redis
at scrape time by ``StateCollector``, which the API serves at ``/metrics``: one source of truth,
whichever process is scraped. ``docs/operations.md`` lists ready queries.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from socialpub.delivery.states import State
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery

PUBLISH_SECONDS = Histogram(
    "socialpub_publish_seconds",
    "Time one publish request to a platform took, answered or not.",
    ["platform"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60),
)
LATENESS_SECONDS = Histogram(
    "socialpub_publish_lateness_seconds",
    "How long after its scheduled time a delivery was recorded published.",
    ["platform"],
    buckets=(1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 21600, 86400),
)
ATTEMPTS = Counter(
    "socialpub_attempts_total",
    "Publish attempts by outcome (published, or the error class) and platform.",
    ["platform", "outcome"],
)
RATE_LIMIT_WAITS = Counter(
    "socialpub_rate_limit_waits_total",
    "Claims postponed because the account's rate limit was used up.",
    ["account"],
)
RATE_LIMIT_WAIT_SECONDS = Counter(
    "socialpub_rate_limit_wait_seconds_total",
    "Seconds of waiting that rate limits imposed on claimed deliveries.",
    ["account"],
)
DISPATCH_TICK_SECONDS = Histogram(
    "socialpub_dispatch_tick_seconds",
    "Time one dispatcher tick took (claim due deliveries, send their messages).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
DISPATCHED = Counter("socialpub_dispatched_total", "Deliveries the dispatcher queued.")

# The states a delivery waits in on us; past due in one of them for overdue_alert_seconds is late.
_WAITING = (State.SCHEDULED, State.QUEUED, State.PUBLISHING, State.RETRY_WAIT, State.HELD)
# Kombu's Redis transport keeps one list per priority step; see delivery/queue.py.
_PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


def observe_attempt(platform: str, outcome: str, seconds: float | None) -> None:
    ATTEMPTS.labels(platform, outcome).inc()
    if seconds is not None:
        PUBLISH_SECONDS.labels(platform).observe(seconds)


def observe_published(platform: str, due: datetime, now: datetime) -> None:
    due = due if due.tzinfo is not None else due.replace(tzinfo=UTC)
    now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    LATENESS_SECONDS.labels(platform).observe(max((now - due).total_seconds(), 0.0))


def observe_rate_limit_wait(account: str, seconds: float) -> None:
    RATE_LIMIT_WAITS.labels(account).inc()
    RATE_LIMIT_WAIT_SECONDS.labels(account).inc(seconds)


class StateCollector(Collector):
    """Deliveries by state, overdue deliveries and queue depth, read when scraped."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[GaugeMetricFamily]:
        settings = self.runtime.settings
        now = datetime.now(UTC)
        by_state = GaugeMetricFamily(
            "socialpub_deliveries", "Deliveries in each state.", labels=["state"]
        )
        overdue = GaugeMetricFamily(
            "socialpub_overdue_deliveries",
            "Deliveries still not published overdue_alert_seconds after they were due.",
        )
        try:
            with self.runtime.sessions() as session:
                rows = session.execute(
                    select(Delivery.state, func.count()).group_by(Delivery.state)
                ).all()
                counts = {state: int(count) for state, count in rows}
                cutoff = now - timedelta(seconds=settings.overdue_alert_seconds)
                late = session.scalar(
                    select(func.count()).where(
                        Delivery.state.in_([s.value for s in _WAITING]), Delivery.due_at < cutoff
                    )
                )
        except Exception:
            return  # the database is away: /api/health says so; no numbers beat wrong ones
        for state in State:
            by_state.add_metric([state.value], counts.get(state.value, 0))
        overdue.add_metric([], late or 0)
        yield by_state
        yield overdue
        depth = GaugeMetricFamily(
            "socialpub_queue_depth", "Worker messages waiting in Redis.", labels=["queue"]
        )
        try:
            base = f"{settings.redis_prefix}:{settings.celery_queue}"
            waiting = sum(int(self.runtime.redis.llen(base + s)) for s in _PRIORITY_SUFFIXES)
        except Exception:
            return
        depth.add_metric([settings.celery_queue], waiting)
        yield depth


def _process_registry() -> CollectorRegistry:
    """This process's own metrics, or all processes' in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


def render(runtime: Runtime | None = None) -> bytes:
    """The text exposition of this process's metrics, plus the state gauges given a runtime."""
    text = generate_latest(_process_registry())
    if runtime is not None:
        state = CollectorRegistry()
        state.register(StateCollector(runtime))
        text += generate_latest(state)
    return text


def serve(port: int, host: str = "127.0.0.1") -> None:
    """A small exporter for a scheduler or worker process, in a background thread."""
    start_http_server(port, addr=host, registry=_process_registry())
