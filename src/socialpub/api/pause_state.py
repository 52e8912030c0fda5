"""Whether publishing is paused for everyone, for the banner every page shows."""

from __future__ import annotations

from socialpub.runtime import Runtime


def current(runtime: Runtime) -> str | None:
    """The reason given when publishing was paused, or None while it runs."""
    return None
