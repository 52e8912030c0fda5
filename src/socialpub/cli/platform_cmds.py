"""``socialpub platforms`` lists the platform kinds and their limits; ``socialpub accounts check``
asks each configured account's platform who we post as, and says plainly what is wrong if not.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from importlib.metadata import entry_points
from typing import Annotated, Any

import typer

from socialpub.cli.context import runtime_for_command
from socialpub.cli.output import emit_json, fail, table
from socialpub.platforms.errors import Handling, PlatformError
from socialpub.platforms.http import redact_url
from socialpub.platforms.registry import GROUP, adapter_class, available_kinds
from socialpub.settings import Account

accounts_app = typer.Typer(help="Configured accounts.", no_args_is_help=True)


def _kind_row(kind: str) -> dict[str, Any]:
    source = next((ep.value for ep in entry_points(group=GROUP, name=kind)), "")
    try:
        limits = adapter_class(kind).default_limits
    except Exception as exc:  # a broken third-party adapter must not hide the others
        return {"kind": kind, "source": source, "error": f"{type(exc).__name__}: {exc}"}
    return {"kind": kind, "source": source, **asdict(limits)}


def platforms(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """List the platform kinds this installation can post to, with their limits."""
    rows = [_kind_row(kind) for kind in available_kinds()]
    if as_json:
        emit_json(rows)
        return
    table(
        [
            [r["kind"], r["error"]]
            if "error" in r
            else [
                r["kind"],
                f"{r['max_length']} {r['counting']}"
                + (f", ≤{r['max_bytes']} bytes" if r["max_bytes"] else ""),
                r["url_length"] or "as written",
                f"up to {r['max_thread_parts']}" if r["threads"] else "no",
                f"{r['max_images']} × {r['max_image_bytes'] // 1_000_000 or '<1'} MB"
                if r["max_images"]
                else "none",
                r["escaping"] or "",
            ]
            for r in rows
        ],
        ["kind", "length", "url counts", "threads", "images", "escaping"],
    )


def _explain(error: Exception, account: Account) -> str:
    if not isinstance(error, PlatformError):
        return f"unexpected {type(error).__name__}: {redact_url(str(error))}"
    # the same classification the worker acts on (platforms/errors.py)
    match error.handling:
        case Handling.PAUSE_ACCOUNT:
            return f"credentials refused: {error.message}"
        case Handling.FAIL:
            return f"configuration problem: {error.message}"
        case Handling.RETRY:
            return f"could not reach {account.platform} to check (try again): {error.message}"
        case Handling.LOOK_UP:
            return error.message


def _needs_store(account: Account) -> bool:
    try:
        return adapter_class(account.platform).needs_stored_tokens
    except Exception:
        return False


def check(
    names: Annotated[
        list[str] | None, typer.Argument(help="Accounts to check (default: all).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Verify each account's credentials with its platform. Exits 1 if any account has a problem."""
    from socialpub.store.accounts import paused_reason

    with runtime_for_command() as runtime:
        accounts = runtime.settings.parsed_accounts()
        unknown = sorted(set(names or []) - set(accounts))
        if unknown:
            fail(
                f"no account named {', '.join(unknown)} is configured "
                f"(configured: {', '.join(sorted(accounts)) or 'none'})"
            )
        results = []
        for name in names or sorted(accounts):
            account = accounts[name]
            result: dict[str, Any] = {"account": name, "platform": account.platform, "ok": False}
            if account.missing_secrets:
                result["detail"] = "secret not set: " + "; ".join(account.missing_secrets)
            elif not runtime.settings.secret_key and _needs_store(account):
                # Checking would renew the token and lose the new one, spending the configured one.
                result["detail"] = (
                    f"not checked: {account.platform} replaces its token when it is renewed and "
                    "SOCIALPUB_SECRET_KEY is not set, so the new one could not be kept: set it"
                )
            else:
                try:
                    adapter = runtime.adapter(name)
                    result["detail"] = adapter.verify_credentials()
                    result["ok"] = True
                    warning = adapter.api_version_warning(datetime.now(UTC).date())
                    if warning:
                        result["warning"] = warning
                        result["detail"] += f"; WARNING: {warning}"
                except Exception as exc:
                    result["detail"] = _explain(exc, account)
            with runtime.sessions() as session:
                result["paused"] = paused_reason(session, name)
            if not account.settings.enabled:
                result["detail"] += " (account disabled)"
            results.append(result)
    if as_json:
        emit_json(results)
    else:
        table(
            [
                [
                    r["account"],
                    r["platform"],
                    "ok" if r["ok"] else "PROBLEM",
                    r["detail"] + (f" [paused: {r['paused']}]" if r["paused"] else ""),
                ]
                for r in results
            ],
            ["account", "platform", "result", "detail"],
        )
    if not all(r["ok"] for r in results):
        raise typer.Exit(1)


def retract(
    post_id: Annotated[int, typer.Argument(help="Post id (see `socialpub history`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Delete a published post from every platform it reached. Safe to run again: what is
    already gone is left alone. Exits 1 if a platform could not delete it."""
    from socialpub.cli.context import current_user
    from socialpub.delivery.retract import NoSuchPost, retract_post

    with runtime_for_command() as runtime:
        try:
            report = retract_post(runtime, post_id, actor=current_user())
        except NoSuchPost as exc:
            fail(str(exc))
    if as_json:
        emit_json(asdict(report) | {"ok": report.ok})
    else:
        for delivery_id in report.retracted:
            typer.echo(f"delivery {delivery_id}: deleted")
        for delivery_id in report.already:
            typer.echo(f"delivery {delivery_id}: already retracted")
        for delivery_id, why in report.failed.items():
            typer.echo(f"delivery {delivery_id}: NOT deleted: {why}")
        if not (report.retracted or report.already or report.failed):
            typer.echo(f"post {post_id} was not published anywhere: nothing to retract")
    if not report.ok:
        raise typer.Exit(1)


def metrics(
    delivery_ids: Annotated[
        list[int] | None, typer.Argument(help="Deliveries whose readings to show.")
    ] = None,
    read: Annotated[
        bool, typer.Option("--read", help="Take the readings that are due now (a scheduled job).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Public counts of published posts, read at about 1 hour, 1 day and 7 days."""
    from socialpub.delivery import metrics as service

    with runtime_for_command() as runtime:
        if read:
            stored = service.read_due(runtime, datetime.now(UTC))
            typer.echo(f"{stored} reading(s) stored")
        readings = service.history(runtime, list(delivery_ids or []))
    if as_json:
        emit_json({str(k): v for k, v in readings.items()})
        return
    rows = [
        [d, r["reading"], r["read_at"][:16], *(r[c] for c in service.COUNTS)]
        for d, found in readings.items()
        for r in found
    ]
    if rows:
        table(rows, ["delivery", "reading", "read at", *service.COUNTS])


def register(app: typer.Typer) -> None:
    """Add ``platforms``, ``retract`` and the ``accounts`` group (``accounts check``) to ``app``."""
    app.command()(platforms)
    app.command()(retract)
    app.command()(metrics)
    accounts_app.command()(check)
    app.add_typer(accounts_app, name="accounts")
