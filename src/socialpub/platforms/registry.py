"""One registry of platform kinds, loaded from the ``socialpub.platforms`` entry-point group.

Built-in adapters are registered in socialpub's own ``pyproject.toml`` exactly as a third-party
package would register one, so there is a single way in.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from socialpub.platforms.base import Adapter

GROUP = "socialpub.platforms"


class UnknownPlatform(LookupError):
    pass


@cache
def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=GROUP)}


def available_kinds() -> list[str]:
    return sorted(_entry_points())


@cache
def adapter_class(kind: str) -> type[Adapter]:
    for ep in entry_points(group=GROUP, name=kind):
        cls = ep.load()
        if not (isinstance(cls, type) and issubclass(cls, Adapter)):
            raise TypeError(f"entry point {ep.value!r} for {kind!r} is not an Adapter subclass")
        return cls
    known = ", ".join(available_kinds()) or "none"
    raise UnknownPlatform(f"unknown platform {kind!r} (known: {known})")
