"""People and API tokens (admins): add someone (a one-time password is shown once), change a
role, disable or enable, reset a password; make and revoke tokens for programs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import IntegrityError

from socialpub.api.auth import Caller, runtime_of
from socialpub.api.pages_common import form_needs, needs, render
from socialpub.people import service as people
from socialpub.people.passwords import PasswordError
from socialpub.store import tokens
from socialpub.store.tokens import Role

router = APIRouter()
Admin = Annotated[Caller, Depends(needs(Role.ADMIN))]
AdminForm = Annotated[Caller, Depends(form_needs(Role.ADMIN))]


def _page(
    request: Request,
    caller: Caller,
    *,
    problem: str | None = None,
    secret: str | None = None,
    secret_for: str | None = None,
    code: int = 200,
) -> Response:
    with runtime_of(request).sessions() as session:
        page = render(
            request,
            "people/people.html",
            {
                "people": people.everyone(session),
                "tokens": tokens.all_tokens(session),
                "roles": [r.value for r in Role],
                "problem": problem,
                "secret": secret,
                "secret_for": secret_for,
                "done": request.query_params.get("done"),
            },
            caller=caller,
            status_code=code,
        )
    if secret:  # a password or token shown once must not stay in any cache
        page.headers["Cache-Control"] = "no-store"
    return page


@router.get("/people")
def people_page(request: Request, caller: Admin) -> Response:
    return _page(request, caller)


@router.post("/people")
def add_person(
    request: Request,
    caller: AdminForm,
    name: Annotated[str, Form(max_length=200)],
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=16)] = "staff",
    timezone: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        with runtime_of(request).sessions.begin() as session:
            made = people.add(
                session,
                name=name,
                email=email,
                role=Role(role) if role in Role._value2member_map_ else Role.STAFF,
                timezone=timezone or None,
                actor=caller.actor,
            )
            address = made.user.email
    except (people.PeopleError, PasswordError) as exc:
        return _page(request, caller, problem=str(exc), code=422)
    # shown once, on this answer only; it is not stored anywhere readable
    return _page(request, caller, secret=made.password, secret_for=address)


@router.post("/people/{user_id}")
def change_person(
    request: Request,
    user_id: int,
    caller: AdminForm,
    action: Annotated[str, Form(max_length=20)],
    role: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    try:
        with runtime_of(request).sessions.begin() as session:
            if action == "role" and role in Role._value2member_map_:
                people.change(session, user_id, role=Role(role), actor=caller.actor)
            elif action in ("disable", "enable"):
                people.change(session, user_id, active=action == "enable", actor=caller.actor)
            elif action == "reset":
                password = people.reset_password(session, user_id, actor=caller.actor)
                user = people.get(session, user_id)
                who = user.email if user else str(user_id)
                return _page(request, caller, secret=password, secret_for=who)
            else:
                return _page(request, caller, problem="choose what to change", code=422)
    except (people.PeopleError, PasswordError) as exc:
        return _page(request, caller, problem=str(exc), code=422)
    return RedirectResponse(f"/people?done={action}", status.HTTP_303_SEE_OTHER)


@router.post("/tokens")
def create_token(
    request: Request,
    caller: AdminForm,
    name: Annotated[str, Form(min_length=1, max_length=120)],
    role: Annotated[str, Form(max_length=16)] = "staff",
) -> Response:
    try:
        with runtime_of(request).sessions.begin() as session:
            value = tokens.create(
                session,
                name.strip(),
                Role(role) if role in Role._value2member_map_ else Role.STAFF,
                actor=caller.actor,
            )
    except IntegrityError:
        return _page(request, caller, problem=f"a token named {name!r} exists already", code=409)
    return _page(request, caller, secret=value, secret_for=f"token {name}")


@router.post("/tokens/{name}/revoke")
def revoke_token(request: Request, name: str, caller: AdminForm) -> Response:
    with runtime_of(request).sessions.begin() as session:
        if not tokens.revoke(session, name, actor=caller.actor):
            return _page(request, caller, problem=f"no active token named {name!r}", code=404)
    return RedirectResponse("/people?done=revoked", status.HTTP_303_SEE_OTHER)
