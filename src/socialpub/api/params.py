"""Parameter types every endpoint shares: bounded ids and pages, clean text, the acting person.

A bound on every number and a check on every string is what keeps a fuzzer's input (ids past
the database's integer, ``limit=-1``, NUL bytes, lone surrogates) a readable 422, not a 500.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Query
from pydantic import AfterValidator

from socialpub.api.auth import Caller, require
from socialpub.delivery.permissions import Actor
from socialpub.delivery.when import WhenError, parse_when
from socialpub.store.models import utcnow
from socialpub.store.tokens import Role

MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id cannot exist, and would not even bind


def clean_text(value: str) -> str:
    """Refuse what no database or platform takes: NUL bytes and lone UTF-16 surrogates."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    if any("\ud800" <= c <= "\udfff" for c in value):
        raise ValueError("contains a lone surrogate (not valid Unicode)")
    return value


def clean_optional(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


CleanStr = Annotated[str, AfterValidator(clean_text)]
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A positive id.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page (1-500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]


def _q(description: str, max_length: int = 200) -> object:
    return Query(max_length=max_length, description=description)


TextQ = Annotated[str | None, _q("Text filter."), AfterValidator(clean_optional)]
NameQ = Annotated[str | None, _q("A name.", 120), AfterValidator(clean_optional)]
TimeQ = Annotated[
    str | None,
    _q("A date (2026-11-30) or ISO 8601 time; UTC unless zoned.", 64),
    AfterValidator(clean_optional),
]


def instant(value: str | None, what: str) -> datetime | None:
    """``since``/``until`` as the CLI reads them: ``now``, a date, or an ISO 8601 time."""
    if value is None or not value.strip():
        return None
    try:
        return parse_when(value, "UTC", now=utcnow())
    except WhenError as exc:
        raise WhenError(f"{what}: {exc}") from exc


def _actor(role: Role) -> object:
    need = require(role)

    # A default, not ``Annotated``: the annotation is a string here and ``need`` is local.
    def dependency(caller: Caller = Depends(need)) -> Actor:  # noqa: B008
        return caller.as_actor()

    return Depends(dependency)


StaffActor = Annotated[Actor, _actor(Role.STAFF)]
ApproverActor = Annotated[Actor, _actor(Role.APPROVER)]
AdminActor = Annotated[Actor, _actor(Role.ADMIN)]
