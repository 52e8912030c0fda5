"""Health routes: ``/api/health`` for the operator and monitoring, ``/api/health/live`` for the
container runtime; and ``/metrics`` for Prometheus.

``/api/health`` answers 503 with the failing checks when deliveries could sit due without being
published (database or Redis away, no live scheduler, no worker on our queue, overdue posts).
``/api/health/live`` only says the process answers: a liveness probe must not restart the API
because the scheduler is down.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from socialpub.api.auth import runtime_of
from socialpub.observability import metrics
from socialpub.observability.health import check
from socialpub.store.models import utcnow

router = APIRouter(prefix="/api")
metrics_router = APIRouter()


@metrics_router.get("/metrics")
def prometheus_metrics(request: Request) -> Response:
    """This process's counters and histograms, and deliveries by state, overdue and queue depth
    read from the database and Redis now (see ``docs/operations.md`` for queries)."""
    return Response(metrics.render(runtime_of(request)), media_type=CONTENT_TYPE_LATEST)


@router.get("/health/live")
def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/health")
def health(request: Request) -> JSONResponse:
    report = check(runtime_of(request), now=utcnow())
    body: dict[str, Any] = report.as_json()
    return JSONResponse(body, status_code=200 if report.ok else 503)
