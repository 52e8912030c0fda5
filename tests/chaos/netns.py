"""A network namespace with veth links to this host, made and removed by one test.

Each link is a veth pair on its own private /30 (``10.x.y.z``, picked at random and checked
unused), host side ``.1`` and namespace side ``.2``; it exists only while the test runs. A link
can be cut and restored from the namespace's side, which is what a worker host losing its
network looks like to the worker, while this host keeps its own address.
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import uuid
from dataclasses import dataclass


class NetnsUnavailable(RuntimeError):
    pass


def _ip(*args: str, netns: str | None = None) -> None:
    command = ["ip", *(["-n", netns] if netns else []), *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise NetnsUnavailable(f"{' '.join(command)}: {result.stderr.strip()}")


def _used_prefixes() -> str:
    command = ["ip", "-4", "route", "show", "table", "all"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    return result.stdout


@dataclass
class Link:
    host_addr: str
    ns_addr: str
    host_if: str
    ns_if: str


class Netns:
    def __init__(self) -> None:
        self.tag = uuid.uuid4().hex[:6]
        self.name = f"spchaos-{self.tag}"
        self.links: list[Link] = []
        _ip("netns", "add", self.name)  # NetnsUnavailable when not permitted
        _ip("link", "set", "lo", "up", netns=self.name)

    @property
    def exec_prefix(self) -> list[str]:
        return ["ip", "netns", "exec", self.name]

    def add_link(self) -> Link:
        used = _used_prefixes()
        for _ in range(100):
            base = f"10.{random.randint(200, 254)}.{random.randint(0, 255)}"
            last = random.randrange(0, 256, 4)
            if f"{base}.{last}/30" not in used and f"{base}.{last + 1} " not in used:
                break
        n = len(self.links)
        link = Link(
            f"{base}.{last + 1}", f"{base}.{last + 2}", f"sph{self.tag}{n}", f"spn{self.tag}{n}"
        )
        _ip("link", "add", link.host_if, "type", "veth", "peer", "name", link.ns_if)
        self.links.append(link)
        _ip("link", "set", link.ns_if, "netns", self.name)
        _ip("addr", "add", f"{link.host_addr}/30", "dev", link.host_if)
        _ip("link", "set", link.host_if, "up")
        _ip("addr", "add", f"{link.ns_addr}/30", "dev", link.ns_if, netns=self.name)
        _ip("link", "set", link.ns_if, "up", netns=self.name)
        return link

    def cut(self, link: Link) -> None:
        _ip("link", "set", link.ns_if, "down", netns=self.name)

    def restore(self, link: Link) -> None:
        _ip("link", "set", link.ns_if, "up", netns=self.name)

    def close(self) -> None:
        for link in self.links:
            with contextlib.suppress(NetnsUnavailable):
                _ip("link", "del", link.host_if)  # removes its peer too
        with contextlib.suppress(NetnsUnavailable):
            _ip("netns", "del", self.name)
