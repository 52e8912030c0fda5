"""Whether publishing is paused for everyone, for the banner every page shows."""

from __future__ import annotations

from socialpub.delivery.pause import paused_reason
from socialpub.runtime import Runtime


def current(runtime: Runtime) -> str | None:
    """The reason given when publishing was paused, or None while it runs."""
    with runtime.sessions() as session:
        return paused_reason(session)
