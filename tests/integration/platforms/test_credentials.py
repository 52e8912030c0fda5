"""Encrypted token storage against real databases, and tokens shared between two processes."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from socialpub.platforms.base import PublishRequest
from socialpub.platforms.errors import AuthError
from socialpub.platforms.x import XAdapter
from socialpub.store.credentials import CredentialKeyMissing, DatabaseCredentialStore
from socialpub.store.db import SessionFactory, make_engine, session_factory
from socialpub.store.migrate import upgrade
from socialpub.store.models import StoredCredential
from tests.integration.platforms.conftest import build
from tests.platform_servers.x import XServer


@pytest.fixture
def sessions(database_url: str) -> SessionFactory:
    engine = make_engine(database_url)
    upgrade(engine)
    return session_factory(engine)


def test_values_round_trip_and_are_encrypted_at_rest(sessions: SessionFactory) -> None:
    store = DatabaseCredentialStore(sessions, "a long random secret key")
    store.put("acct", "oauth", '{"access_token": "very-secret-token"}')
    store.put("acct", "oauth", '{"access_token": "newer-secret-token"}')
    assert store.get("acct", "oauth") == '{"access_token": "newer-secret-token"}'
    assert store.get("acct", "other") is None
    with sessions() as session:
        [row] = session.scalars(select(StoredCredential)).all()
    assert "secret-token" not in row.ciphertext
    assert "secret" not in repr(store)
    assert store.forget("acct") == 1 and store.get("acct", "oauth") is None


def test_another_key_cannot_read_and_no_key_refuses_to_store(sessions: SessionFactory) -> None:
    DatabaseCredentialStore(sessions, "key one").put("acct", "oauth", "value")
    assert DatabaseCredentialStore(sessions, "key two").get("acct", "oauth") is None
    keyless = DatabaseCredentialStore(sessions, None)
    with pytest.raises(CredentialKeyMissing, match="SOCIALPUB_SECRET_KEY"):
        keyless.put("acct", "oauth", "value")
    assert isinstance(CredentialKeyMissing("x"), AuthError)  # pauses the account, never crashes


def test_a_rotated_refresh_token_stored_by_one_process_is_used_by_the_next(
    sessions: SessionFactory,
) -> None:
    with XServer(client_id="cid") as server, httpx.Client(timeout=5) as client:
        _, refresh = server.grant()

        def adapter() -> XAdapter:  # a fresh store and adapter, as a new worker process builds
            return build(
                XAdapter,
                client,
                secrets={"refresh_token": refresh},
                store=DatabaseCredentialStore(sessions, "k"),
                options={"client_id": "cid", "api_base_url": server.base_url},
            )

        adapter().publish(PublishRequest("from worker one", "p-1"))
        server.expire_access_tokens()
        # X accepted the configured refresh token once; only the stored successor works now.
        adapter().publish(PublishRequest("from worker two", "p-2"))
        assert len(server.tweets) == 2
        assert len(server.control.seen("/2/oauth2/token")) == 2
