"""Consent grants: what can be granted to whom, the shapes the API answers, FHIR Consent."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent

from ebbtide.server import ServerDB
from ebbtide.server.accounts import add_organisation
from tests.server.conftest import Clock, login, make_user

pytestmark = pytest.mark.postgres


def _body(grantee: str, **over: object) -> dict[str, object]:
    return {
        "grantee": grantee,
        "scopes": ["checkins", "insights.phases"],
        "purpose": "treatment",
        "until": "2027-01-31",
        **over,
    }


def test_grant_shape_and_listing(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    client = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    res = app_client.post("/api/me/consents", json=_body("DR.LEE@example.org"))
    assert res.status_code == 201
    grant = res.json()
    assert grant["id"].startswith("g_") and grant["grantee"] == doc.email
    assert grant["scopes"] == ["checkins", "insights.phases"]
    assert (grant["purpose"], grant["until"], grant["status"]) == (
        "treatment",
        "2027-01-31",
        "active",
    )
    # the grant ends when 31 Jan ends in the client's zone (the day starts at 04:00)
    assert grant["ends_at"] == "2027-02-01T03:00:00+00:00"
    assert app_client.get("/api/me/consents").json() == [grant]
    assert not any(isinstance(v, int) for v in grant.values())  # no database ids


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"scopes": ["checkins", "notes"]}, "unknown scope 'notes'"),
        ({"scopes": []}, "choose at least one thing to share"),
        ({"until": "2026-11-01"}, "the end date must be today or later"),
        ({"until": "2099-01-01"}, "the end date must be within ten years"),
        ({"purpose": "research"}, "a clinician is shared with for treatment; a study for research"),
        ({"grantee": "nobody@example.org"}, "There is no clinician or study with that address."),
    ],
)
def test_grants_that_do_not_fit_are_refused(
    sdb: ServerDB, app_client: TestClient, clock: Clock, over: dict[str, object], message: str
) -> None:
    client = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    res = app_client.post("/api/me/consents", json={**_body(doc.email), **over})
    assert res.status_code == 422
    assert message in res.json()["detail"]
    assert app_client.get("/api/me/consents").json() == []


def test_a_client_cannot_be_a_grantee(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    client = make_user(sdb, "ana@example.org", "client")
    other = make_user(sdb, "ben@example.org", "client")
    login(app_client, client, clock)
    assert app_client.post("/api/me/consents", json=_body(other.email)).status_code == 422


def test_revoke_twice_and_unknown(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    client = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    gid = app_client.post("/api/me/consents", json=_body(doc.email)).json()["id"]
    assert app_client.post(f"/api/me/consents/{gid}/revoke").json()["status"] == "revoked"
    again = app_client.post(f"/api/me/consents/{gid}/revoke")
    assert (again.status_code, again.json()) == (422, {"detail": "That sharing has already ended."})
    assert app_client.post("/api/me/consents/g_nothing/revoke").status_code == 404


def test_fhir_consent_export(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    client = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    study = add_organisation(sdb, "study", "Tides Study")
    login(app_client, client, clock)
    app_client.post("/api/me/consents", json=_body(doc.email, data_from="2026-10-01"))
    research = _body(study.uid, purpose="research", scopes=["checkins"])
    gid = app_client.post("/api/me/consents", json=research).json()["id"]
    app_client.post(f"/api/me/consents/{gid}/revoke")
    res = app_client.get("/api/me/consents/fhir")
    assert res.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(res.json())
    assert bundle.entry is not None
    consents = [Consent.model_validate(e.resource.model_dump()) for e in bundle.entry]  # type: ignore[union-attr]
    by_status = {c.status: c for c in consents}
    assert set(by_status) == {"active", "inactive"}
    treat = by_status["active"].model_dump(mode="json", by_alias=True)
    provision = treat["provision"]
    assert provision["type"] == "permit"
    assert [c["code"] for c in provision["class"]] == ["checkins", "insights.phases"]
    assert provision["purpose"][0]["code"] == "TREAT"
    assert provision["actor"][0]["reference"]["display"] == doc.email
    assert provision["dataPeriod"] == {"start": "2026-10-01"}
    assert treat["patient"]["identifier"]["value"] == client.uid
    research_c = by_status["inactive"].model_dump(mode="json", by_alias=True)
    assert research_c["provision"]["purpose"][0]["code"] == "HRESCH"


def test_passive_scopes_are_granted_revoked_and_exported_like_the_others(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    client = make_user(sdb, "ana@example.org", "client")
    make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    scopes = ["passive.gps.daily", "passive.comm.daily"]
    res = app_client.post("/api/me/consents", json=_body("dr.lee@example.org", scopes=scopes))
    assert res.status_code == 201
    grant = res.json()
    assert grant["scopes"] == ["passive.comm.daily", "passive.gps.daily"]
    bundle = Bundle.model_validate(app_client.get("/api/me/consents/fhir").json())
    assert bundle.entry is not None
    consent = Consent.model_validate(bundle.entry[0].resource.model_dump())  # type: ignore[union-attr]
    provision = consent.model_dump(mode="json", by_alias=True)["provision"]
    assert [c["code"] for c in provision["class"]] == ["passive.comm.daily", "passive.gps.daily"]
    revoked = app_client.post(f"/api/me/consents/{grant['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    with sdb.reading() as conn:
        from ebbtide.server import audit

        actions = [(r.event.action, r.event.scope) for r in audit.rows(conn)]
    assert ("consent.grant", "passive.gps.daily,passive.comm.daily") in actions  # as asked
    assert ("consent.revoke", "passive.comm.daily,passive.gps.daily") in actions
