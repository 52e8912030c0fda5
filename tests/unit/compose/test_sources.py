"""URL fetching rules, with a stand-in resolver and transport: no network is touched."""

from __future__ import annotations

import httpx
import pytest

from socialpub.compose.sources import (
    BlockedURL,
    FetchPolicy,
    TooLarge,
    UnsupportedContent,
    fetch,
    fetch_article,
    is_public,
)

DNS = {
    "news.example.org": ["93.184.216.34"],
    "evil.example.org": ["10.0.0.5"],
    "rebind.example.org": ["93.184.216.35", "127.0.0.1"],
    "metadata.example.org": ["169.254.169.254"],
    "intranet": ["192.168.1.10"],
}


def resolver(host: str, port: int) -> list[str]:
    return DNS.get(host, ["93.184.216.99"])


def client(handler: httpx.MockTransport) -> httpx.Client:
    return httpx.Client(transport=handler)


def page(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/redirect-private":
        return httpx.Response(302, headers={"location": "http://intranet/secret"})
    if request.url.path == "/redirect-ok":
        return httpx.Response(301, headers={"location": "/article"})
    if request.url.path == "/loop":
        return httpx.Response(302, headers={"location": "/loop"})
    if request.url.path == "/image":
        return httpx.Response(200, headers={"content-type": "image/png"}, content=b"\x89PNG")
    if request.url.path == "/big":
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 5000)
    body = f"<html><title>A</title><body><p>{request.headers['host']}</p></body></html>"
    return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, text=body)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "100.64.0.1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "192.0.0.192",
        "224.0.0.1",
    ],
)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not is_public(address)


def test_public_addresses() -> None:
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1::1")


def test_fetches_a_public_article_pinned_to_the_vetted_address() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return page(request)

    raw, fmt, url = fetch_article(
        "https://news.example.org/article",
        client=client(httpx.MockTransport(handler)),
        resolver=resolver,
    )
    assert fmt == "html" and "news.example.org" in raw
    assert url == "https://news.example.org/article"
    assert seen[0].url.host == "93.184.216.34"
    assert seen[0].headers["host"] == "news.example.org"
    assert seen[0].extensions["sni_hostname"] == "news.example.org"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://news.example.org/a",
        "file:///etc/passwd",
        "http://evil.example.org/",
        "http://rebind.example.org/",
        "http://metadata.example.org/latest/meta-data/",
        "http://127.0.0.1/",
        "http://[::1]:8080/",
        "gopher://x/",
    ],
)
def test_refused_before_any_request(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be made")

    with pytest.raises(BlockedURL):
        fetch(url, client=client(httpx.MockTransport(handler)), resolver=resolver)


def test_every_redirect_is_checked() -> None:
    mock = client(httpx.MockTransport(page))
    with pytest.raises(BlockedURL, match=r"192\.168\.1\.10"):
        fetch("http://news.example.org/redirect-private", client=mock, resolver=resolver)
    fetched = fetch("http://news.example.org/redirect-ok", client=mock, resolver=resolver)
    assert fetched.url == "http://news.example.org/article"
    with pytest.raises(BlockedURL, match="redirects"):
        fetch("http://news.example.org/loop", client=mock, resolver=resolver)


def test_allow_hosts_lets_a_named_private_host_through() -> None:
    policy = FetchPolicy(allow_hosts=("intranet",))
    mock = client(httpx.MockTransport(page))
    fetched = fetch("http://intranet/article", policy, client=mock, resolver=resolver)
    assert b"intranet" in fetched.body
    with pytest.raises(BlockedURL):  # allowing one host allows no other
        fetch("http://evil.example.org/", policy, client=mock, resolver=resolver)


def test_non_article_content_is_a_clear_error() -> None:
    with pytest.raises(UnsupportedContent, match="image/png, not an article"):
        fetch_article(
            "http://news.example.org/image",
            client=client(httpx.MockTransport(page)),
            resolver=resolver,
        )


def test_size_limit() -> None:
    with pytest.raises(TooLarge):
        fetch(
            "http://news.example.org/big",
            FetchPolicy(max_bytes=1024),
            client=client(httpx.MockTransport(page)),
            resolver=resolver,
        )
