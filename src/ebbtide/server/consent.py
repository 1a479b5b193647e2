"""Consent the client controls: grant scopes to a clinician or a study, see them, revoke.

Nothing is shared by default. A grant ends at the end of its ``until`` day (the person's
local day, which starts at the configured hour) or the moment it is revoked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from ebbtide.domain.errors import NotFoundError, ValidationError
from ebbtide.domain.timekeeping import day_bounds, local_day
from ebbtide.server import audit, repo, vocab
from ebbtide.server import messages as msg
from ebbtide.server.accounts import new_uid
from ebbtide.server.db import ServerDB

MAX_DAYS = 3660
"""A grant lasts at most about ten years; a new one can follow."""


@dataclass(frozen=True)
class GrantRequest:
    """What a client asks to share, as the API and the Sharing page take it."""

    grantee: str
    scopes: Sequence[str]
    purpose: str
    until: date
    data_from: date | None = None
    data_to: date | None = None
    reflections: Sequence[str] = ()


def status(row: repo.GrantRow, now: datetime) -> str:
    """'active', 'revoked' or 'ended'."""
    if row.grant.revoked_at is not None and row.grant.revoked_at <= now:
        return "revoked"
    return "active" if row.grant.live(now) else "ended"


def grant_dict(row: repo.GrantRow, now: datetime) -> dict[str, Any]:
    """A grant as the API shows it (public ids only)."""
    g = row.grant
    return {
        "id": g.uid,
        "grantee": row.grantee_email or row.grantee_org,
        "grantee_kind": "clinician" if g.grantee_account_id is not None else "study",
        "scopes": sorted(g.scopes, key=list(vocab.SCOPES).index),
        "purpose": g.purpose,
        "until": row.until.isoformat(),
        "data_from": row.data_from.isoformat() if row.data_from else None,
        "data_to": row.data_to.isoformat() if row.data_to else None,
        "reflections": list(row.reflections),
        "created_at": row.created_at.isoformat(),
        "ends_at": g.ends_at.isoformat(),
        "revoked_at": g.revoked_at.isoformat() if g.revoked_at else None,
        "status": status(row, now),
    }


def _check(req: GrantRequest, today: date) -> list[str]:
    scopes = list(dict.fromkeys(s.strip() for s in req.scopes if s.strip()))
    if not scopes:
        raise ValidationError("scopes", "choose at least one thing to share")
    for s in scopes:
        if s not in vocab.SCOPES:
            raise ValidationError(
                "scopes",
                msg.UNKNOWN_SCOPE.format(scope=s[:40], choices=", ".join(vocab.SCOPES)),
            )
    if req.purpose not in vocab.PURPOSES:
        raise ValidationError("purpose", msg.UNKNOWN_PURPOSE)
    if req.until < today:
        raise ValidationError("until", msg.PAST_UNTIL)
    if (req.until - today).days > MAX_DAYS:
        raise ValidationError("until", msg.FAR_UNTIL)
    if req.data_from and req.data_to and req.data_from > req.data_to:
        raise ValidationError("data_from", "the data period starts after it ends")
    return scopes


def grant(db: ServerDB, client: repo.Account, req: GrantRequest, request_id: str) -> dict[str, Any]:
    """Share scopes with a clinician (treatment) or a study (research); audited with it."""
    now = db.now()
    today = local_day(now, client.tz, db.day_start_hour)
    scopes = _check(req, today)
    ends_at = day_bounds(req.until, client.tz, db.day_start_hour)[1]
    uid = new_uid("g")

    def work(conn: Connection) -> dict[str, Any]:
        target = req.grantee.strip()
        grantee = repo.account_by_email(conn, target.lower())
        org = repo.org_by_uid(conn, target) if grantee is None else None
        if grantee is not None and grantee.role == vocab.CLINICIAN:
            if req.purpose != "treatment":
                raise ValidationError("purpose", msg.GRANTEE_PURPOSE)
        elif org is not None and org.kind == "study":
            if req.purpose != "research":
                raise ValidationError("purpose", msg.GRANTEE_PURPOSE)
        else:
            raise ValidationError("grantee", msg.UNKNOWN_GRANTEE)
        repo.insert_grant(
            conn,
            uid=uid,
            client_id=client.id,
            grantee_account_id=grantee.id if grantee else None,
            grantee_org_id=org.id if org else None,
            scopes=",".join(scopes),
            purpose=req.purpose,
            data_from=req.data_from,
            data_to=req.data_to,
            until=req.until,
            ends_at=ends_at,
            reflections=",".join(r for r in req.reflections if r),
            created_at=now,
        )
        audit.append(
            conn,
            audit.AuditEvent(
                client.uid, client.role, "consent.grant", "ok", request_id, client.uid,
                ",".join(scopes), uid, 1,
            ),
            now,
        )  # fmt: skip
        row = repo.grant_of_client(conn, client.id, uid)
        assert row is not None
        return grant_dict(row, now)

    return db.write(work)


def revoke(db: ServerDB, client: repo.Account, grant_uid: str, request_id: str) -> dict[str, Any]:
    """End one of the client's grants now: the grantee's next request is refused."""
    now = db.now()

    def work(conn: Connection) -> dict[str, Any]:
        row = repo.grant_of_client(conn, client.id, grant_uid)
        if row is None:
            raise NotFoundError(msg.NO_SUCH_GRANT)
        if row.grant.revoked_at is not None:
            raise ValidationError("id", msg.ALREADY_REVOKED)
        repo.revoke_grant(conn, row.grant.id, now)
        audit.append(
            conn,
            audit.AuditEvent(
                client.uid, client.role, "consent.revoke", "ok", request_id, client.uid,
                ",".join(sorted(row.grant.scopes)), grant_uid, 1,
            ),
            now,
        )  # fmt: skip
        fresh = repo.grant_of_client(conn, client.id, grant_uid)
        assert fresh is not None
        return grant_dict(fresh, now)

    return db.write(work)


def my_grants(db: ServerDB, client: repo.Account) -> list[dict[str, Any]]:
    """Every grant the client made, newest first."""
    now = db.now()
    with db.reading() as conn:
        rows = repo.grants_of_client(conn, client.id)
    return [grant_dict(r, now) for r in rows]


def grant_rows(db: ServerDB, client: repo.Account) -> list[repo.GrantRow]:
    """The client's grants as rows (for the FHIR export)."""
    with db.reading() as conn:
        return repo.grants_of_client(conn, client.id)
