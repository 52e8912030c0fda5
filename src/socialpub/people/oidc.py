"""Talking to an OpenID Connect provider: discovery, the authorization request with state, nonce
and PKCE, the code exchange, and the ID token's checks.

authlib builds the OAuth 2.0 requests (RFC 6749 parameters, RFC 7636 S256 challenge); the ID
token is verified with joserfc, the JOSE library authlib itself depends on and now points to
(authlib's own ``jose`` module and its httpx integration are deprecated). HTTP goes through
httpx directly, with the service's timeout.

The ID token is trusted only after its signature verifies against the provider's published keys
(JWKS, asymmetric algorithms only), its issuer is the configured one, its audience holds our
client id, it has not expired, and its nonce is the one this browser's sign-in started with.
Who may then sign in is decided in ``people.sso``.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from socialpub.settings import Settings

# asymmetric only: a token signed with a shared secret or "none" is refused outright
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
SCOPE = "openid email profile"
LEEWAY_SECONDS = 60  # clock difference tolerated between the provider and this server
DISCOVERY_TTL_SECONDS = 3600.0


class SsoError(Exception):
    """Why a single sign-on did not work, in one line a person can act on."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None


@dataclass(frozen=True)
class Pending:
    """What a started sign-in must remember until the provider sends the browser back."""

    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Identity:
    subject: str
    email: str
    email_verified: bool
    name: str | None
    claims: dict[str, Any]


def enabled(settings: Settings) -> bool:
    return bool(settings.oidc_issuer and settings.oidc_client_id)


def _discovery_url(settings: Settings) -> str:
    if settings.oidc_discovery_url:
        return settings.oidc_discovery_url
    return str(settings.oidc_issuer).rstrip("/") + "/.well-known/openid-configuration"


_discovered: dict[str, tuple[float, Provider]] = {}


def provider(settings: Settings) -> Provider:
    """The provider's endpoints from its discovery document (kept an hour)."""
    url = _discovery_url(settings)
    cached = _discovered.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL_SECONDS:
        return cached[1]
    try:
        answer = httpx.get(url, timeout=settings.http_timeout_seconds)
        answer.raise_for_status()
        doc = answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SsoError(
            f"the sign-on provider's discovery document could not be read: {exc}"
        ) from exc
    if not isinstance(doc, dict):
        raise SsoError("the sign-on provider's discovery document is not a JSON object")
    # OIDC Discovery 4.3: the issuer in the document must be exactly the one configured
    if doc.get("issuer") != settings.oidc_issuer:
        raise SsoError(
            f"the discovery document names issuer {doc.get('issuer')!r}, "
            f"not the configured {settings.oidc_issuer!r}"
        )
    try:
        found = Provider(
            issuer=str(doc["issuer"]),
            authorization_endpoint=str(doc["authorization_endpoint"]),
            token_endpoint=str(doc["token_endpoint"]),
            jwks_uri=str(doc["jwks_uri"]),
            userinfo_endpoint=doc.get("userinfo_endpoint"),
        )
    except KeyError as exc:
        raise SsoError(f"the discovery document has no {exc.args[0]}") from exc
    _discovered[url] = (time.monotonic(), found)
    return found


def start(settings: Settings, redirect_uri: str) -> tuple[str, Pending]:
    """The provider's authorization URL to send the browser to, and what to remember."""
    found = provider(settings)
    pending = Pending(
        state=secrets.token_urlsafe(24),
        nonce=secrets.token_urlsafe(24),
        code_verifier=secrets.token_urlsafe(48),
    )
    url = prepare_grant_uri(
        found.authorization_endpoint,
        client_id=settings.oidc_client_id,
        response_type="code",
        redirect_uri=redirect_uri,
        scope=SCOPE,
        state=pending.state,
        nonce=pending.nonce,
        code_challenge=create_s256_code_challenge(pending.code_verifier),
        code_challenge_method="S256",
    )
    return str(url), pending


def _exchange(
    settings: Settings, found: Provider, redirect_uri: str, pending: Pending, code: str
) -> dict[str, Any]:
    """Core 3.1.3.1: the code and the PKCE verifier for tokens, the client authenticated with
    HTTP Basic (client_secret_basic) when it has a secret."""
    secret = settings.oidc_client_secret
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": pending.code_verifier,
    }
    auth: tuple[str, str] | None = None
    if secret is None:
        form["client_id"] = str(settings.oidc_client_id)
    else:
        auth = (str(settings.oidc_client_id), secret.get_secret_value())
    answer = httpx.post(
        found.token_endpoint,
        data=form,
        auth=auth,
        headers={"Accept": "application/json"},
        timeout=settings.http_timeout_seconds,
    )
    body = answer.json()
    if answer.status_code != 200 or not isinstance(body, dict):
        said = (
            body.get("error_description") or body.get("error") if isinstance(body, dict) else None
        )
        raise SsoError(f"the sign-on provider refused the code: {said or answer.status_code}")
    return body


def _checked_claims(
    settings: Settings, found: Provider, pending: Pending, id_token: str, keys: KeySet
) -> dict[str, Any]:
    """Core 3.1.3.7: signature (provider's keys, asymmetric algorithms), iss, aud (and azp),
    exp and iat with a little leeway, and the nonce this sign-in sent."""
    token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    claims = dict(token.claims)
    JWTClaimsRegistry(
        now=int(time.time()),
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": found.issuer},
        aud={"essential": True, "value": str(settings.oidc_client_id)},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": pending.nonce},
    ).validate(claims)
    audience = claims["aud"]
    if (
        isinstance(audience, list)
        and len(audience) > 1
        and claims.get("azp") != settings.oidc_client_id
    ):
        raise SsoError("the ID token was refused: it names other audiences and not us as azp")
    return claims


def finish(settings: Settings, redirect_uri: str, pending: Pending, code: str) -> Identity:
    """Exchange the code (with the PKCE verifier) and check the ID token; SsoError if not."""
    found = provider(settings)
    try:
        token = _exchange(settings, found, redirect_uri, pending, code)
        jwks = httpx.get(found.jwks_uri, timeout=settings.http_timeout_seconds)
        jwks.raise_for_status()
        keys = KeySet.import_key_set(jwks.json())
    except (httpx.HTTPError, ValueError, JoseError) as exc:
        raise SsoError(f"the sign-on provider did not complete the sign-in: {exc}") from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise SsoError("the sign-on provider sent no ID token")
    try:
        claims = _checked_claims(settings, found, pending, id_token, keys)
    except (JoseError, ValueError) as exc:
        raise SsoError(f"the ID token was refused: {exc}") from exc
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SsoError("the ID token carries no e-mail address (ask for the 'email' scope)")
    name = claims.get("name")
    return Identity(
        subject=str(claims["sub"]),
        email=email,
        email_verified=claims.get("email_verified") is True,
        name=name if isinstance(name, str) else None,
        claims=claims,
    )
