"""The web app: REST under /api and pages for staff and admins. ``socialpub up --api`` serves it."""

from __future__ import annotations

from fastapi import FastAPI

from socialpub import __version__
from socialpub.api import endpoints, errors, health, pages
from socialpub.api.limits import BodySizeLimit
from socialpub.observability import logs
from socialpub.runtime import Runtime
from socialpub.settings import get_settings
from socialpub.store.migrate import upgrade


def create_app(runtime: Runtime | None = None) -> FastAPI:
    if runtime is None:  # served for real (tests pass their own runtime and keep their logging)
        runtime = Runtime(get_settings())
        logs.configure(runtime.settings.log_format)
        upgrade(runtime.engine)
    app = FastAPI(title="socialpub", version=__version__)
    app.state.runtime = runtime
    errors.install(app)  # one readable line for every refused request
    app.include_router(health.router)
    app.include_router(health.metrics_router)
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.api_max_body_bytes)
    app.include_router(endpoints.router)
    app.include_router(pages.router)
    return app
