"""A small OpenID Connect provider for tests, written from OpenID Connect Core 1.0 (authorization
code flow, section 3.1), Discovery 1.0 and RFC 7636 (PKCE), RFC 7517 (JWK) and RFC 7515 (JWS).

It signs ID tokens itself with ``cryptography`` (RS256), independently of the authlib code under
test. The person "at the provider" is whoever ``provider.person`` names (no login screen), and
``provider.forge`` makes the next ID tokens wrong in one way so tests can check they are refused.
Serve it with ``tests.platform_servers.runner.run_server(provider.app)``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "socialpub-test"
CLIENT_SECRET = "a client secret only the test knows"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    challenge: str | None
    email: str


@dataclass
class Provider:
    """One provider; ``issuer`` is set once it is served (``serve_at``)."""

    issuer: str = ""
    person: dict[str, Any] = field(
        default_factory=lambda: {
            "email": "sso@example.org",
            "email_verified": True,
            "name": "Sam Single",
        }
    )
    # "expired", "other_key", "other_audience", "other_issuer", "other_nonce", "none_alg"
    forge: str | None = None
    token_requests: list[dict[str, str]] = field(default_factory=list)
    _key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    _other: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    _grants: dict[str, _Grant] = field(default_factory=dict)
    _access: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
                Route("/userinfo", self.userinfo),
            ]
        )

    # -- Discovery 1.0, section 3
    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    # -- Core 3.1.2: the authorization endpoint (the person is already signed in here)
    async def authorize(self, request: Request) -> Response:
        q = request.query_params
        redirect_uri = q.get("redirect_uri", "")
        if q.get("client_id") != CLIENT_ID or not redirect_uri:
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        if q.get("response_type") != "code" or "openid" not in q.get("scope", "").split():
            return self._back(redirect_uri, q.get("state"), error="invalid_request")
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return self._back(redirect_uri, q.get("state"), error="invalid_request")
        code = secrets.token_urlsafe(24)
        self._grants[code] = _Grant(
            CLIENT_ID, redirect_uri, q.get("nonce"), q.get("code_challenge"), self.person["email"]
        )
        return self._back(redirect_uri, q.get("state"), code=code)

    def _back(self, redirect_uri: str, state: str | None, **values: str) -> Response:
        if state is not None:
            values["state"] = state
        return RedirectResponse(f"{redirect_uri}?{urlencode(values)}", status_code=302)

    # -- Core 3.1.3: the token endpoint, client_secret_basic and PKCE (RFC 7636 4.6)
    async def token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.token_requests.append(form)
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != expected:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self._grants.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if form.get("redirect_uri") != grant.redirect_uri:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = form.get("code_verifier", "")
        if _b64(hashlib.sha256(verifier.encode()).digest()) != grant.challenge:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        access = secrets.token_urlsafe(24)
        self._access[access] = dict(self.person)
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self._id_token(grant),
            },
            headers={"Cache-Control": "no-store"},
        )

    def _id_token(self, grant: _Grant) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "sub-" + hashlib.sha256(grant.email.encode()).hexdigest()[:16],
            "aud": grant.client_id,
            "exp": now + 300,
            "iat": now,
            "auth_time": now,
            **self.person,
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        key = self._key
        header = {"alg": "RS256", "typ": "JWT", "kid": "k1"}
        match self.forge:
            case "expired":
                claims.update(exp=now - 3600, iat=now - 7200, auth_time=now - 7200)
            case "other_key":
                key = self._other
            case "other_audience":
                claims["aud"] = "someone-else"
            case "other_issuer":
                claims["iss"] = "https://evil.example"
            case "other_nonce":
                claims["nonce"] = "not-the-nonce"
            case "none_alg":
                header = {"alg": "none", "typ": "JWT"}
        signing_input = (
            _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
        ).encode()
        if header["alg"] == "none":
            return signing_input.decode() + "."
        signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return signing_input.decode() + "." + _b64(signature)

    # -- RFC 7517: the public key as a JWK Set
    async def jwks(self, request: Request) -> Response:
        public = self._key.public_key().public_numbers()
        jwk = {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": "k1",
            "n": _int_b64(public.n),
            "e": _int_b64(public.e),
        }
        return JSONResponse({"keys": [jwk]})

    # -- Core 5.3: userinfo, for a bearer access token
    async def userinfo(self, request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        person = self._access.get(auth.removeprefix("Bearer "))
        if not auth.startswith("Bearer ") or person is None:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        sub = "sub-" + hashlib.sha256(person["email"].encode()).hexdigest()[:16]
        return JSONResponse({"sub": sub, **person})
