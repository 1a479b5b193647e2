"""Studies: enrolment needs research consent; cohort counts hide cells under 11 people."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.server import ServerDB, consent
from ebbtide.server.accounts import add_member, add_organisation
from ebbtide.server.repo import account_by_uid
from ebbtide.server.shared import client_context
from tests.server.conftest import Clock, login, make_user, new_client

pytestmark = pytest.mark.postgres


def _participant(sdb: ServerDB, i: int, study_uid: str, states: list[str]) -> str:
    user = make_user(sdb, f"p{i}@example.org", "client")
    with sdb.reading() as conn:
        account = account_by_uid(conn, user.uid)
    assert account is not None
    ctx = client_context(sdb, account)
    for h, state in enumerate(states):
        service.add_checkin(ctx, state, when=f"{h + 1} hours ago", note="private CANARY-study")
    until = sdb.now().date().replace(year=2027)
    req = consent.GrantRequest(study_uid, ["checkins"], "research", until)
    consent.grant(sdb, account, req, "setup")
    return user.uid


def test_enrol_and_suppressed_aggregates(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    study = add_organisation(sdb, "study", "Tides Study")
    admin = make_user(sdb, "study@example.org", "study-admin")
    add_member(sdb, admin.email, study.uid)
    uids = [
        _participant(sdb, i, study.uid, ["connected"] + (["mobilized"] if i < 3 else []))
        for i in range(12)
    ]
    outsider = make_user(sdb, "out@example.org", "client")
    login(app_client, admin, clock)
    assert app_client.get("/api/studies").json() == [{"uid": study.uid, "name": "Tides Study"}]
    path = f"/api/studies/{study.uid}/enrolments"
    assert app_client.post(f"{path}/{outsider.uid}").status_code == 403  # no research consent
    for uid in uids[:10]:
        assert app_client.post(f"{path}/{uid}").status_code == 201
    small = app_client.get(f"/api/studies/{study.uid}/aggregates").json()
    assert small["enrolled"] == {
        "measure": "enrolled", "category": "all", "people": None, "count": None, "suppressed": True,
    }  # fmt: skip
    assert all(c["suppressed"] for c in small["cells"])
    for uid in uids[10:]:
        app_client.post(f"{path}/{uid}")
    big = app_client.get(f"/api/studies/{study.uid}/aggregates").json()
    assert big["enrolled"]["people"] == 12 and not big["enrolled"]["suppressed"]
    cells = {(c["measure"], c["category"]): c for c in big["cells"]}
    assert (cells["checkins", "connected"]["people"], cells["checkins", "connected"]["count"]) == (
        12,
        12,
    )
    assert cells["checkins", "mobilized"] == {
        "measure": "checkins", "category": "mobilized", "people": None, "count": None,
        "suppressed": True,
    }  # fmt: skip
    assert "CANARY-study" not in app_client.get(f"/study/{study.uid}").text


def test_revoked_research_consent_leaves_the_counts(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    study = add_organisation(sdb, "study", "Tides Study")
    admin = make_user(sdb, "study@example.org", "study-admin")
    add_member(sdb, admin.email, study.uid)
    uids = [_participant(sdb, i, study.uid, ["connected"]) for i in range(11)]
    login(app_client, admin, clock)
    for uid in uids:
        app_client.post(f"/api/studies/{study.uid}/enrolments/{uid}")
    assert app_client.get(f"/api/studies/{study.uid}/aggregates").json()["enrolled"]["people"] == 11
    leaver = new_client(app_client)
    with sdb.reading() as conn:
        account = account_by_uid(conn, uids[0])
    assert account is not None
    from ebbtide.server.accounts import NewAccount
    from tests.server.conftest import User

    login(leaver, User(NewAccount(uids[0], account.email, "client", None)), clock)
    gid = leaver.get("/api/me/consents").json()[0]["id"]
    assert leaver.post(f"/api/me/consents/{gid}/revoke").status_code == 200
    after = app_client.get(f"/api/studies/{study.uid}/aggregates").json()
    assert after["enrolled"]["suppressed"] is True
    log = leaver.get("/api/me/access-log").json()
    assert [e["action"] for e in log] == ["study.enrol"]
