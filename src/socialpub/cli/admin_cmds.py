"""Admin commands: API tokens for the web API and pages; the audit log and its chain."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import IntegrityError

from socialpub import audit
from socialpub.cli.context import current_user, runtime_for_command
from socialpub.cli.output import emit_json, fail, table
from socialpub.store import tokens
from socialpub.store.tokens import Role

token_app = typer.Typer(help="API tokens for the web API and pages.", no_args_is_help=True)
audit_app = typer.Typer(
    help="The audit log: with no command, its events; `verify` checks its hash chain.",
    invoke_without_command=True,
)


@audit_app.callback()
def audit_events(
    ctx: typer.Context,
    delivery_id: Annotated[int | None, typer.Option("--delivery", help="One delivery.")] = None,
    post_id: Annotated[int | None, typer.Option("--post", help="One post.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only what this person did.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind of event.")] = None,
    since: Annotated[str | None, typer.Option(help="A date or ISO 8601 time.")] = None,
    limit: Annotated[int, typer.Option(help="How many events.")] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show audit events, newest first (or one delivery's, oldest first)."""
    if ctx.invoked_subcommand is None:
        from socialpub.cli.schedule_cmds import audit_log

        audit_log(
            delivery_id=delivery_id,
            post_id=post_id,
            actor=actor,
            kind=kind,
            since=since,
            limit=limit,
            as_json=as_json,
        )


@audit_app.command("verify")
def audit_verify(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Check every event's hash link; exit 1 naming the first broken one."""
    with runtime_for_command() as runtime, runtime.sessions() as session:
        report = audit.verify(session)
    if as_json:
        emit_json(
            {
                "ok": report.ok,
                "checked": report.checked,
                "head": report.head,
                "broken_at": report.broken_at,
                "problem": report.problem,
            }
        )
        if not report.ok:
            raise typer.Exit(1)
        return
    if not report.ok:
        fail(
            f"audit chain broken at event {report.broken_at}: {report.problem} "
            f"({report.checked} events before it are intact)"
        )
    typer.echo(f"audit chain intact: {report.checked} events, head {report.head}")


@token_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who or what the token is for.")],
    role: Annotated[Role, typer.Option(help="staff, approver or admin.")] = Role.STAFF,
) -> None:
    """Make a token; it is printed once and only its hash is kept."""
    with runtime_for_command() as runtime:
        try:
            with runtime.sessions.begin() as session:
                token = tokens.create(session, name, role, actor=current_user())
        except IntegrityError:
            fail(f"a token named {name!r} exists already")
    typer.echo(token)
    typer.echo(f"token {name!r} ({role}) created; store it now, it cannot be shown again", err=True)


@token_app.command("list")
def list_tokens(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List tokens (never their values)."""
    with runtime_for_command() as runtime, runtime.sessions() as session:
        rows = [
            {"name": t.name, "role": t.role, "created_at": t.created_at, "revoked_at": t.revoked_at}
            for t in tokens.all_tokens(session)
        ]
    if as_json:
        emit_json(rows)
    else:
        table(
            [(r["name"], r["role"], r["created_at"], r["revoked_at"] or "") for r in rows],
            ["name", "role", "created", "revoked"],
        )


@token_app.command("revoke")
def revoke(name: Annotated[str, typer.Argument()]) -> None:
    """Revoke a token at once."""
    with runtime_for_command() as runtime, runtime.sessions.begin() as session:
        if not tokens.revoke(session, name, actor=current_user()):
            fail(f"no active token named {name!r}")
    typer.echo(f"token {name!r} revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
    app.add_typer(audit_app, name="audit")
