"""A first walk through the API: grant, read, revoke."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ebbtide.server import ServerDB
from tests.server.conftest import Clock, login, make_user, new_client

pytestmark = pytest.mark.postgres


def test_grant_read_revoke(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    client = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    assert app_client.post("/api/me/checkins", json={"state": "connected"}).status_code == 201
    res = app_client.post(
        "/api/me/consents",
        json={
            "grantee": doc.email,
            "scopes": ["checkins"],
            "purpose": "treatment",
            "until": "2026-12-31",
        },
    )
    assert res.status_code == 201, res.text
    grant = res.json()
    doc_tc = new_client(app_client)
    login(doc_tc, doc, clock)
    listed = doc_tc.get("/api/clients").json()
    assert [c["uid"] for c in listed] == [client.uid]
    res = doc_tc.get(f"/api/clients/{client.uid}/checkins")
    assert res.status_code == 200, res.text
    assert res.json()["count"] == 1
    assert doc_tc.get(f"/api/clients/{client.uid}/solitude").status_code == 403
    assert app_client.post(f"/api/me/consents/{grant['id']}/revoke").status_code == 200
    assert doc_tc.get(f"/api/clients/{client.uid}/checkins").status_code == 403
    log = app_client.get("/api/me/access-log").json()
    assert [e["outcome"] for e in log][:3] == ["denied", "denied", "allowed"]
