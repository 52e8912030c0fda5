"""Take a published post back: delete it from every platform it reached, once, audited.

``retract_post`` walks the post's published deliveries and asks each account's adapter to
``delete`` every part it made (replies first, so a thread comes down from the bottom). Adapters
treat "already gone" as success, so running it again, or twice at once, deletes nothing twice
and fails nothing: a delivery is marked ``retracted_at`` by whichever run gets there first,
which alone writes the ``retracted`` audit event. A platform that cannot delete (a Slack or
webhook delivery) or refuses is reported and audited as ``retract_failed``; the others still
come down, and a later run retries only what is left.

The platform calls happen outside any database transaction: a slow platform holds no lock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select, update

from socialpub import audit
from socialpub.delivery.states import State
from socialpub.platforms.errors import PlatformError
from socialpub.runtime import Runtime
from socialpub.store.models import Delivery, Post, utcnow

log = logging.getLogger(__name__)


class NoSuchPost(LookupError):
    pass


@dataclass
class RetractReport:
    post_id: int
    retracted: list[int] = field(default_factory=list)  # delivery ids taken down by this run
    already: list[int] = field(default_factory=list)  # taken down before
    failed: dict[int, str] = field(default_factory=dict)  # delivery id -> why
    not_published: list[int] = field(default_factory=list)  # nothing to take down

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class _Target:
    delivery_id: int
    account: str
    remote_ids: tuple[str, ...]


def retract_post(runtime: Runtime, post_id: int, *, actor: str) -> RetractReport:
    """Delete every published part of post ``post_id`` from its platforms; see the module doc."""
    report = RetractReport(post_id)
    targets: list[_Target] = []
    with runtime.sessions() as session:
        if session.get(Post, post_id) is None:
            raise NoSuchPost(f"no post {post_id}")
        rows = session.scalars(
            select(Delivery).where(Delivery.post_id == post_id).order_by(Delivery.id)
        ).all()
        for row in rows:
            if row.state != State.PUBLISHED.value:
                report.not_published.append(row.id)
            elif row.retracted_at is not None:
                report.already.append(row.id)
            else:
                ids = tuple(row.part_ids or ([row.remote_id] if row.remote_id else []))
                targets.append(_Target(row.id, row.account, ids))
    for target in targets:
        problem = _delete_everywhere(runtime, target)
        with runtime.sessions.begin() as session:
            if problem is not None:
                report.failed[target.delivery_id] = problem
                audit.record(
                    session,
                    actor=actor,
                    subject_type="delivery",
                    subject_id=target.delivery_id,
                    kind="retract_failed",
                    details={"reason": problem},
                )
                continue
            now = utcnow()
            marked = session.execute(
                update(Delivery)
                .where(Delivery.id == target.delivery_id, Delivery.retracted_at.is_(None))
                .values(retracted_at=now, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if marked.rowcount != 1:  # type: ignore[attr-defined]
                report.already.append(target.delivery_id)  # a concurrent run got there first
                continue
            audit.record(
                session,
                actor=actor,
                subject_type="delivery",
                subject_id=target.delivery_id,
                kind="retracted",
                details={"account": target.account, "remote_ids": list(target.remote_ids)},
                at=now,
            )
            report.retracted.append(target.delivery_id)
    return report


def _delete_everywhere(runtime: Runtime, target: _Target) -> str | None:
    """Delete each part (last first); None when all are gone, else why not."""
    try:
        adapter = runtime.adapter(target.account)
    except Exception as exc:  # the account is no longer configured
        return f"account {target.account!r} cannot be used: {exc}"
    for remote_id in reversed(target.remote_ids):
        try:
            adapter.delete(remote_id)
        except PlatformError as exc:
            log.warning("retracting delivery %s: %s", target.delivery_id, exc.message)
            return exc.message
    return None
