"""Printing for people and for programs: one place decides between a table and ``--json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn

import typer


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_default))


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> None:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = min(max(widths[i], len(cell)), 60)
    line = "  ".join(h.upper().ljust(widths[i]) for i, h in enumerate(headers))
    typer.echo(line.rstrip())
    for row in cells:
        shown = [
            (c if len(c) <= widths[i] else c[: widths[i] - 1] + "…").ljust(widths[i])
            for i, c in enumerate(row)
        ]
        typer.echo("  ".join(shown).rstrip())


def fail(message: str, *, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def is_terminal() -> bool:
    return sys.stderr.isatty()
