"""The web app: REST under /api and pages for staff and admins. ``socialpub up --api`` serves it."""

from __future__ import annotations

from fastapi import FastAPI

from socialpub import __version__
from socialpub.api import endpoints, errors, pages
from socialpub.runtime import Runtime
from socialpub.settings import get_settings
from socialpub.store.migrate import upgrade


def create_app(runtime: Runtime | None = None) -> FastAPI:
    if runtime is None:
        runtime = Runtime(get_settings())
        upgrade(runtime.engine)
    app = FastAPI(title="socialpub", version=__version__)
    app.state.runtime = runtime
    errors.install(app)  # one readable line for every refused request
    app.include_router(endpoints.router)
    app.include_router(pages.router)
    return app
