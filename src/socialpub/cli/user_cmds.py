"""People who sign in to the web app: ``socialpub user add``, ``list``, ``set-role``,
``disable``, ``enable`` and ``reset-password``."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from socialpub.cli.context import current_user, runtime_for_command
from socialpub.cli.output import emit_json, fail, table
from socialpub.people import service as people
from socialpub.people.passwords import PasswordError
from socialpub.store.db import SessionFactory
from socialpub.store.tokens import Role

user_app = typer.Typer(help="People who sign in to the web app.", no_args_is_help=True)

PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input."),
]


def _password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    return sys.stdin.readline().rstrip("\r\n")


@user_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The e-mail address they sign in with.")],
    name: Annotated[str, typer.Option(help="Their name, as pages and the audit log show it.")],
    role: Annotated[Role, typer.Option(help="staff, approver or admin.")] = Role.STAFF,
    timezone: Annotated[str | None, typer.Option(help="Their IANA time zone.")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a person. Without --password-stdin a one-time password is printed once."""
    with runtime_for_command() as runtime:
        try:
            with runtime.sessions.begin() as session:
                made = people.add(
                    session,
                    name=name,
                    email=email,
                    role=role,
                    password=_password(password_stdin),
                    timezone=timezone,
                    actor=current_user(),
                )
                email = made.user.email
        except (people.PeopleError, PasswordError) as exc:
            fail(str(exc))
    typer.echo(f"{email} added as {role}")
    if made.password:
        typer.echo(f"one-time password (shown once): {made.password}")


@user_app.command("list")
def list_users(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Everyone who may sign in, with role and whether they are active."""
    with runtime_for_command() as runtime, runtime.sessions() as session:
        rows = [
            {"id": u.id, "name": u.name, "email": u.email, "role": u.role, "active": u.active}
            for u in people.everyone(session)
        ]
    if as_json:
        emit_json(rows)
    else:
        table(
            [
                (r["id"], r["name"], r["email"], r["role"], "yes" if r["active"] else "no")
                for r in rows
            ],
            ["id", "name", "email", "role", "active"],
        )


def _change(email: str, **changes: object) -> None:
    with runtime_for_command() as runtime:
        try:
            with runtime.sessions.begin() as session:
                user = people.by_email(session, email)
                if user is None:
                    fail(f"nobody signs in as {email}")
                people.change(session, user.id, actor=current_user(), **changes)  # type: ignore[arg-type]
        except people.PeopleError as exc:
            fail(str(exc))


@user_app.command("set-role")
def set_role(
    email: Annotated[str, typer.Argument()], role: Annotated[Role, typer.Argument()]
) -> None:
    """Give someone another role."""
    _change(email, role=role)
    typer.echo(f"{email} is now {role}")


@user_app.command("disable")
def disable(email: Annotated[str, typer.Argument()]) -> None:
    """Stop someone signing in; their open sessions end at once."""
    _change(email, active=False)
    typer.echo(f"{email} can no longer sign in")


@user_app.command("enable")
def enable(email: Annotated[str, typer.Argument()]) -> None:
    _change(email, active=True)
    typer.echo(f"{email} can sign in again")


@user_app.command("reset-password")
def reset_password(
    email: Annotated[str, typer.Argument()], password_stdin: PasswordStdin = False
) -> None:
    """Set a new password (printed once when generated); their open sessions end."""
    with runtime_for_command() as runtime:
        try:
            with runtime.sessions.begin() as session:
                user = people.by_email(session, email)
                if user is None:
                    fail(f"nobody signs in as {email}")
                generated = people.reset_password(
                    session, user.id, password=_password(password_stdin), actor=current_user()
                )
        except (people.PeopleError, PasswordError) as exc:
            fail(str(exc))
    typer.echo(f"password of {email} reset")
    if generated:
        typer.echo(f"one-time password (shown once): {generated}")


def ensure_admin(sessions: SessionFactory) -> str | None:
    """On a new install (nobody yet), make the first admin and say how to sign in, once.

    The address comes from SOCIALPUB_ADMIN_EMAIL (default admin@localhost) and the password from
    SOCIALPUB_ADMIN_PASSWORD; without one, a one-time password is generated and printed.
    """
    email = os.environ.get("SOCIALPUB_ADMIN_EMAIL", "admin@localhost")
    password = os.environ.get("SOCIALPUB_ADMIN_PASSWORD") or None
    try:
        with sessions.begin() as session:
            made = people.ensure_first_admin(session, email=email, password=password)
            if made is None:
                return None
            address = made.user.email
    except (people.PeopleError, PasswordError) as exc:
        return f"cannot create the first admin: {exc}"
    shown = (
        f"password: {made.password} (shown once; change it with `socialpub user reset-password`)"
        if made.password
        else "password: the one in SOCIALPUB_ADMIN_PASSWORD"
    )
    return f"first admin created: sign in as {address}, {shown}"


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
