"""The dependency every route declares: who is asking, may they, and the audit of it.

``guard(action, subject=…, scope=…)`` resolves the session, loads the facts fresh from
the database, calls ``policy.authorize`` and, on a denial, writes the audit row before
refusing. Routes then call ``Allowed.record`` for a non-owner read, so the read is in the
audit trail before any of its data is sent. No route is without a guard (a test checks).
"""

from __future__ import annotations

import hmac
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, APIKeyHeader
from psycopg import Error as DriverError
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from ebbtide.domain.errors import StoreError
from ebbtide.server import audit, policy, repo
from ebbtide.server import messages as msg
from ebbtide.server.db import ServerDB
from ebbtide.server.sessions import COOKIE, LiveSession, find_session, guard_facts, touch

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SubjectKind = Literal["none", "self", "client", "study", "study-client"]
GUARD_MARK = "_ebbtide_guard"
UID = re.compile(r"[A-Za-z0-9_-]{1,64}")

session_cookie = APIKeyCookie(
    name=COOKIE, auto_error=False, description="The session cookie POST /auth/login sets."
)
csrf_header = APIKeyHeader(
    name=CSRF_HEADER,
    auto_error=False,
    description="The csrf_token POST /auth/login answers; needed for every change.",
)


class Denied(Exception):
    """A request the policy refused (already audited)."""

    def __init__(self, status: int, message: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.message = message
        self.reason = reason


def get_db(request: Request) -> ServerDB:
    """The app's server database."""
    db: ServerDB = request.app.state.db
    return db


@dataclass(frozen=True)
class Allowed:
    """A request the policy allowed, with the facts it was allowed on."""

    db: ServerDB
    request_id: str
    actor: policy.Actor
    action: str
    account: repo.Account | None
    session: LiveSession | None
    subject: repo.Account | None
    subject_facts: policy.Subject | None
    org: repo.Organisation | None
    decision: policy.Decision
    scope: str | None

    def record(self, rows: int, *, scope: str | None = None, subject: str | None = None) -> None:
        """Audit a non-owner read before its data is sent; 503 (no data) if that fails."""
        who = subject if subject is not None else (self.subject.uid if self.subject else None)
        grant = self.decision.grant.uid if self.decision.grant else None
        event = audit.AuditEvent(
            self.actor.uid, self.actor.role, self.action, "allowed", self.request_id, who,
            scope if scope is not None else self.scope, grant, rows,
        )  # fmt: skip
        write_audit(self.db, event)


def write_audit(db: ServerDB, event: audit.AuditEvent) -> None:
    """Append one audit row in its own transaction; any failure is AuditUnavailable."""
    now = db.now()
    try:
        db.on_driver(lambda c: audit.append_now(c, event, now))
    except (DriverError, SQLAlchemyError, StoreError, OSError) as exc:
        raise audit.AuditUnavailable() from exc


def _param(request: Request, name: str) -> str:
    """A path parameter as an identifier: anything but [A-Za-z0-9_-]{1,64} matches nothing."""
    value = str(request.path_params.get(name, ""))
    return value if UID.fullmatch(value) else ""


def _shown(value: str | None) -> str | None:
    """Request text made safe to keep in the audit trail: printable and short."""
    if value is None:
        return None
    return "".join(c if c.isprintable() else "?" for c in value)[:64]


def _actor(conn: Connection, account: repo.Account | None, action: str) -> policy.Actor:
    if account is None:
        return policy.ANONYMOUS_ACTOR
    # memberships matter to study actions only; the other actions never read them
    needs_orgs = action.startswith("study.")
    orgs = (
        frozenset(o.id for o in repo.memberships(conn, account.id)) if needs_orgs else frozenset()
    )
    return policy.Actor(account.id, account.uid, account.role, orgs)


def _actor_of(account: repo.Account | None) -> policy.Actor:
    if account is None:
        return policy.ANONYMOUS_ACTOR
    return policy.Actor(account.id, account.uid, account.role, frozenset())


def _facts_of(
    kind: SubjectKind,
    uid: str | None,
    actor: policy.Actor,
    account: repo.Account | None,
    gf: repo.GuardFacts,
) -> tuple[repo.Account | None, policy.Subject | None, repo.Organisation | None]:
    """The subject facts for the none/self/client kinds, from the one-statement read."""
    if kind == "none":
        return None, None, None
    if kind == "self":
        if account is None:
            return None, None, None
        return account, policy.Subject(account.id, account.uid, account.role), None
    client = gf.client
    if client is None:
        return None, policy.Subject(None, uid or "", None), None
    grants = gf.grants if not actor.anonymous else ()
    return client, policy.Subject(client.id, client.uid, client.role, grants=grants), None


def _facts(
    conn: Connection,
    kind: SubjectKind,
    request: Request,
    actor: policy.Actor,
    account: repo.Account | None,
) -> tuple[repo.Account | None, policy.Subject | None, repo.Organisation | None]:
    if kind == "none":
        return None, None, None
    if kind == "self":
        if account is None:
            return None, None, None
        return account, policy.Subject(account.id, account.uid, account.role), None
    if kind == "client":
        uid = _param(request, "uid")
        client = repo.account_by_uid(conn, uid) if uid else None
        if client is None:
            return None, policy.Subject(None, uid, None), None
        grants = repo.grants_between(conn, client.id, actor.account_id, None)
        return client, policy.Subject(client.id, client.uid, client.role, grants=grants), None
    org_uid = _param(request, "uid")
    org = repo.org_by_uid(conn, org_uid) if org_uid else None
    org_id = org.id if org is not None and org.kind == "study" else None
    if kind == "study":
        return None, policy.Subject(None, org_uid, None, org_id), org
    client_uid = _param(request, "client_uid")
    client = repo.account_by_uid(conn, client_uid) if client_uid else None
    if client is None:
        return None, policy.Subject(None, "", None, org_id), org
    grants = repo.grants_between(conn, client.id, None, org_id) if org_id else ()
    facts = policy.Subject(client.id, client.uid, client.role, org_id, grants)
    return client, facts, org


def _decide(
    db: ServerDB,
    request: Request,
    action: str,
    kind: SubjectKind,
    scope_param: str | None,
    csrf: str | None,
) -> Allowed:
    request_id = uuid.uuid4().hex
    request.state.request_id = request_id
    now = db.now()
    token = request.cookies.get(COOKIE)
    if kind in ("none", "self", "client") and not action.startswith("study."):
        # The hot path: session, account, client and grants in one statement.
        uid = _param(request, "uid") if kind == "client" else None
        live, gf = guard_facts(db, token, uid, now)
        account = live.account if live else None
        actor = _actor_of(account)
        subject, facts, org = _facts_of(kind, uid, actor, account, gf)
    else:
        # Study actions also need memberships and organisations: several reads, fresh.
        with db.reading() as conn:
            live, due = find_session(conn, db.settings, token, now)
            account = live.account if live else None
            actor = _actor(conn, account, action)
            subject, facts, org = _facts(conn, kind, request, actor, account)
        if live is not None and due:
            touch(db, live)
    scope = _shown(str(request.path_params.get(scope_param))) if scope_param else None
    decision = policy.authorize(actor, action, facts, scope, now)
    if (
        decision.allowed
        and request.method not in SAFE_METHODS
        and live is not None
        and action != "auth.login"
        and (csrf is None or not hmac.compare_digest(csrf.encode(), live.csrf_token.encode()))
    ):
        decision = policy.Decision(False, "csrf")
    if not decision.allowed:
        who = facts.uid if facts is not None and facts.uid else None
        if who is None and org is not None:
            who = org.uid
        write_audit(
            db,
            audit.AuditEvent(
                actor.uid, actor.role, action, "denied", request_id, who, scope, None, 0
            ),
        )
        if decision.reason == "csrf":
            raise Denied(403, msg.CSRF, "csrf")
        if actor.anonymous:
            ended = request.cookies.get(COOKIE) is not None
            raise Denied(401, msg.SESSION_ENDED if ended else msg.NEED_LOGIN, decision.reason)
        if decision.reason in policy.ENDED:
            raise Denied(403, msg.ACCESS_ENDED, decision.reason)
        if decision.reason in (policy.DENY_NO_GRANT, policy.DENY_OUT_OF_SCOPE):
            raise Denied(403, msg.NOT_SHARED, decision.reason)
        raise Denied(403, msg.DENIED, decision.reason)
    return Allowed(
        db, request_id, actor, action, account, live, subject, facts, org, decision, scope
    )


def _guard_dependency(
    choose: Callable[[Request], str], subject: SubjectKind, scope: str | None
) -> Callable[..., Any]:
    async def dependency(
        request: Request,
        _cookie: str | None = Depends(session_cookie),
        header: str | None = Depends(csrf_header),
    ) -> Allowed:
        token = header
        if token is None and request.method not in SAFE_METHODS:
            content_type = request.headers.get("content-type", "")
            if content_type.startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                value = (await request.form()).get(CSRF_FIELD)
                token = value if isinstance(value, str) else None
        db = get_db(request)
        action = choose(request)
        return await run_in_threadpool(_decide, db, request, action, subject, scope, token)

    return dependency


def guard(action: str, subject: SubjectKind = "none", scope: str | None = None) -> Any:
    """Dependency: authorize ``action`` for this request (deny by default, audited)."""
    dependency = _guard_dependency(lambda _request: action, subject, scope)
    setattr(dependency, GUARD_MARK, (action, subject, scope))
    return Depends(dependency)


OWN_READ = "me.data.read"
OWN_WRITE = "me.data.write"


def _own_action(request: Request) -> str:
    return OWN_READ if request.method in SAFE_METHODS else OWN_WRITE


def guard_own() -> Any:
    """Dependency for a client's own records: ``me.data.read`` for GET/HEAD, else
    ``me.data.write``; the subject is always the logged-in account itself."""
    dependency = _guard_dependency(_own_action, "self", None)
    setattr(dependency, GUARD_MARK, (f"{OWN_READ}|{OWN_WRITE}", "self", None))
    return Depends(dependency)


def guard_of(call: Callable[..., Any]) -> tuple[str, str, str | None] | None:
    """The (action, subject kind, scope parameter) a dependency guards, if it is a guard."""
    mark = getattr(call, GUARD_MARK, None)
    return mark if isinstance(mark, tuple) else None
