"""One publish attempt after its claim: call the adapter, record the result.

The claim (``queued → publishing``, in ``batch.py`` for one delivery or several) is a conditional
update: a duplicated message, or one for a delivery that was cancelled meanwhile, claims nothing
and does nothing. Every later write here is conditional on still holding the lease, so a worker
that was presumed dead cannot overwrite what the reconciler decided.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.compose.sources import FetchPolicy
from socialpub.delivery.lookup import defer_lookup
from socialpub.delivery.pacing import hold_account
from socialpub.delivery.repository import move, transition
from socialpub.delivery.retry import RetryPolicy
from socialpub.delivery.slots import rules_for
from socialpub.delivery.states import State
from socialpub.observability import logs, metrics
from socialpub.platforms.base import Adapter, LinkCard, MediaItem, PublishRequest, PublishResult
from socialpub.platforms.errors import (
    Handling,
    PermanentError,
    PlatformError,
    TransientError,
    UnknownOutcome,
)
from socialpub.platforms.linkcard import fetch_card
from socialpub.runtime import Runtime
from socialpub.store.accounts import pause
from socialpub.store.models import Delivery, utcnow
from socialpub.weburl import http_url

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    lease: str
    actor: str
    attempt: int
    account: str
    parts: tuple[str, ...]
    part_ids: tuple[str, ...]
    idempotency_key: str
    link: str | None
    first_due: datetime
    language: str | None = None  # ISO 639-1 code of the post's text, when known
    content_warning: str | None = None
    sensitive: bool = False
    reply_to: str | None = None  # a first comment: the parent's remote id, answered by part 0
    media: tuple[MediaItem, ...] = ()  # sent with the first part


def policy_from(runtime: Runtime) -> RetryPolicy:
    s = runtime.settings
    return RetryPolicy(
        base_seconds=s.backoff_base_seconds,
        cap_seconds=s.backoff_cap_seconds,
        max_attempts=s.max_attempts,
        max_age=timedelta(hours=s.max_age_hours),
    )


def part_request(
    attempt: Attempt, index: int, reply_to: str | None, card: LinkCard | None = None
) -> PublishRequest:
    key = attempt.idempotency_key if index == 0 else f"{attempt.idempotency_key}-{index}"
    return PublishRequest(
        text=attempt.parts[index],
        idempotency_key=key,
        reply_to=reply_to if index > 0 else attempt.reply_to,
        link=attempt.link if index == 0 else None,
        language=attempt.language,
        content_warning=attempt.content_warning,
        sensitive=attempt.sensitive,
        media=attempt.media if index == 0 else (),
        card=card if index == 0 else None,
    )


def link_card(runtime: Runtime, adapter: Adapter, attempt: Attempt) -> LinkCard | None:
    """The link's preview, for an adapter that sends it itself; None when none is due or the
    page cannot be read (a post never fails for want of a preview)."""
    if not (attempt.link and adapter.builds_link_cards) or attempt.media or attempt.part_ids:
        return None
    s = runtime.settings
    policy = FetchPolicy(s.allow_hosts, s.fetch_max_bytes, s.fetch_timeout_seconds)
    return fetch_card(attempt.link, policy)


def part_sent_event(
    attempt: Attempt, index: int, result: PublishResult, latency_ms: float, now: datetime
) -> dict[str, Any]:
    return audit.event(
        actor=attempt.actor,
        subject_type="delivery",
        subject_id=attempt.delivery_id,
        kind="attempt_result",
        details={
            "attempt": attempt.attempt,
            "part": index,
            "ok": True,
            "status": result.status,
            "latency_ms": round(latency_ms, 1),
            "remote_id": result.remote_id,
            "url": http_url(result.url),
        },
        at=now,
    )


def _record_part(
    runtime: Runtime,
    attempt: Attempt,
    index: int,
    result: PublishResult,
    part_ids: list[str],
    latency_ms: float,
    now: datetime,
) -> bool:
    """Remember a thread part that was sent, so a retry continues after it; False: lease lost."""
    with runtime.sessions.begin() as session:
        statement = (
            update(Delivery)
            .where(
                Delivery.id == attempt.delivery_id,
                Delivery.lease_owner == attempt.lease,
                Delivery.state == State.PUBLISHING.value,
            )
            .values(part_ids=part_ids, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if session.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
            return False
        audit.record_many(session, [part_sent_event(attempt, index, result, latency_ms, now)])
    return True


def _lookup_after_unknown(adapter: Adapter, request: PublishRequest) -> PublishResult | None:
    """Ask the platform whether the request we lost the answer to was applied.

    Returns the post when it was; None when the platform says it was not; re-raises
    ``UnknownOutcome`` when the platform cannot tell us.
    """
    try:
        return adapter.lookup(request)
    except UnknownOutcome:
        raise
    except PlatformError as exc:
        raise UnknownOutcome(f"lookup failed: {exc.message}") from exc


@dataclass(frozen=True)
class Sent:
    """An attempt whose every part reached the platform, not yet recorded as published."""

    attempt: Attempt
    part_ids: tuple[str, ...]
    url: str | None  # the first part's URL, when this attempt sent the first part
    last: tuple[int, PublishResult, float] | None  # the last part, recorded with the outcome


def send_parts(
    runtime: Runtime, attempt: Attempt, *, clock: Clock = utcnow, rng: random.Random | None = None
) -> Sent | State:
    """Send every part not yet sent. Returns what to record, or the state an error settled in."""
    try:
        adapter = runtime.adapter(attempt.account)
    except Exception as exc:
        return _fail(runtime, attempt, PermanentError(f"account cannot be used: {exc}"), clock())
    part_ids = list(attempt.part_ids)
    card = link_card(runtime, adapter, attempt)
    first: PublishResult | None = None
    last: tuple[int, PublishResult, float] | None = None
    for index in range(len(part_ids), len(attempt.parts)):
        request = part_request(attempt, index, part_ids[-1] if part_ids else None, card)
        started = time.perf_counter()
        try:
            try:
                result = adapter.publish(request)
            except UnknownOutcome as unknown:
                found = _lookup_after_unknown(adapter, request)
                if found is None:
                    raise TransientError(
                        f"{unknown.message}; the platform has no such post, "
                        "so it is safe to send again"
                    ) from unknown
                result = found
        except PlatformError as error:
            latency = (time.perf_counter() - started) * 1000
            metrics.observe_attempt(adapter.account.platform, type(error).__name__, latency / 1000)
            return _settle_error(runtime, attempt, error, index, latency, clock(), rng)
        except Exception as error:  # a bug in an adapter: it may have sent, so never resend
            log.exception("adapter %s raised unexpectedly", attempt.account)
            return mark_unknown(runtime, attempt, f"{type(error).__name__}: {error}", clock())
        latency = (time.perf_counter() - started) * 1000
        metrics.observe_attempt(adapter.account.platform, "sent", latency / 1000)
        part_ids.append(result.remote_id)
        first = first or result
        if index == len(attempt.parts) - 1:
            # The last part is recorded with the outcome: one transaction, not two.
            last = (index, result, latency)
        elif not _record_part(runtime, attempt, index, result, part_ids, latency, clock()):
            return State.PUBLISHING  # our lease was taken over; the reconciler owns it now
    # A platform's URL is kept only when it is http(s): it becomes a link on the history page.
    url = http_url(first.url) if first is not None and len(attempt.part_ids) == 0 else None
    return Sent(attempt, tuple(part_ids), url, last)


def published_values(sent: Sent, now: datetime) -> dict[str, Any]:
    """The columns a published delivery gets (``remote_url`` only when this attempt learnt it)."""
    values: dict[str, Any] = {
        "remote_id": sent.part_ids[0] if sent.part_ids else None,
        "part_ids": list(sent.part_ids),
        "published_at": now,
        "last_error": None,
        "error_class": None,
        "lease_until": None,
    }
    if sent.url is not None:
        values["remote_url"] = sent.url
    return values


def published_events(sent: Sent, now: datetime) -> list[dict[str, Any]]:
    """The audit events of a publish, in order: the last part's result, then ``published``."""
    attempt = sent.attempt
    events = [part_sent_event(attempt, *sent.last, now)] if sent.last is not None else []
    details = {
        "to": State.PUBLISHED.value,
        "remote_id": sent.part_ids[0] if sent.part_ids else None,
        "url": sent.url,
        "attempts": attempt.attempt,
        "parts": len(sent.part_ids),
    }
    return [
        *events,
        audit.event(
            actor=attempt.actor,
            subject_type="delivery",
            subject_id=attempt.delivery_id,
            kind="published",
            details=details,
            at=now,
        ),
    ]


def record_published(session: Session, sent: Sent, now: datetime) -> bool:
    """Record a sent attempt as published; False when its lease was taken over meanwhile."""
    attempt = sent.attempt
    values = published_values(sent, now)
    if not move(
        session,
        attempt.delivery_id,
        State.PUBLISHING,
        State.PUBLISHED,
        owned_by=attempt.lease,
        now=now,
        **values,
    ):
        return False
    audit.record_many(session, published_events(sent, now))
    return True


def run_attempt(
    runtime: Runtime, attempt: Attempt, *, clock: Clock = utcnow, rng: random.Random | None = None
) -> State:
    """Send every part not yet sent, then record the final state. Returns the state it reached."""
    with logs.publishing(attempt):
        outcome = send_parts(runtime, attempt, clock=clock, rng=rng)
    if isinstance(outcome, State):
        return outcome
    now = clock()
    with runtime.sessions.begin() as session:
        if not record_published(session, outcome, now):
            return State.PUBLISHING  # the reconciler took over and records what it finds
    metrics.observe_published(platform_of(runtime, attempt.account), attempt.first_due, now)
    return State.PUBLISHED


def platform_of(runtime: Runtime, account: str) -> str:
    """The account's platform, for metric labels; "unknown" for an account no longer set up."""
    try:
        return runtime.account(account).platform
    except Exception:
        return "unknown"


def _settle_error(
    runtime: Runtime,
    attempt: Attempt,
    error: PlatformError,
    index: int,
    latency_ms: float,
    now: datetime,
    rng: random.Random | None,
) -> State:
    details = {
        "attempt": attempt.attempt,
        "part": index,
        "ok": False,
        "status": error.status,
        "latency_ms": round(latency_ms, 1),
        "error_class": type(error).__name__,
        "error": error.message,
    }
    with runtime.sessions.begin() as session:
        audit.record(
            session,
            actor=attempt.actor,
            subject_type="delivery",
            subject_id=attempt.delivery_id,
            kind="attempt_result",
            details=details,
            at=now,
        )
    # The error carries the decision (platforms/errors.py); only RETRY goes on below.
    if error.handling is Handling.LOOK_UP:
        # Not ``unknown`` yet: the reconciler asks the platform again, with backoff, first.
        if defer_lookup(runtime, attempt, error.message, now):
            return State.PUBLISHING
        return mark_unknown(runtime, attempt, error.message, now)
    if error.handling is Handling.PAUSE_ACCOUNT:
        return _hold_for_auth(runtime, attempt, error, now)
    if error.handling is Handling.FAIL:
        return _fail(runtime, attempt, error, now)
    retry_after = error.retry_after
    if retry_after:
        # The platform throttles the account, not one post: every delivery of it waits.
        hold_account(runtime, attempt.account, retry_after, now=now)
    policy = policy_from(runtime)
    delay = policy.delay(attempt.attempt, retry_after=retry_after, rng=rng)
    # A retry never leaves the account's posting window: it waits for the next opening.
    next_try = rules_for(runtime.settings).open_at(attempt.account, now + timedelta(seconds=delay))
    delay = (next_try - now).total_seconds()
    give_up = policy.give_up_reason(attempt.attempt, first_due=attempt.first_due, next_try=next_try)
    if give_up:
        return _fail(
            runtime,
            attempt,
            PermanentError(f"{give_up}; last error: {error.message}", status=error.status),
            now,
            error_class=type(error).__name__,
        )
    details = {
        "due_at": next_try.isoformat(),
        "delay_s": round(delay, 2),
        "retry_after": retry_after,
        "error": error.message,
    }
    with runtime.sessions.begin() as session:
        settle(
            session,
            attempt,
            State.RETRY_WAIT,
            "retry_scheduled",
            now,
            details,
            due_at=next_try,
            last_error=error.message,
            error_class=type(error).__name__,
        )
    return State.RETRY_WAIT


def settle(
    session: Session,
    attempt: Attempt,
    target: State,
    kind: str,
    now: datetime,
    details: dict[str, Any],
    **values: Any,
) -> bool:
    """End an attempt in ``target`` if its lease still holds; the lease is given up either way."""
    return transition(
        session,
        attempt.delivery_id,
        State.PUBLISHING,
        target,
        actor=attempt.actor,
        kind=kind,
        owned_by=attempt.lease,
        now=now,
        details=details,
        lease_until=None,
        **values,
    )


def _fail(
    runtime: Runtime,
    attempt: Attempt,
    error: PlatformError,
    now: datetime,
    error_class: str | None = None,
) -> State:
    details = {"reason": error.message, "status": error.status}
    with runtime.sessions.begin() as session:
        settle(
            session,
            attempt,
            State.FAILED,
            "failed",
            now,
            details,
            last_error=error.message,
            error_class=error_class or type(error).__name__,
        )
    log.error("delivery %s failed: %s", attempt.delivery_id, error.message)
    return State.FAILED


def mark_unknown(
    runtime: Runtime, attempt: Attempt, reason: str, now: datetime, **values: Any
) -> State:
    """Record that nobody can tell whether the platform applied the request: an admin decides."""
    with runtime.sessions.begin() as session:
        settle(
            session,
            attempt,
            State.UNKNOWN,
            "outcome_unknown",
            now,
            {"reason": reason},
            last_error=reason,
            error_class="UnknownOutcome",
            **values,
        )
    log.error("delivery %s: outcome unknown, an admin must check: %s", attempt.delivery_id, reason)
    return State.UNKNOWN


def _hold_for_auth(
    runtime: Runtime, attempt: Attempt, error: PlatformError, now: datetime
) -> State:
    with runtime.sessions.begin() as session:
        pause(session, attempt.account, error.message, actor=attempt.actor)
        details = {"reason": f"account paused: {error.message}"}
        settle(
            session,
            attempt,
            State.HELD,
            "held",
            now,
            details,
            last_error=error.message,
            error_class=type(error).__name__,
        )
    log.error("account %s paused: %s", attempt.account, error.message)
    return State.HELD
