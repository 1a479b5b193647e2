"""Use cases the faces of the server share: each takes an ``Allowed`` and returns plain data.

Every read by someone other than the data's owner calls ``allowed.record`` before it
returns, so nothing is shown that the audit trail does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ebbtide.server import audit, consent, policy, repo, shared, study, vocab
from ebbtide.server.guard import Allowed
from ebbtide.server.shared import Access, View


def me(allowed: Allowed) -> dict[str, Any]:
    """Who is logged in."""
    a = allowed.account
    assert a is not None
    return {"uid": a.uid, "email": a.email, "role": a.role}


def client_list(allowed: Allowed) -> list[dict[str, Any]]:
    """The clients who share something with this clinician now (audited as one read).

    The grants and their clients are read in one statement, fresh for this request;
    each grant is judged live or not here, at this request's instant."""
    db, actor = allowed.db, allowed.actor
    account_id = actor.account_id
    assert account_id is not None
    now = db.now()
    shares = db.on_driver(lambda c: repo.shares_to_account(c, account_id))
    out: dict[str, dict[str, Any]] = {}
    for r in shares:
        if not r.grant.live(now):
            continue
        entry = out.setdefault(
            r.client_uid,
            {"label": r.client_email.split("@")[0], "scopes": set(), "until": r.until},
        )
        entry["scopes"] |= r.grant.scopes
        entry["until"] = max(entry["until"], r.until)
    listed = [
        {
            "uid": uid,
            "label": entry["label"],
            "scopes": [s for s in vocab.SCOPES if s in entry["scopes"]],
            "until": entry["until"].isoformat(),
        }
        for uid, entry in out.items()
    ]
    listed.sort(key=lambda e: e["label"])
    allowed.record(len(listed), scope="clients")
    return listed


def _access(allowed: Allowed) -> Access:
    assert allowed.subject is not None and allowed.subject_facts is not None
    assert allowed.decision.grant is not None
    live = policy.live_grants(allowed.actor, allowed.subject_facts, allowed.db.now())
    scopes = frozenset().union(*(g.scopes for g in live))
    reflections = frozenset(
        r for g in live if "reflections.chosen" in g.scopes for r in g.reflections
    )
    ctx = shared.client_context(allowed.db, allowed.subject)
    return Access(ctx, scopes, allowed.decision.grant, reflections)


def client_scope(allowed: Allowed) -> dict[str, Any]:
    """One granted scope of one client's data, audited with its row count."""
    assert allowed.scope is not None
    view: View = shared.BUILDERS[allowed.scope](_access(allowed))
    allowed.record(len(view.rows))
    return {"client": allowed.subject.uid if allowed.subject else None, **view.to_dict()}


def client_page(allowed: Allowed) -> tuple[Any, list[str], list[PhoneTable]]:
    """The clinician's page: report sections for the granted scopes, and the phone
    figures per day for each granted passive scope (all audited as one read)."""
    access = _access(allowed)
    content = shared.page_content(access)
    phone = [
        _phone_table(shared.BUILDERS[scope](access))
        for scope in vocab.PASSIVE_SCOPES
        if scope in access.scopes
    ]
    shown = [s for s in vocab.SCOPES if s in access.scopes]
    allowed.record(len(content.sections) + len(phone), scope=",".join(shown))
    return content, shown, phone


@dataclass(frozen=True)
class PhoneTable:
    """One passive scope's figures per day, as the clinician's page shows them."""

    scope: str
    heading: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _figure(value: Any) -> str:
    return "–" if value is None else f"{value:g}"


def _phone_table(view: View) -> PhoneTable:
    columns = vocab.PASSIVE_COLUMNS[view.scope]
    rows = [
        (str(r["day"]), *(_figure(r[field]) for field in columns if field != "day"))
        for r in view.rows
    ]
    heading = vocab.PASSIVE_HEADINGS[view.scope]
    return PhoneTable(view.scope, heading, tuple(columns.values()), rows)


def access_log(allowed: Allowed) -> list[dict[str, Any]]:
    """Every look at my data by someone else (and every refused try), newest first."""
    assert allowed.account is not None
    with allowed.db.reading() as conn:
        rows = audit.rows_about(conn, allowed.account.uid)
        who = {r.event.actor: repo.account_by_uid(conn, r.event.actor) for r in rows}
    out = []
    for r in rows:
        if r.event.action == "auth.login":
            continue
        account = who.get(r.event.actor)
        out.append(
            {
                "at": r.at.isoformat(),
                "who": account.email if account else r.event.actor,
                "role": r.event.role,
                "action": r.event.action,
                "scope": r.event.scope,
                "outcome": r.event.outcome,
                "rows": r.event.row_count,
            }
        )
    return out


def my_consents(allowed: Allowed) -> list[dict[str, Any]]:
    """My grants, newest first."""
    assert allowed.account is not None
    return consent.my_grants(allowed.db, allowed.account)


def consent_bundle(allowed: Allowed) -> dict[str, Any]:
    """My grants as a FHIR R4B Bundle of Consent resources."""
    from ebbtide.server import fhir

    assert allowed.account is not None
    now = allowed.db.now()
    rows = consent.grant_rows(allowed.db, allowed.account)
    bundle = fhir.collection([fhir.consent(r, now) for r in rows], now)
    out: dict[str, Any] = bundle.model_dump(mode="json", exclude_none=True)
    return out


def my_studies(allowed: Allowed) -> list[dict[str, Any]]:
    """The studies this admin belongs to."""
    assert allowed.account is not None
    return study.studies_of(allowed.db, allowed.account)


def study_aggregates(allowed: Allowed) -> dict[str, Any]:
    """A study's cohort counts (small cells suppressed), audited."""
    assert allowed.org is not None
    result = study.aggregates(allowed.db, allowed.org)
    allowed.record(len(result["cells"]), scope="cohort", subject=allowed.org.uid)
    return result


def enrol(allowed: Allowed) -> dict[str, Any]:
    """Enrol a client with research consent into the study."""
    assert allowed.org is not None and allowed.subject is not None
    return study.enrol(allowed.db, allowed.actor, allowed.org, allowed.subject, allowed.request_id)


def accounts(allowed: Allowed) -> list[dict[str, Any]]:
    """Every account (uid, email, role) for the site admin; no personal data."""
    with allowed.db.reading() as conn:
        rows = repo.list_accounts(conn)
    allowed.record(len(rows), scope="accounts")
    return [{"uid": a.uid, "email": a.email, "role": a.role} for a in rows]
