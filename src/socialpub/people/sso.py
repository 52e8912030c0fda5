"""Who a checked OpenID Connect identity may sign in as.

Safe by default: the identity's e-mail must be verified by the provider and belong to a person
an admin has added (and not disabled). Only with ``oidc_create_people`` on, and only for e-mail
domains listed in ``oidc_email_domains``, is a new person added: with the highest role that
``oidc_roles`` maps one of the ``oidc_role_claim`` values to, else ``oidc_default_role`` (never
admin unless mapped). An existing person's role is the admins' to change, not the provider's.
Every refusal and every person added is an audit event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from socialpub import audit
from socialpub.people import service as people
from socialpub.people.models import User
from socialpub.people.oidc import Identity, SsoError
from socialpub.settings import Settings
from socialpub.store.tokens import Role

ACTOR = "system:sso"
_ORDER = [Role.STAFF, Role.APPROVER, Role.ADMIN]


def role_from_claims(settings: Settings, claims: Mapping[str, Any]) -> Role:
    """The highest role a claim value maps to; the default role when none does."""
    if not settings.oidc_role_claim:
        return Role(settings.oidc_default_role)
    value = claims.get(settings.oidc_role_claim)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    roles = settings.oidc_roles
    mapped = [Role(roles[v]) for v in values if isinstance(v, str) and v in roles]
    if not mapped:
        return Role(settings.oidc_default_role)
    return max(mapped, key=_ORDER.index)


def _domain_allowed(settings: Settings, email: str) -> bool:
    domains = {d.strip().lstrip("@").casefold() for d in settings.oidc_email_domains}
    return not domains or email.rsplit("@", 1)[-1].casefold() in domains


def _refuse(
    session: Session, identity: Identity, why: str, shown: str, user: User | None = None
) -> SsoError:
    audit.record(
        session,
        actor=ACTOR,
        subject_type="user",
        subject_id=user.id if user else 0,  # 0: nobody here has that e-mail
        kind="sso_refused",
        details={"email": identity.email, "subject": identity.subject, "why": why},
    )
    return SsoError(shown)


def person_for(session: Session, settings: Settings, identity: Identity) -> User:
    """The active person this identity signs in as; SsoError (audited) when there is none."""
    try:
        email = people.normalise_email(identity.email)
    except people.PeopleError as exc:
        raise SsoError(str(exc)) from exc
    if settings.oidc_require_verified_email and not identity.email_verified:
        raise _refuse(
            session, identity, "email not verified", "your provider has not verified your e-mail"
        )
    if not _domain_allowed(settings, email):
        raise _refuse(
            session,
            identity,
            "email domain not allowed",
            "people from that e-mail domain cannot sign in here",
        )
    user = people.by_email(session, email)
    if user is None:
        if not settings.oidc_create_people or not settings.oidc_email_domains:
            raise _refuse(
                session,
                identity,
                "no such person",
                f"{email} has no socialpub account; ask an admin to add you",
            )
        role = role_from_claims(settings, identity.claims)
        name = (identity.name or email.split("@")[0]).strip()[:100] or email
        # no password is shown to anyone: this person signs in through the provider
        user = people.add(session, name=name, email=email, role=role, actor=ACTOR).user
    if not user.active:
        raise _refuse(session, identity, "person disabled", "this account is disabled", user)
    return user
