"""Runtime state of accounts: paused after an auth error, with the reason, until resumed."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.store.models import AccountState, utcnow

_SUBJECT_ID = 0  # accounts are named, not numbered: the name goes into the details


def paused_reason(session: Session, account: str) -> str | None:
    state = session.get(AccountState, account)
    if state is None or not state.needs_attention:
        return None
    return state.reason or "needs attention"


def pause(session: Session, account: str, reason: str, *, actor: str) -> None:
    state = session.get(AccountState, account)
    if state is None:
        state = AccountState(account=account)
        session.add(state)
    already = state.needs_attention
    state.needs_attention = True
    state.reason = reason
    state.updated_at = utcnow()
    if not already:
        audit.record(
            session,
            actor=actor,
            subject_type="account",
            subject_id=_SUBJECT_ID,
            kind="account_paused",
            details={"account": account, "reason": reason},
        )


def resume(session: Session, account: str, *, actor: str) -> bool:
    state = session.get(AccountState, account)
    if state is None or not state.needs_attention:
        return False
    state.needs_attention = False
    state.reason = None
    state.updated_at = utcnow()
    audit.record(
        session,
        actor=actor,
        subject_type="account",
        subject_id=_SUBJECT_ID,
        kind="account_resumed",
        details={"account": account},
    )
    return True


def paused_accounts(session: Session) -> Sequence[AccountState]:
    query = select(AccountState).where(AccountState.needs_attention.is_(True))
    return session.scalars(query.order_by(AccountState.account)).all()
