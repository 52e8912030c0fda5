"""The web app: REST under /api and pages for staff and admins. ``socialpub up --api`` serves it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from socialpub import __version__
from socialpub.api import endpoints, errors, health, pages
from socialpub.api.limits import BodySizeLimit
from socialpub.delivery.alerts import alert_overdue
from socialpub.observability import heartbeat, logs
from socialpub.observability.heartbeat import Beating
from socialpub.runtime import Runtime
from socialpub.settings import get_settings
from socialpub.store.migrate import upgrade
from socialpub.store.models import utcnow

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def overdue_checks(runtime: Runtime) -> Lifespan:
    """While the API runs, it checks for overdue deliveries too, so that the alert fires even
    when no scheduler or worker is alive (once per delivery, whoever checks first)."""

    def check() -> None:
        alert_overdue(runtime, now=utcnow(), actor=f"api:{heartbeat.process_name()}")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        beating = Beating(check, every=runtime.settings.reconcile_interval_seconds).start()
        try:
            yield
        finally:
            beating.stop()

    return lifespan


def create_app(runtime: Runtime | None = None) -> FastAPI:
    lifespan: Lifespan | None = None
    if runtime is None:  # served for real (tests pass their own runtime and keep their logging)
        runtime = Runtime(get_settings())
        logs.configure(runtime.settings.log_format)
        upgrade(runtime.engine)
        lifespan = overdue_checks(runtime)
    app = FastAPI(title="socialpub", version=__version__, lifespan=lifespan)
    app.state.runtime = runtime
    errors.install(app)  # one readable line for every refused request
    app.include_router(health.router)
    app.include_router(health.metrics_router)
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.api_max_body_bytes)
    app.include_router(endpoints.router)
    app.include_router(pages.router)
    return app
