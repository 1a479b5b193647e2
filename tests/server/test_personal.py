"""A logged-in client gets the whole personal web app, on their own records in the server.

The pages are the personal app's own (``ebbtide.web``), behind the server's session and
per-session CSRF token instead of the launch secret; a clinician, another client or
nobody gets none of it, and an owner's reads are not audited as someone else's.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ebbtide import service
from ebbtide.server import ServerDB
from ebbtide.server.repo import account_by_uid
from ebbtide.server.shared import client_context
from tests.server.conftest import Clock, User, login, make_user, new_client

pytestmark = pytest.mark.postgres

PAGES = ("/", "/timeline", "/insights", "/people", "/steps", "/reflections",
         "/questionnaires", "/report", "/help", "/safety-plan")  # fmt: skip


def _ctx(db: ServerDB, user: User) -> service.Context:
    with db.reading() as conn:
        account = account_by_uid(conn, user.uid)
    assert account is not None
    return client_context(db, account)


def _audit_rows(db: ServerDB) -> int:
    with db.reading() as conn:
        return int(conn.execute(text("SELECT count(*) FROM srv_audit")).scalar_one())


def test_client_gets_every_page_with_the_server_menu(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    ana = make_user(sdb, "ana@example.org", "client")
    login(app_client, ana, clock)
    for path in PAGES:
        res = app_client.get(path)
        assert res.status_code == 200, (path, res.text[-1500:])
        assert 'href="/me/sharing"' in res.text and 'href="/me/who-looked"' in res.text
        assert "ana@example.org" in res.text and 'action="/logout"' in res.text
        # the per-session token, never a launch secret
        assert app_client.headers["X-CSRF-Token"] in res.text
    css = app_client.get("/static/app.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert app_client.get("/static/../templates/base.html").status_code == 404
    assert app_client.get("/static/%2e%2e/templates/base.html").status_code == 404


def test_check_in_lands_in_the_clients_own_records_only(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    ana = make_user(sdb, "ana@example.org", "client")
    bo = make_user(sdb, "bo@example.org", "client")
    login(app_client, ana, clock)
    before = _audit_rows(sdb)
    res = app_client.post("/checkin", data={"state": "connected", "note": "ANA-ONLY-NOTE"})
    assert res.status_code == 200, res.text[:300]
    assert "ANA-ONLY-NOTE" in app_client.get("/timeline").text
    assert _audit_rows(sdb) == before  # the owner's own reads and writes: no "non-owner" rows
    assert [e.record.state for e in service.log(_ctx(sdb, ana), kinds=["checkin"])] == ["connected"]
    assert service.log(_ctx(sdb, bo), kinds=["checkin"]) == []
    other = new_client(app_client)
    login(other, bo, clock)
    assert "ANA-ONLY-NOTE" not in other.get("/timeline").text


def test_changes_need_the_sessions_csrf_token(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    ana = make_user(sdb, "ana@example.org", "client")
    login(app_client, ana, clock)
    token = app_client.headers.pop("X-CSRF-Token")
    res = app_client.post("/checkin", data={"state": "connected"})
    assert res.status_code == 403
    res = app_client.post("/checkin", data={"state": "connected", "csrf_token": "nope"})
    assert res.status_code == 403
    assert service.log(_ctx(sdb, ana), kinds=["checkin"]) == []
    res = app_client.post("/checkin", data={"state": "connected", "csrf_token": token})
    assert res.status_code == 200
    assert len(service.log(_ctx(sdb, ana), kinds=["checkin"])) == 1


def test_another_clients_entry_is_not_found(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    ana = make_user(sdb, "ana@example.org", "client")
    bo = make_user(sdb, "bo@example.org", "client")
    theirs = service.add_checkin(_ctx(sdb, bo), "mobilized", note="BO-PRIVATE").record.id
    login(app_client, ana, clock)
    res = app_client.get(f"/timeline/checkin/{theirs}/edit")
    assert res.status_code == 404 and "BO-PRIVATE" not in res.text
    res = app_client.post(f"/timeline/checkin/{theirs}/delete")
    assert res.status_code == 404
    assert len(service.log(_ctx(sdb, bo), kinds=["checkin"])) == 1


def test_staff_and_strangers_get_none_of_it(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    ana = make_user(sdb, "ana@example.org", "client")
    service.add_checkin(_ctx(sdb, ana), "mobilized", note="ANA-PRIVATE")
    doc = make_user(sdb, "dr@example.org", "clinician")
    nobody = new_client(app_client)
    nobody.follow_redirects = False
    for path in PAGES[1:]:
        res = nobody.get(path)
        assert res.status_code == 303 and res.headers["location"] == "/login"
    login(app_client, doc, clock)
    app_client.follow_redirects = False
    for path in PAGES[1:]:
        res = app_client.get(path)
        assert res.status_code == 403 and "ANA-PRIVATE" not in res.text
    assert app_client.get("/").headers["location"] == "/clinic"
    res = app_client.post("/checkin", data={"state": "connected"})
    assert res.status_code == 403


def test_a_failed_form_shows_the_personal_apps_alert(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    ana = make_user(sdb, "ana@example.org", "client")
    login(app_client, ana, clock)
    res = app_client.post("/checkin", data={"state": "<b>nope</b>"}, headers={"HX-Request": "true"})
    assert res.status_code == 422
    assert res.headers.get("HX-Retarget") == "#flash"
    assert "<b>nope" not in res.text
    assert re.search(r'role="alert"', res.text)
