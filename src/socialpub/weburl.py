"""Which URLs socialpub keeps and shows as links: absolute http(s) only.

A platform's answer (a webhook's ``{"url": ...}``) is untrusted: a ``javascript:`` or ``data:``
URL stored as a delivery's ``remote_url`` would become a clickable script on the history page.
The delivery layer stores only what ``http_url`` accepts, and pages link only through the
``safe_url`` template filter, which is the same function.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

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


_SECRET_QUERY_KEYS = ("token", "key", "secret", "password", "passwd", "auth", "sig", "signature")


def redact_url(url: str) -> str:
    """``url`` fit for a log line: the user name and password, and the values of query
    parameters that look like credentials (``?token=``, ``api_key=``), replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unreadable URL>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = "&".join(
        f"{name}=***" if sep and any(k in name.lower() for k in _SECRET_QUERY_KEYS) else pair
        for pair in parts.query.split("&")
        if pair
        for name, sep, _ in [pair.partition("=")]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_in(text: str, url: str) -> str:
    """``text`` (an error message, say) with ``url`` in it replaced by its redacted form."""
    return text.replace(url, redact_url(url)) if url else text
