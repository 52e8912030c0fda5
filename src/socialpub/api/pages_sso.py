"""Single sign-on through OpenID Connect: "Sign in with <provider>" on the sign-in page.

``/login/sso`` sends the browser to the provider with a fresh state, nonce and PKCE challenge,
remembered in a short-lived HttpOnly cookie; ``/login/sso/callback`` checks the state against
that cookie, exchanges the code, checks the ID token (``people.oidc``), finds the person
(``people.sso``) and starts a session exactly as a password sign-in does.
"""

from __future__ import annotations

import base64
import json

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response

from socialpub.api import sessions
from socialpub.api.auth import runtime_of
from socialpub.api.pages_signin import login_failed, safe_next
from socialpub.people import oidc, signin, sso
from socialpub.settings import Settings

router = APIRouter()
COOKIE = "socialpub_sso"
COOKIE_PATH = "/login/sso"
PENDING_SECONDS = 600  # a sign-in left at the provider longer than this starts again


def _settings(request: Request) -> Settings:
    settings = runtime_of(request).settings
    if not oidc.enabled(settings):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "single sign-on is not set up here")
    return settings


def _redirect_uri(request: Request, settings: Settings) -> str:
    return settings.oidc_redirect_url or str(request.url_for("sso_callback"))


def _pack(pending: oidc.Pending, next_path: str) -> str:
    raw = json.dumps([pending.state, pending.nonce, pending.code_verifier, next_path])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _unpack(value: str) -> tuple[oidc.Pending, str] | None:
    try:
        state, nonce, verifier, next_path = json.loads(base64.urlsafe_b64decode(value.encode()))
        return oidc.Pending(str(state), str(nonce), str(verifier)), safe_next(str(next_path))
    except (ValueError, TypeError):
        return None


@router.get("/login/sso")
def sso_start(request: Request, next: str | None = None) -> Response:
    settings = _settings(request)
    try:
        url, pending = oidc.start(settings, _redirect_uri(request, settings))
    except oidc.SsoError as exc:
        return login_failed(request, next, str(exc), status.HTTP_502_BAD_GATEWAY)
    response = RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)
    # Lax, not Strict: the provider's redirect back is a cross-site top-level navigation
    response.set_cookie(
        COOKIE,
        _pack(pending, safe_next(next)),
        max_age=PENDING_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=COOKIE_PATH,
    )
    return response


@router.get("/login/sso/callback", name="sso_callback")
def sso_callback(
    request: Request,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
    error_description: str | None = None,
) -> Response:
    settings = _settings(request)
    remembered = _unpack(request.cookies.get(COOKIE, ""))
    if remembered is None or not state or not sessions.same_token(state, remembered[0].state):
        return login_failed(
            request,
            None,
            "That sign-in link expired or was not started here. Please try again.",
            400,
        )
    pending, next_path = remembered
    if error or not code:
        said = (error_description or error or "no code")[:200]
        return login_failed(request, next_path, f"The provider did not sign you in: {said}", 401)
    runtime = runtime_of(request)
    refused: str | None = None
    value = ""
    try:
        identity = oidc.finish(settings, _redirect_uri(request, settings), pending, code[:2000])
    except oidc.SsoError as exc:
        return login_failed(request, next_path, str(exc), 401)
    # a refusal's audit event must be committed although no session starts
    with runtime.sessions.begin() as session:
        try:
            user = sso.person_for(session, settings, identity)
        except oidc.SsoError as exc:
            refused = str(exc)
        else:
            via = {"via": "oidc", "issuer": str(settings.oidc_issuer), "subject": identity.subject}
            value = signin.start(session, user, via=via).cookie_value
    if refused is not None:
        return login_failed(request, next_path, refused, 403)
    response = RedirectResponse(next_path, status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    sessions.set_session_cookie(request, response, value)
    return response
