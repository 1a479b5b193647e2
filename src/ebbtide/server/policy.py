"""The one authorization policy: ``authorize(actor, action, subject, scope, now)``.

Deny by default. A decision is made from facts loaded fresh for each request (the
actor's role and memberships, the subject's grants to this actor); nothing is cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ebbtide.server import vocab

DENY_ROLE = "role"
DENY_NOT_SELF = "not-self"
DENY_NO_GRANT = "no-grant"
DENY_OUT_OF_SCOPE = "out-of-scope"
DENY_EXPIRED = "expired"
DENY_REVOKED = "revoked"
DENY_NOT_MEMBER = "not-member"
DENY_UNKNOWN = "unknown-action"
ENDED = frozenset({DENY_EXPIRED, DENY_REVOKED})


@dataclass(frozen=True)
class Actor:
    """Who is asking: an account (or nobody), its role, and its organisations' ids."""

    account_id: int | None
    uid: str
    role: str
    orgs: frozenset[int] = frozenset()

    @property
    def anonymous(self) -> bool:
        """True when nobody is logged in."""
        return self.account_id is None


ANONYMOUS_ACTOR = Actor(None, "anonymous", vocab.ANONYMOUS)


@dataclass(frozen=True)
class Grant:
    """A client's consent to one grantee (an account or an organisation)."""

    id: int
    uid: str
    client_id: int
    grantee_account_id: int | None
    grantee_org_id: int | None
    scopes: frozenset[str]
    purpose: str
    ends_at: datetime
    revoked_at: datetime | None
    data_from: date | None = None
    data_to: date | None = None
    reflections: tuple[str, ...] = ()

    def live(self, now: datetime) -> bool:
        """Not revoked and not yet ended at ``now`` (the end instant itself is outside)."""
        return (self.revoked_at is None or now < self.revoked_at) and now < self.ends_at


@dataclass(frozen=True)
class Subject:
    """Whose data (an account, or a study for study actions) and the grants it made."""

    account_id: int | None
    uid: str
    role: str | None
    org_id: int | None = None
    grants: tuple[Grant, ...] = ()


@dataclass(frozen=True)
class Decision:
    """Allowed or not, why, and the grant that allowed it."""

    allowed: bool
    reason: str
    grant: Grant | None = None


def _allow(reason: str = "ok", grant: Grant | None = None) -> Decision:
    return Decision(True, reason, grant)


def _deny(reason: str) -> Decision:
    return Decision(False, reason)


def _grant_decision(
    actor: Actor, subject: Subject, scope: str | None, now: datetime, *, org: bool, purpose: str
) -> Decision:
    mine = [
        g
        for g in subject.grants
        if g.client_id == subject.account_id
        and g.purpose == purpose
        and (
            (g.grantee_org_id is not None and g.grantee_org_id == subject.org_id)
            if org
            else g.grantee_account_id == actor.account_id
        )
    ]
    if not mine:
        return _deny(DENY_NO_GRANT)
    live = [g for g in mine if g.live(now)]
    if not live:
        revoked = any(g.revoked_at is not None and g.revoked_at <= now for g in mine)
        return _deny(DENY_REVOKED if revoked else DENY_EXPIRED)
    if scope is None:
        return _allow(grant=live[0])
    for g in live:
        if scope in g.scopes:
            return _allow(grant=g)
    return _deny(DENY_OUT_OF_SCOPE)


def authorize(
    actor: Actor, action: str, subject: Subject | None, scope: str | None, now: datetime
) -> Decision:
    """May ``actor`` do ``action`` on ``subject`` (in ``scope``) at ``now``? Deny by default."""
    roles = vocab.ACTIONS.get(action)
    if roles is None:
        return _deny(DENY_UNKNOWN)
    if actor.role not in roles:
        return _deny(DENY_ROLE)
    if action in ("public.read", "auth.login", "auth.logout", "me.read"):
        return _allow()
    if action.startswith("me."):
        if subject is None or subject.account_id is None or subject.account_id != actor.account_id:
            return _deny(DENY_NOT_SELF)
        return _allow()
    if action in ("clients.list", "study.list", "site.accounts.read"):
        return _allow()
    if action == "client.read":
        if scope is not None and scope not in vocab.SCOPES:
            return _deny(DENY_OUT_OF_SCOPE)
        if subject is None or subject.role != vocab.CLIENT or subject.account_id is None:
            return _deny(DENY_NO_GRANT)
        return _grant_decision(actor, subject, scope, now, org=False, purpose="treatment")
    if action in ("study.read", "study.enrol"):
        if subject is None or subject.org_id is None or subject.org_id not in actor.orgs:
            return _deny(DENY_NOT_MEMBER)
        if action == "study.read":
            return _allow()
        if subject.role != vocab.CLIENT or subject.account_id is None:
            return _deny(DENY_NO_GRANT)
        return _grant_decision(actor, subject, scope, now, org=True, purpose="research")
    return _deny(DENY_UNKNOWN)


def live_grants(actor: Actor, subject: Subject, now: datetime) -> tuple[Grant, ...]:
    """The subject's grants to this actor (as an account) that hold at ``now``."""
    return tuple(
        g
        for g in subject.grants
        if g.grantee_account_id is not None
        and g.grantee_account_id == actor.account_id
        and g.client_id == subject.account_id
        and g.live(now)
    )
