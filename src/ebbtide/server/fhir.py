"""FHIR R4B views: a grant as a ``Consent``, an audit row as an ``AuditEvent``.

Every resource is built as JSON and validated by ``fhir.resources`` before it leaves.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent

from ebbtide.server import repo
from ebbtide.server.audit import AuditRow

ACCOUNT_SYSTEM = "urn:ebbtide:account"
SCOPE_SYSTEM = "urn:ebbtide:consent-scope"
ACTION_SYSTEM = "urn:ebbtide:action"
PURPOSE = {"treatment": "TREAT", "research": "HRESCH"}
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _id(kind: str, uid: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:ebbtide:{kind}:{uid}"))


def consent(row: repo.GrantRow, now: datetime) -> Consent:
    """A client's grant as a FHIR Consent (permit; period, actor, purpose, class, dataPeriod)."""
    g = row.grant
    active = g.live(now)
    grantee = row.grantee_email or row.grantee_org or "unknown"
    provision: dict[str, Any] = {
        "type": "permit",
        "period": {"start": _instant(row.created_at), "end": _instant(g.ends_at)},
        "actor": [
            {
                "role": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "code": "IRCP",
                        }
                    ]
                },
                "reference": {"display": grantee},
            }
        ],
        "purpose": [{"system": ACT_REASON, "code": PURPOSE[g.purpose]}],
        "class": [{"system": SCOPE_SYSTEM, "code": s} for s in sorted(g.scopes)],
    }
    if row.data_from or row.data_to:
        period: dict[str, str] = {}
        if row.data_from:
            period["start"] = row.data_from.isoformat()
        if row.data_to:
            period["end"] = row.data_to.isoformat()
        provision["dataPeriod"] = period
    data: dict[str, Any] = {
        "resourceType": "Consent",
        "id": _id("grant", g.uid),
        "identifier": [{"system": "urn:ebbtide:grant", "value": g.uid}],
        "status": "active" if active else "inactive",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "research" if g.purpose == "research" else "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": {"identifier": {"system": ACCOUNT_SYSTEM, "value": row.client_uid}},
        "dateTime": _instant(row.created_at),
        "policyRule": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}
            ]
        },
        "provision": provision,
    }
    return Consent.model_validate(data)


_OUTCOME = {"allowed": "0", "ok": "0", "denied": "4", "failed": "4"}
_ACTION = {"read": "R", "list": "R", "grant": "C", "revoke": "U", "enrol": "C", "login": "E"}


def audit_event(row: AuditRow) -> AuditEvent:
    """One audit row as a FHIR AuditEvent."""
    e = row.event
    verb = e.action.rsplit(".", 1)[-1]
    data: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": _id("audit", str(row.id)),
        "type": {
            "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
            "code": "rest",
        },
        "subtype": [{"system": ACTION_SYSTEM, "code": e.action}],
        "action": _ACTION.get(verb, "E"),
        "recorded": _instant(row.at),
        "outcome": _OUTCOME.get(e.outcome, "4"),
        "outcomeDesc": e.outcome,
        "agent": [
            {
                "who": {"identifier": {"system": ACCOUNT_SYSTEM, "value": e.actor}},
                "role": [{"text": e.role}],
                "requestor": True,
            }
        ],
        "source": {
            "observer": {"display": "ebbtide server"},
            "type": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/security-source-type",
                    "code": "4",
                }
            ],
        },
    }
    entity: dict[str, Any] = {"detail": [{"type": "request", "valueString": e.request_id}]}
    if e.subject:
        entity["what"] = {"identifier": {"system": ACCOUNT_SYSTEM, "value": e.subject}}
    if e.scope:
        entity["detail"].append({"type": "scope", "valueString": e.scope})
    if e.grant_uid:
        entity["detail"].append({"type": "grant", "valueString": e.grant_uid})
    entity["detail"].append({"type": "rows", "valueString": str(e.row_count)})
    entity["detail"].append({"type": "hash", "valueString": row.hash})
    data["entity"] = [entity]
    return AuditEvent.model_validate(data)


def collection(resources: Iterable[Consent | AuditEvent], at: datetime) -> Bundle:
    """A collection Bundle of resources."""
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": _instant(at),
            "entry": [
                {
                    "fullUrl": f"urn:uuid:{r.id}",
                    "resource": r.model_dump(mode="json", exclude_none=True),
                }
                for r in resources
            ],
        }
    )
