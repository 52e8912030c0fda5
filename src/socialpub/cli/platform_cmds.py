"""``socialpub platforms`` lists the platform kinds and their limits; ``socialpub accounts check``
asks each configured account's platform who we post as, and says plainly what is wrong if not.
"""

from __future__ import annotations

from dataclasses import asdict
from importlib.metadata import entry_points
from typing import Annotated, Any

import typer

from socialpub.cli.context import runtime_for_command
from socialpub.cli.output import emit_json, fail, table
from socialpub.platforms.errors import AuthError, PermanentError, PlatformError, TransientError
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
    if isinstance(error, AuthError):
        return f"credentials refused: {error.message}"
    if isinstance(error, PermanentError):
        return f"configuration problem: {error.message}"
    if isinstance(error, TransientError):
        return f"could not reach {account.platform} to check (try again): {error.message}"
    if isinstance(error, PlatformError):
        return error.message
    return f"unexpected {type(error).__name__}: {redact_url(str(error))}"


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
                    result["detail"] = runtime.adapter(name).verify_credentials()
                    result["ok"] = True
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


def register(app: typer.Typer) -> None:
    """Add ``platforms`` and the ``accounts`` group (``accounts check``) to ``app``."""
    app.command()(platforms)
    accounts_app.command()(check)
    app.add_typer(accounts_app, name="accounts")
