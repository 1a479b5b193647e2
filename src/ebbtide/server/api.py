"""The JSON API under /api. Each route is a guard and one call into ``views``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ebbtide import service
from ebbtide.server import consent, shared, views
from ebbtide.server.guard import Allowed, guard

router = APIRouter(prefix="/api", tags=["api"])


class Problem(BaseModel):
    """One clear sentence."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Not logged in, or the session ended"},
    403: {"model": Problem, "description": "Not allowed, not shared, or missing X-CSRF-Token"},
    404: {"model": Problem, "description": "No such thing of yours"},
    422: {"model": Problem, "description": "Input that does not fit"},
    503: {"model": Problem, "description": "The audit trail could not be written"},
}
NO_NUL = r"^[^\x00]*$"
Uid = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
ScopeName = Literal[
    "checkins", "contacts.summary", "contacts.detail", "solitude", "boundaries",
    "questionnaires", "insights.phases", "report", "reflections.chosen",
    "passive.comm.daily", "passive.gps.daily",
]  # fmt: skip


class Strict(BaseModel):
    """Bodies refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class ConsentIn(Strict):
    """What to share, with whom, why, and until when."""

    grantee: Annotated[
        str, Field(max_length=320, pattern=NO_NUL, description="A clinician's email or a study id")
    ]
    scopes: Annotated[
        list[Annotated[str, Field(max_length=40, pattern=NO_NUL)]], Field(max_length=20)
    ]
    purpose: Literal["treatment", "research"]
    until: date
    data_from: date | None = None
    data_to: date | None = None
    reflections: Annotated[
        list[Annotated[str, Field(max_length=64, pattern=NO_NUL)]], Field(max_length=200)
    ] = []


class CheckInIn(Strict):
    """A check-in, as in the personal app."""

    state: Annotated[str, Field(max_length=32, pattern=NO_NUL)]
    intensity: Annotated[int | None, Field(ge=1, le=5)] = None
    body: Annotated[
        list[Annotated[str, Field(max_length=32, pattern=NO_NUL)]], Field(max_length=20)
    ] = []
    energy: Annotated[int | None, Field(ge=1, le=5)] = None
    appetite: Annotated[str | None, Field(max_length=32, pattern=NO_NUL)] = None
    note: Annotated[str, Field(max_length=10_000, pattern=NO_NUL)] = ""


@router.get("/me", responses=ERRORS)
def api_me(allowed: Allowed = guard("me.read", "self")) -> dict[str, Any]:
    """Who is logged in."""
    return views.me(allowed)


@router.post("/me/checkins", status_code=201, responses=ERRORS)
def api_checkin(body: CheckInIn, allowed: Allowed = guard("me.data.write", "self")) -> Any:
    """Check in (a client's own record; not shared unless a grant says so)."""
    assert allowed.account is not None
    ctx = shared.client_context(allowed.db, allowed.account)
    saved = service.add_checkin(
        ctx,
        body.state,
        intensity=body.intensity,
        body=body.body,
        energy=body.energy,
        appetite=body.appetite,
        note=body.note,
    )
    rec = saved.record
    return {"id": rec.uid, "state": rec.state, "day": ctx.day_of(rec.at).isoformat()}


@router.get("/me/consents", responses=ERRORS)
def api_consents(allowed: Allowed = guard("me.consent.read", "self")) -> list[dict[str, Any]]:
    """My sharing agreements, newest first."""
    return views.my_consents(allowed)


@router.post("/me/consents", status_code=201, responses=ERRORS)
def api_grant(body: ConsentIn, allowed: Allowed = guard("me.consent.write", "self")) -> Any:
    """Share scopes with a clinician or a study until a day; answers the grant with its id."""
    assert allowed.account is not None
    req = consent.GrantRequest(
        body.grantee, body.scopes, body.purpose, body.until, body.data_from, body.data_to,
        body.reflections,
    )  # fmt: skip
    return consent.grant(allowed.db, allowed.account, req, allowed.request_id)


@router.get("/me/consents/fhir", responses=ERRORS)
def api_consents_fhir(allowed: Allowed = guard("me.consent.read", "self")) -> Any:
    """My sharing agreements as a FHIR R4B Bundle of Consent resources."""
    return JSONResponse(views.consent_bundle(allowed), media_type="application/fhir+json")


@router.post("/me/consents/{id}/revoke", responses=ERRORS)
def api_revoke(id: Uid, allowed: Allowed = guard("me.consent.write", "self")) -> Any:
    """End a sharing agreement now."""
    assert allowed.account is not None
    return consent.revoke(allowed.db, allowed.account, id, allowed.request_id)


@router.get("/me/access-log", responses=ERRORS)
def api_access_log(allowed: Allowed = guard("me.audit.read", "self")) -> list[dict[str, Any]]:
    """Who looked at my data, when, and at what (newest first)."""
    return views.access_log(allowed)


@router.get("/clients", responses=ERRORS)
def api_clients(allowed: Allowed = guard("clients.list")) -> list[dict[str, Any]]:
    """The clients who share something with me now, each with its uid."""
    return views.client_list(allowed)


@router.get("/clients/{uid}/{scope}", responses=ERRORS)
def api_client_scope(
    uid: Uid, scope: ScopeName, allowed: Allowed = guard("client.read", "client", "scope")
) -> dict[str, Any]:
    """One scope of a client's data; 403 outside a live grant."""
    return views.client_scope(allowed)


@router.get("/studies", responses=ERRORS)
def api_studies(allowed: Allowed = guard("study.list")) -> list[dict[str, Any]]:
    """The studies I administer."""
    return views.my_studies(allowed)


@router.get("/studies/{uid}/aggregates", responses=ERRORS)
def api_study_aggregates(uid: Uid, allowed: Allowed = guard("study.read", "study")) -> Any:
    """Cohort counts for a study; cells under 11 people are suppressed."""
    return views.study_aggregates(allowed)


@router.post("/studies/{uid}/enrolments/{client_uid}", status_code=201, responses=ERRORS)
def api_enrol(
    uid: Uid, client_uid: Uid, allowed: Allowed = guard("study.enrol", "study-client")
) -> Any:
    """Enrol a client who gave this study research consent."""
    return views.enrol(allowed)


@router.get("/admin/accounts", responses=ERRORS)
def api_accounts(allowed: Allowed = guard("site.accounts.read")) -> list[dict[str, Any]]:
    """Every account's uid, email and role (site admins only)."""
    return views.accounts(allowed)
