"""Which URLs socialpub keeps and shows as links: absolute http(s) only.

A platform's answer (a webhook's ``{"url": ...}``) is untrusted: a ``javascript:`` or ``data:``
URL stored as a delivery's ``remote_url`` would become a clickable script on the history page.
The delivery layer stores only what ``http_url`` accepts, and pages link only through the
``safe_url`` template filter, which is the same function.
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL = 2048


def http_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host and nothing odd in it, else None."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return None  # browsers strip these, so "java\tscript:" would still be a script
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return value
