"""The error tree carries the decision the worker and ``accounts check`` act on."""

from __future__ import annotations

import pytest

from socialpub.platforms.base import Adapter, PublishRequest, PublishResult
from socialpub.platforms.errors import (
    AuthError,
    DuplicatePost,
    Handling,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.registry import adapter_class, available_kinds


def test_each_error_says_how_it_is_handled() -> None:
    assert TransientError("t").handling is Handling.RETRY
    assert RateLimited("r", retry_after=5).retry_after == 5
    assert RateLimited("r").handling is Handling.RETRY and not RateLimited("r").permanent
    assert PermanentError("p").handling is Handling.FAIL and PermanentError("p").permanent
    assert DuplicatePost("d", existing="urn:1").existing == "urn:1"
    assert AuthError("a").handling is Handling.PAUSE_ACCOUNT and AuthError("a").permanent
    assert UnknownOutcome("u").handling is Handling.LOOK_UP and not UnknownOutcome("u").permanent


def test_every_installed_platform_declares_its_quota() -> None:
    for kind in available_kinds():
        cls = adapter_class(kind)
        assert "quota" in {k for c in cls.__mro__ for k in vars(c)}
    assert adapter_class("mastodon").quota is not None


def test_an_adapter_that_forgets_its_quota_is_refused_when_defined() -> None:
    with pytest.raises(TypeError, match="must declare quota"):

        class Forgetful(Adapter):
            kind = "forgetful"

            def publish(self, request: PublishRequest) -> PublishResult:
                raise NotImplementedError

            def lookup(self, request: PublishRequest) -> PublishResult | None:
                raise NotImplementedError

            def delete(self, remote_id: str) -> None:
                raise NotImplementedError

            def verify_credentials(self) -> str:
                raise NotImplementedError
