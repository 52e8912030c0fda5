"""Fixtures for driving adapters over real HTTP against the local platform servers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, TypeVar

import httpx
import pytest
from PIL import Image

from socialpub.platforms.base import AccountContext, Adapter, CredentialStore, MemoryCredentialStore

A = TypeVar("A", bound=Adapter)



def png(width: int = 8, height: int = 8, **save: Any) -> bytes:
    """A real PNG (adapters decode images to strip their metadata before upload)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "PNG", **save)
    return out.getvalue()


PNG = png()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


@pytest.fixture
def store() -> MemoryCredentialStore:
    return MemoryCredentialStore()


def build(
    cls: type[A],
    client: httpx.Client,
    *,
    options: dict[str, Any],
    secrets: dict[str, str] | None = None,
    store: CredentialStore | None = None,
    name: str = "test-account",
) -> A:
    context = AccountContext(name=name, platform=cls.kind, options=options, secrets=secrets or {})
    return cls(context, client, store)
