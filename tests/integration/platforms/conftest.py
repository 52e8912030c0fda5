"""Fixtures for driving adapters over real HTTP against the local platform servers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import httpx
import pytest

from socialpub.platforms.base import AccountContext, Adapter, CredentialStore, MemoryCredentialStore

A = TypeVar("A", bound=Adapter)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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
