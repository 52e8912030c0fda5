"""Fetching an article or a feed from a URL: the one place in compose that does network I/O.

Safe by construction for a server that fetches URLs people paste:
- only ``http`` and ``https``;
- the host is resolved here and every address must be public: loopback, private, link-local,
  shared, reserved, multicast and cloud metadata addresses are refused unless the host is in
  ``allow_hosts``; the request then goes to the vetted address (the name is kept for the
  ``Host`` header and TLS), so a second DNS answer cannot swap in an internal one;
- redirects are followed by hand, each hop checked the same way, at most ``max_redirects``;
- the body is streamed and abandoned past ``max_bytes`` or ``timeout`` seconds in total;
- the content type must be one we can read; anything else is a clear error.

Errors (all ``FetchError``, a ``ValueError``)::

    FetchError
     ├── BlockedURL          scheme, address or redirect not allowed
     ├── TooLarge            body over max_bytes
     └── UnsupportedContent  not an article or feed (an image, a PDF, JSON...)
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from socialpub.compose.extract import Format

Resolver = Callable[[str, int], list[str]]

ARTICLE_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254")
)
_USER_AGENT = "socialpub/0.1 (+self-hosted article fetcher)"


class FetchError(ValueError):
    pass


class BlockedURL(FetchError):
    pass


class TooLarge(FetchError):
    pass


class UnsupportedContent(FetchError):
    pass


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes
    encoding: str | None
    etag: str | None = None  # validators for a conditional GET next time
    last_modified: str | None = None
    not_modified: bool = False  # 304 to a conditional GET: no body, nothing changed

    def text(self) -> str:
        from socialpub.compose.reading import decode

        return decode(self.body, self.encoding)


@dataclass(frozen=True)
class FetchPolicy:
    allow_hosts: tuple[str, ...] = ()
    max_bytes: int = 5_000_000
    timeout: float = 15.0
    max_redirects: int = 5


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host!r}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# IPv6 ranges whose last 32 bits are an IPv4 address a packet may end up at: IPv4-compatible
# (::a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and the NAT64 well-known prefix.
_EMBEDS_IPV4_LOW32 = tuple(
    ipaddress.IPv6Network(n) for n in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96")
)
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")  # local-use NAT64: any layout


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if any(ip in net for net in _EMBEDS_IPV4_LOW32):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast and ip not in _METADATA


def is_public(address: str) -> bool:
    """Whether ``address`` is a public one, and so is every IPv4 address embedded in it (an IPv6
    form such as ``::127.0.0.1`` or ``2002:7f00:1::1`` can reach the IPv4 address inside)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:
            return False
        embedded = _embedded_ipv4(ip)
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is the IPv4 address itself
            return _public(ip.ipv4_mapped)
        if embedded and not all(_public(v4) for v4 in embedded):
            return False
    return _public(ip)


def _allowed(host: str, allow_hosts: Sequence[str]) -> bool:
    return host.lower().rstrip(".") in {h.lower().rstrip(".") for h in allow_hosts}


def vet(url: str, policy: FetchPolicy, resolver: Resolver) -> tuple[str, str, int]:
    """(scheme, address to connect to, port) for ``url``, or ``BlockedURL``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedURL(f"only http and https URLs can be fetched, not {parts.scheme or 'none'!r}")
    host = parts.hostname
    if not host:
        raise BlockedURL(f"{url!r} has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BlockedURL(f"{url!r}: {exc}") from exc
    try:
        addresses = [str(ipaddress.ip_address(host))]  # a literal address needs no lookup
    except ValueError:
        addresses = resolver(host, port)
    if not addresses:
        raise FetchError(f"{host!r} has no address")
    if not _allowed(host, policy.allow_hosts):
        blocked = [a for a in addresses if not is_public(a)]
        if blocked:
            raise BlockedURL(
                f"{host!r} resolves to {blocked[0]}, a private, loopback, link-local or metadata "
                "address; add the host to allow_hosts to fetch from it"
            )
    # every address was vetted; connect to an IPv4 one first, the kind every host can reach
    return parts.scheme, sorted(addresses, key=lambda a: ":" in a)[0], port


def _pinned_request(
    client: httpx.Client, url: str, address: str, port: int, extra: Mapping[str, str] | None = None
) -> httpx.Request:
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    target = parts._replace(netloc=f"{literal}:{port}").geturl()
    headers = {**(extra or {}), "Host": parts.netloc.rsplit("@", 1)[-1], "User-Agent": _USER_AGENT}
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return client.build_request("GET", target, headers=headers, extensions=extensions)


def fetch(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    client: httpx.Client | None = None,
    resolver: Resolver = system_resolver,
    accept: Sequence[str] = (*ARTICLE_TYPES, *FEED_TYPES),
    headers: Mapping[str, str] | None = None,
) -> Fetched:
    """GET ``url`` within ``policy``; raise a ``FetchError`` saying what was refused and why.

    ``headers`` may make it conditional (``If-None-Match``, ``If-Modified-Since``); a 304 then
    comes back as ``Fetched(not_modified=True)`` with no body.
    """
    policy = policy or FetchPolicy()
    own_client = client is None
    client = client or httpx.Client(timeout=policy.timeout, follow_redirects=False)
    deadline = time.monotonic() + policy.timeout
    try:
        for _ in range(policy.max_redirects + 1):
            _, address, port = vet(url, policy, resolver)
            request = _pinned_request(client, url, address, port, headers)
            try:
                response = client.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise FetchError(f"fetching {url}: {exc.__class__.__name__}: {exc}") from exc
            try:
                if response.has_redirect_location:  # not a 304, nor a 3xx without one
                    location = response.headers.get("location", "")
                    url = urljoin(url, location)
                    continue
                return _read(url, response, policy, deadline, accept)
            finally:
                response.close()
        raise BlockedURL(f"more than {policy.max_redirects} redirects")
    finally:
        if own_client:
            client.close()


def _read(
    url: str,
    response: httpx.Response,
    policy: FetchPolicy,
    deadline: float,
    accept: Sequence[str],
) -> Fetched:
    if response.status_code >= 400:
        raise FetchError(f"{url} answered HTTP {response.status_code}")
    etag = response.headers.get("etag")
    last_modified = response.headers.get("last-modified")
    if response.status_code == 304:
        return Fetched(url, "", b"", None, etag, last_modified, not_modified=True)
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in accept:
        raise UnsupportedContent(
            f"{url} is {content_type or 'of no declared type'}, not an article or a feed"
        )
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise TooLarge(f"{url} is {declared} bytes, over the {policy.max_bytes}-byte limit")
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body.extend(chunk)
            if len(body) > policy.max_bytes:
                raise TooLarge(f"{url} is over the {policy.max_bytes}-byte limit")
            if time.monotonic() > deadline:
                raise FetchError(f"{url} took longer than {policy.timeout:g} s")
    except httpx.HTTPError as exc:
        raise FetchError(f"reading {url}: {exc.__class__.__name__}: {exc}") from exc
    return Fetched(
        url=url,
        content_type=content_type,
        body=bytes(body),
        encoding=response.charset_encoding,
        etag=etag,
        last_modified=last_modified,
    )


def fetch_article(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    client: httpx.Client | None = None,
    resolver: Resolver = system_resolver,
) -> tuple[str, Format, str]:
    """(raw text, its format, final URL) of the article at ``url``."""
    fetched = fetch(url, policy, client=client, resolver=resolver, accept=tuple(ARTICLE_TYPES))
    return fetched.text(), ARTICLE_TYPES[fetched.content_type], fetched.url
