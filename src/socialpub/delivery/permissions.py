"""Who may do what to whose post: the acting person and the rules, as pure functions.

The CLI, the REST API and the pages all build an ``Actor`` and hand it to the delivery service,
which asks these functions before it changes anything. No I/O here, so the rules are tested
directly and read in one place:

- staff compose, and edit, reschedule, resubmit or cancel their own posts' deliveries;
- approvers and admins may do that to anyone's, and approve or reject drafts (with
  ``four_eyes`` on, never their own post);
- a delivery in ``unknown`` may have reached the platform: only an admin cancels or retries it;
- retry, resuming an account, pausing all publishing, feeds, the audit log and exports are admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialpub.delivery.states import State
from socialpub.store.tokens import Role


@dataclass(frozen=True)
class Actor:
    """The person (or program) acting. ``name`` is what the audit log and ``Post.author`` record,
    e.g. ``api:comms`` for a token, ``user:alice`` for the CLI; ownership compares it exactly."""

    name: str
    role: Role

    def at_least(self, role: Role) -> bool:
        return self.role.allows(role)


class PermissionDenied(Exception):
    """The actor may not do this; the message says why, in one line, for a person to read."""


def _owner_or_approver(actor: Actor, author: str) -> bool:
    return actor.name == author or actor.at_least(Role.APPROVER)


def may_cancel(actor: Actor, author: str, state: State | str) -> bool:
    if State(state) is State.UNKNOWN:
        return actor.at_least(Role.ADMIN)
    return _owner_or_approver(actor, author)


def may_change(actor: Actor, author: str) -> bool:
    """Edit, reschedule or resubmit a post's deliveries."""
    return _owner_or_approver(actor, author)


def may_review(actor: Actor, author: str, *, four_eyes: bool) -> bool:
    """Approve or reject a draft post."""
    if not actor.at_least(Role.APPROVER):
        return False
    return not (four_eyes and actor.name == author)


def may_operate(actor: Actor) -> bool:
    """Retry, resume an account, pause or unpause publishing, manage feeds, read the audit log."""
    return actor.at_least(Role.ADMIN)


def waits_for_approval(actor: Actor, *, require_approval: bool) -> bool:
    """With ``require_approval``, what staff compose waits as a draft for an approver."""
    return require_approval and not actor.at_least(Role.APPROVER)


def may_see_all(actor: Actor) -> bool:
    """See everyone's posts in listings (staff see their own where a page chooses to filter)."""
    return actor.at_least(Role.APPROVER)


def check_cancel(actor: Actor, author: str, state: State | str, delivery_id: int) -> None:
    if may_cancel(actor, author, state):
        return
    if State(state) is State.UNKNOWN:
        raise PermissionDenied(
            f"delivery {delivery_id} is unknown (it may be on the platform): only an admin may"
            " cancel it"
        )
    raise PermissionDenied(
        f"delivery {delivery_id} belongs to {author}'s post: only its author, an approver or an"
        " admin may cancel it"
    )


def check_change(actor: Actor, author: str, what: str) -> None:
    if not may_change(actor, author):
        raise PermissionDenied(
            f"{what} belongs to {author}: only its author, an approver or an admin may change it"
        )


def check_review(actor: Actor, author: str, post_id: int, *, four_eyes: bool) -> None:
    if not actor.at_least(Role.APPROVER):
        raise PermissionDenied("approving or rejecting a post needs the approver role")
    if not may_review(actor, author, four_eyes=four_eyes):
        raise PermissionDenied(
            f"post {post_id} is your own: with the four-eyes rule on, another approver reviews it"
        )


def check_operate(actor: Actor, what: str) -> None:
    if not may_operate(actor):
        raise PermissionDenied(f"{what} needs the admin role")


__all__ = [
    "Actor",
    "PermissionDenied",
    "Role",
    "check_cancel",
    "check_change",
    "check_operate",
    "check_review",
    "may_cancel",
    "may_change",
    "may_operate",
    "may_review",
    "may_see_all",
    "waits_for_approval",
]
