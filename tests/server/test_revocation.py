"""Revocation and expiry on a frozen clock (time-machine): the very next request is refused,
in the same session, and a grant ends exactly at the end of its last local day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient

from ebbtide.server import ServerDB, create_server_app, open_server
from tests.server.conftest import FAST, Clock, login, make_user

pytestmark = pytest.mark.postgres

START = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


@pytest.fixture
def traveller() -> Iterator[time_machine.Traveller]:
    """The whole process's clock, frozen."""
    with time_machine.travel(START, tick=False) as t:
        yield t


@pytest.fixture
def real_clock_db(server_url: str, traveller: time_machine.Traveller) -> Iterator[ServerDB]:
    """The server on its default (system) clock, which time-machine holds still."""
    # sessions outlive the jump to the grant's end; the timeouts have their own tests
    db = open_server(server_url, settings=replace(FAST, idle_minutes=10**6, absolute_hours=10**5))
    yield db
    db.close()


class TravelClock(Clock):
    """The test helpers' clock, following time-machine."""

    def __init__(self, t: time_machine.Traveller) -> None:
        self.t = t

    def __call__(self) -> datetime:
        return datetime.now(UTC)

    def advance(self, **delta: float) -> None:
        self.t.shift(timedelta(**delta))


def _setup(db: ServerDB, t: time_machine.Traveller) -> tuple[TestClient, TestClient, str, str]:
    app = create_server_app(db, close_db=False)
    me = TestClient(app, base_url="https://testserver")
    doc_tc = TestClient(app, base_url="https://testserver")
    client = make_user(db, "ana@example.org", "client")
    doc = make_user(db, "dr.lee@example.org", "clinician")
    clock = TravelClock(t)
    login(me, client, clock)
    me.post("/api/me/checkins", json={"state": "connected"})
    body = {
        "grantee": doc.email,
        "scopes": ["checkins"],
        "purpose": "treatment",
        "until": "2026-11-30",
    }
    res = me.post("/api/me/consents", json=body)
    assert res.status_code == 201
    login(doc_tc, doc, clock)
    return me, doc_tc, client.uid, res.json()["id"]


def test_next_request_after_revoke_is_refused(
    real_clock_db: ServerDB, traveller: time_machine.Traveller
) -> None:
    me, doc_tc, uid, grant = _setup(real_clock_db, traveller)
    assert doc_tc.get(f"/api/clients/{uid}/checkins").status_code == 200
    assert doc_tc.get(f"/clinic/{uid}").status_code == 200
    assert me.post(f"/api/me/consents/{grant}/revoke").json()["status"] == "revoked"
    # same instant, same session: refused, and the page says access has ended
    res = doc_tc.get(f"/api/clients/{uid}/checkins")
    assert res.status_code == 403
    assert res.json() == {"detail": "Access to this person's information has ended."}
    page = doc_tc.get(f"/clinic/{uid}")
    assert page.status_code == 403 and "Access to this person" in page.text
    assert uid not in {c["uid"] for c in doc_tc.get("/api/clients").json()}


def test_expiry_is_exact_at_the_boundary(
    real_clock_db: ServerDB, traveller: time_machine.Traveller
) -> None:
    _me, doc_tc, uid, _grant = _setup(real_clock_db, traveller)
    # until 2026-11-30: the local day (Europe/Berlin, starting 04:00) ends 1 Dec 04:00 CET
    end = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    traveller.move_to(end - timedelta(seconds=1))
    assert doc_tc.get(f"/api/clients/{uid}/checkins").status_code == 200
    traveller.move_to(end)
    res = doc_tc.get(f"/api/clients/{uid}/checkins")
    assert res.status_code == 403
    assert res.json()["detail"] == "Access to this person's information has ended."
    listed = _me.get("/api/me/consents").json()
    assert [g["status"] for g in listed] == ["ended"]
