"""Single sign-on over real HTTP against a small OpenID Connect provider on loopback
(``tests.oidc_provider``): the whole code flow with state, nonce and PKCE, who may sign in, and
ID tokens that are forged, expired or meant for someone else being refused."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from socialpub.api.app import create_app
from socialpub.people import oidc
from socialpub.people import service as people
from socialpub.runtime import Runtime
from socialpub.store.models import AuditEvent
from socialpub.store.tokens import Role
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from tests.platform_servers.runner import run_server
from tests.web import add_person


@pytest.fixture
def provider() -> Iterator[Provider]:
    op = Provider()
    with run_server(op.app) as url:
        op.issuer = url
        oidc._discovered.clear()  # each test's provider has its own port and keys
        yield op


def _runtime(runtime_factory: Any, provider: Provider, **extra: Any) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={"outbox": {"platform": "outbox", "path": "outbox.jsonl"}},
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_name="Example ID",
        **extra,
    )
    add_person(rt, "sso@example.org", Role.APPROVER, "Sam Single")
    return rt


@pytest.fixture
def runtime(runtime_factory: Any, provider: Provider) -> Runtime:
    return _runtime(runtime_factory, provider)


@pytest.fixture
def base(runtime: Runtime) -> Iterator[str]:
    with run_server(create_app(runtime)) as url:
        yield url


def _sign_in_with_provider(client: httpx.Client, next_path: str = "/calendar") -> httpx.Response:
    """Press the button, let the provider send the browser back; the callback's answer."""
    page = client.get("/login")
    assert "Sign in with Example ID" in page.text
    started = client.get("/login/sso", params={"next": next_path})
    assert started.status_code == 303
    at_provider = client.get(started.headers["location"])
    assert at_provider.status_code == 302, at_provider.text
    return client.get(at_provider.headers["location"])


def _events(runtime: Runtime, kind: str) -> list[AuditEvent]:
    with runtime.sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)))


def test_the_code_flow_signs_a_known_person_in_like_a_password_does(
    base: str, runtime: Runtime, provider: Provider
) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        started = client.get("/login/sso", params={"next": "/calendar"})
        asked = parse_qs(urlsplit(started.headers["location"]).query)
        assert started.headers["location"].startswith(provider.issuer + "/authorize?")
        assert asked["client_id"] == [CLIENT_ID] and asked["response_type"] == ["code"]
        assert "openid" in asked["scope"][0].split()
        assert asked["state"][0] and asked["nonce"][0]
        assert asked["code_challenge_method"] == ["S256"]
        cookie = started.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        back = client.get(client.get(started.headers["location"]).headers["location"])
        assert back.status_code == 303 and back.headers["location"] == "/calendar"
        assert "socialpub_session" in back.headers["set-cookie"]
        page = client.get("/calendar")
        assert page.status_code == 200 and "Sam Single" in page.text
    # the code was exchanged with the PKCE verifier that matches the challenge sent
    (exchange,) = provider.token_requests
    digest = hashlib.sha256(exchange["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == asked["code_challenge"][0]
    (event,) = _events(runtime, "signed_in")
    assert event.actor.startswith("Sam Single") or "sso@example.org" in event.actor
    assert event.details["via"] == "oidc" and event.details["issuer"] == provider.issuer


@pytest.mark.parametrize(
    "forgery", ["expired", "other_key", "other_audience", "other_issuer", "other_nonce", "none_alg"]
)
def test_a_forged_expired_or_misdirected_id_token_is_refused(
    base: str, runtime: Runtime, provider: Provider, forgery: str
) -> None:
    provider.forge = forgery
    with httpx.Client(base_url=base, timeout=10) as client:
        answer = _sign_in_with_provider(client)
        assert answer.status_code == 401
        assert "ID token was refused" in answer.text
        assert "socialpub_session" not in answer.headers.get("set-cookie", "")
        assert client.get("/calendar", follow_redirects=False).status_code in (303, 401)
    assert _events(runtime, "signed_in") == []


def test_a_callback_with_another_state_is_refused(base: str, provider: Provider) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        started = client.get("/login/sso")
        at_provider = client.get(started.headers["location"])
        location = at_provider.headers["location"]
        code = parse_qs(urlsplit(location).query)["code"][0]
        answer = client.get("/login/sso/callback", params={"code": code, "state": "guessed"})
        assert answer.status_code == 400 and "expired or was not started here" in answer.text
    # and a browser that never started a sign-in cannot finish one with a stolen callback URL
    with httpx.Client(base_url=base, timeout=10) as other:
        assert other.get(location).status_code == 400
    assert provider.token_requests == []


def test_someone_the_admins_never_added_is_refused_and_audited(
    base: str, runtime: Runtime, provider: Provider
) -> None:
    provider.person = {"email": "stranger@example.org", "email_verified": True, "name": "S"}
    with httpx.Client(base_url=base, timeout=10) as client:
        answer = _sign_in_with_provider(client)
        assert answer.status_code == 403 and "ask an admin to add you" in answer.text
    (event,) = _events(runtime, "sso_refused")
    assert event.details["email"] == "stranger@example.org"
    with runtime.sessions() as session:
        assert people.by_email(session, "stranger@example.org") is None


def test_an_unverified_email_is_refused(base: str, provider: Provider) -> None:
    provider.person = {**provider.person, "email_verified": False}
    with httpx.Client(base_url=base, timeout=10) as client:
        assert _sign_in_with_provider(client).status_code == 403


def test_new_people_are_added_only_from_allowed_domains_with_the_mapped_role(
    runtime_factory: Any, provider: Provider
) -> None:
    runtime = _runtime(
        runtime_factory,
        provider,
        oidc_create_people=True,
        oidc_email_domains=("example.org",),
        oidc_role_claim="groups",
        oidc_roles={"comms-approvers": "approver"},
    )
    with run_server(create_app(runtime)) as base:
        provider.person = {
            "email": "new@example.org",
            "email_verified": True,
            "name": "Nia New",
            "groups": ["everyone", "comms-approvers"],
        }
        with httpx.Client(base_url=base, timeout=10) as client:
            assert _sign_in_with_provider(client).status_code == 303
        provider.person = {"email": "x@elsewhere.net", "email_verified": True, "name": "X"}
        with httpx.Client(base_url=base, timeout=10) as client:
            answer = _sign_in_with_provider(client)
            assert answer.status_code == 403 and "e-mail domain" in answer.text
    with runtime.sessions() as session:
        added = people.by_email(session, "new@example.org")
        assert added is not None and added.role == Role.APPROVER.value and added.name == "Nia New"
        assert people.by_email(session, "x@elsewhere.net") is None


def test_without_settings_there_is_no_button_and_no_route(runtime_factory: Any) -> None:
    runtime: Runtime = runtime_factory(
        accounts={"outbox": {"platform": "outbox", "path": "outbox.jsonl"}}
    )
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base) as client:
        assert "Sign in with" not in client.get("/login").text
        assert client.get("/login/sso").status_code == 404
