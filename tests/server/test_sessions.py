"""Logging in and staying logged in: cookie flags, fixation, logout (here and everywhere),
idle and absolute timeouts, CSRF, lockout and rate limits in the database, MFA for staff."""

from __future__ import annotations

import pyotp
import pytest
from fastapi.testclient import TestClient

from ebbtide.server import ServerDB, create_server_app
from tests.server.conftest import PASSWORD, Clock, login, make_user, new_client

pytestmark = pytest.mark.postgres


def test_cookie_is_httponly_secure_strict(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    res = app_client.post("/auth/login", json={"email": user.email, "password": PASSWORD})
    assert res.status_code == 200 and set(res.json()) == {"csrf_token"}
    cookie = res.headers["set-cookie"]
    assert "ebbtide_session=" in cookie
    for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert flag.lower() in cookie.lower()


def test_session_fixation_a_planted_cookie_is_never_adopted(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    planted = "attacker-chosen-session-value"
    app_client.cookies.set("ebbtide_session", planted, domain="testserver.local")
    login(app_client, user, clock)
    assert app_client.cookies.get("ebbtide_session") != planted
    attacker = new_client(app_client)
    attacker.cookies.set("ebbtide_session", planted)
    assert attacker.get("/api/me").status_code == 401


def test_login_ends_the_previous_session_of_that_browser(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    login(app_client, user, clock)
    old = app_client.cookies.get("ebbtide_session")
    login(app_client, user, clock)
    new = app_client.cookies.get("ebbtide_session")
    assert old and new and old != new
    stale = new_client(app_client)
    stale.cookies.set("ebbtide_session", old)
    assert stale.get("/api/me").status_code == 401


def test_logout_and_logout_everywhere(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    login(app_client, user, clock)
    token = app_client.cookies.get("ebbtide_session")
    assert app_client.post("/auth/logout").status_code == 204
    replay = new_client(app_client)
    replay.cookies.set("ebbtide_session", token or "")
    assert replay.get("/api/me").status_code == 401
    phone, laptop = new_client(app_client), new_client(app_client)
    login(phone, user, clock)
    login(laptop, user, clock)
    assert phone.get("/api/me").status_code == 200
    assert laptop.post("/auth/logout-everywhere").json() == {"ended": 2}
    assert phone.get("/api/me").status_code == 401
    assert laptop.get("/api/me").status_code == 401


def test_idle_and_absolute_timeouts(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    login(app_client, user, clock)
    clock.advance(minutes=29)
    assert app_client.get("/api/me").status_code == 200
    clock.advance(minutes=29)  # active 29 minutes ago: still open
    assert app_client.get("/api/me").status_code == 200
    clock.advance(minutes=30)
    res = app_client.get("/api/me")
    assert res.status_code == 401
    assert res.json()["detail"] == "Your session has ended. Please log in again."
    login(app_client, user, clock)
    for _ in range(12 * 3):  # active every 20 minutes, yet 12 hours is the limit
        clock.advance(minutes=20)
        app_client.get("/api/me")
    assert app_client.get("/api/me").status_code == 401


def test_changes_need_the_csrf_token(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    token = login(app_client, user, clock)
    del app_client.headers["X-CSRF-Token"]
    assert app_client.post("/api/me/checkins", json={"state": "connected"}).status_code == 403
    bad = {"X-CSRF-Token": "not-the-token"}
    res = app_client.post("/api/me/checkins", json={"state": "connected"}, headers=bad)
    assert res.status_code == 403
    ok = {"X-CSRF-Token": token}
    assert (
        app_client.post("/api/me/checkins", json={"state": "connected"}, headers=ok).status_code
        == 201
    )
    # another person's token does not fit this session
    other = new_client(app_client)
    other_token = login(other, make_user(sdb, "ben@example.org", "client"), clock)
    res = app_client.post(
        "/api/me/checkins", json={"state": "connected"}, headers={"X-CSRF-Token": other_token}
    )
    assert res.status_code == 403


def test_lockout_after_five_failures_is_shared_through_the_database(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    for _ in range(5):
        res = app_client.post(
            "/auth/login", json={"email": user.email, "password": "wrong-wrong-wrong"}
        )
        assert res.status_code == 401
    # a second server process (another app over the same database) sees the lock
    other_app = TestClient(create_server_app(sdb, close_db=False), base_url="https://testserver")
    res = other_app.post("/auth/login", json={"email": user.email, "password": PASSWORD})
    assert res.status_code == 423
    clock.advance(minutes=16)
    assert (
        other_app.post("/auth/login", json={"email": user.email, "password": PASSWORD}).status_code
        == 200
    )


def test_rate_limit_per_address(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    for i in range(30):
        body = {"email": f"nobody{i}@example.org", "password": "guessing-guessing"}
        assert app_client.post("/auth/login", json=body).status_code == 401
    user = make_user(sdb, "ana@example.org", "client")
    res = app_client.post("/auth/login", json={"email": user.email, "password": PASSWORD})
    assert res.status_code == 429
    clock.advance(minutes=16)
    assert (
        app_client.post("/auth/login", json={"email": user.email, "password": PASSWORD}).status_code
        == 200
    )


@pytest.mark.parametrize("role", ["clinician", "study-admin", "site-admin"])
def test_staff_need_their_totp_code(
    sdb: ServerDB, app_client: TestClient, clock: Clock, role: str
) -> None:
    user = make_user(sdb, "staff@example.org", role)
    assert user.account.totp_secret is not None
    clock.advance(seconds=31)
    no_code = {"email": user.email, "password": PASSWORD}
    assert app_client.post("/auth/login", json=no_code).status_code == 401
    wrong = {**no_code, "totp": "000000" if user.code(clock()) != "000000" else "111111"}
    assert app_client.post("/auth/login", json=wrong).status_code == 401
    stale = pyotp.TOTP(user.account.totp_secret).at(clock().timestamp() - 300)
    assert app_client.post("/auth/login", json={**no_code, "totp": stale}).status_code == 401
    good = {**no_code, "totp": user.code(clock())}
    assert app_client.post("/auth/login", json=good).status_code == 200
    # the same code cannot be replayed
    again = new_client(app_client)
    assert again.post("/auth/login", json=good).status_code == 401


def test_wrong_password_and_unknown_email_answer_alike(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    make_user(sdb, "ana@example.org", "client")
    a = app_client.post(
        "/auth/login", json={"email": "ana@example.org", "password": "wrong-password"}
    )
    b = app_client.post(
        "/auth/login", json={"email": "zed@example.org", "password": "wrong-password"}
    )
    assert (a.status_code, a.json()) == (b.status_code, b.json())
