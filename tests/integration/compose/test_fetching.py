"""URL fetching over real sockets on loopback: the safety rules hold on the wire."""

from __future__ import annotations

import pytest

from socialpub.compose.sources import (
    BlockedURL,
    FetchError,
    FetchPolicy,
    TooLarge,
    UnsupportedContent,
    fetch,
    fetch_article,
)

from .servers import drip, redirect, respond, serve

ARTICLE = (
    b"<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>"
    b"<p>The city council of Bergen voted on Monday to close the old harbour to cruise ships "
    b"from 2027, ending a decade of debate over pollution in the historic port.</p>"
    b"</article></body></html>"
)
LOCAL = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=2.0)


def only_localhost(host: str, port: int) -> list[str]:
    return ["127.0.0.1"] if host == "localhost" else []


def test_loopback_is_refused_unless_allowed() -> None:
    with serve({"/a": respond(200, ARTICLE, "text/html")}) as (base, log):
        with pytest.raises(BlockedURL, match="loopback"):
            fetch_article(f"{base}/a")
        assert log == []  # refused before connecting
        raw, fmt, url = fetch_article(f"{base}/a", LOCAL)
        assert fmt == "html" and "Bergen" in raw and url == f"{base}/a"


def test_a_redirect_into_a_host_not_allowed_is_refused() -> None:
    with serve({"/a": respond(200, ARTICLE, "text/html")}) as (base, _):
        port = base.rsplit(":", 1)[1]
        routes = {"/r": redirect(f"http://127.0.0.1:{port}/a")}
        with serve(routes) as (other, log):
            start = other.replace("127.0.0.1", "localhost") + "/r"
            policy = FetchPolicy(allow_hosts=("localhost",), timeout=2.0)
            with pytest.raises(BlockedURL, match=r"127\.0\.0\.1"):
                fetch(start, policy, resolver=only_localhost)
            assert len(log) == 1
            assert log[0]["headers"]["Host"] == other.split("//")[1].replace(
                "127.0.0.1", "localhost"
            )


def test_limits_and_content_types_on_the_wire() -> None:
    routes = {
        "/pdf": respond(200, b"%PDF-1.4", "application/pdf"),
        "/big": respond(200, b"x" * 50_000, "text/html"),
        "/slow": drip(chunks=20, pause=0.2),
        "/gone": respond(404, b"no", "text/html"),
    }
    with serve(routes) as (base, _):
        with pytest.raises(UnsupportedContent, match="application/pdf"):
            fetch_article(f"{base}/pdf", LOCAL)
        small = FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=10_000, timeout=2.0)
        with pytest.raises(TooLarge):
            fetch(f"{base}/big", small)
        hurried = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=1.0)
        with pytest.raises(FetchError, match="longer than"):
            fetch(f"{base}/slow", hurried)
        with pytest.raises(FetchError, match="404"):
            fetch(f"{base}/gone", LOCAL)
