"""The authorization matrix: every route × role × own/other subject × consent state.

The expectations below are written out here, independently of ``policy.authorize``.
Each case also checks the audit trail: a denial writes exactly one "denied" row, a
non-owner read exactly one "allowed" row naming the subject, the scope and the count.
A route the app has but the matrix lacks fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ebbtide.server import ServerDB, create_server_app
from ebbtide.server.app import flat_routes
from ebbtide.server.guard import guard_of
from tests.server.conftest import login
from tests.server.personal_matrix import PERSONAL, fill
from tests.server.world import ASKED_SCOPES, ROLES, STATES, World

pytestmark = pytest.mark.postgres

SIDES = ("own", "other")
STAFF = ("clinician", "study-admin", "site-admin")
LOGGED_IN = ("client", *STAFF)


@dataclass(frozen=True)
class Case:
    """One cell of the matrix."""

    role: str
    side: str
    state: str


@dataclass(frozen=True)
class Spec:
    """How a route should answer, and what a success writes to the audit trail."""

    ok: int
    allowed: Callable[[Case], bool]
    page: bool = False
    audited_read: bool = False
    """A successful call is a non-owner read: exactly one 'allowed' audit row."""
    audit_on_success: int = 0
    """Audit rows a success writes otherwise (logins, consent changes, enrolments)."""
    not_found_when: Callable[[Case], bool] | None = None
    fresh_session: bool = False
    """The call ends or replaces the session: run it on a browser of its own."""
    client_ok: int | None = None
    """A client's success status when it differs from everyone else's."""


def everyone(_c: Case) -> bool:
    return True


def role_in(*roles: str) -> Callable[[Case], bool]:
    return lambda c: c.role in roles


def clinician_with(*states: str) -> Callable[[Case], bool]:
    return lambda c: c.role == "clinician" and c.side == "own" and c.state in states


def study_admin_own(c: Case) -> bool:
    return c.role == "study-admin" and c.side == "own"


def study_admin_enrol(c: Case) -> bool:
    return study_admin_own(c) and c.state in ("granted", "out-of-scope")


def other_grant(c: Case) -> bool:
    return c.role == "client" and c.side == "other"


MATRIX: dict[tuple[str, str], Spec] = {
    ("GET", "/openapi.json"): Spec(200, everyone),
    ("GET", "/static/server.css"): Spec(200, everyone),
    ("POST", "/auth/login"): Spec(200, everyone, audit_on_success=1, fresh_session=True),
    ("POST", "/auth/logout"): Spec(204, role_in(*LOGGED_IN), fresh_session=True),
    ("POST", "/auth/logout-everywhere"): Spec(200, role_in(*LOGGED_IN), fresh_session=True),
    ("GET", "/api/me"): Spec(200, role_in(*LOGGED_IN)),
    ("POST", "/api/me/checkins"): Spec(201, role_in("client")),
    ("GET", "/api/me/consents"): Spec(200, role_in("client")),
    ("POST", "/api/me/consents"): Spec(201, role_in("client"), audit_on_success=1),
    ("GET", "/api/me/consents/fhir"): Spec(200, role_in("client")),
    ("POST", "/api/me/consents/{id}/revoke"): Spec(
        200, role_in("client"), audit_on_success=1, not_found_when=other_grant
    ),
    ("GET", "/api/me/access-log"): Spec(200, role_in("client")),
    ("GET", "/api/clients"): Spec(200, role_in("clinician"), audited_read=True),
    ("GET", "/api/clients/{uid}/{scope}"): Spec(200, clinician_with("granted"), audited_read=True),
    ("GET", "/api/studies"): Spec(200, role_in("study-admin")),
    ("GET", "/api/studies/{uid}/aggregates"): Spec(200, study_admin_own, audited_read=True),
    ("POST", "/api/studies/{uid}/enrolments/{client_uid}"): Spec(
        201, study_admin_enrol, audit_on_success=1
    ),
    ("GET", "/api/admin/accounts"): Spec(200, role_in("site-admin"), audited_read=True),
    ("GET", "/login"): Spec(200, everyone, page=True),
    ("POST", "/login"): Spec(303, everyone, page=True, audit_on_success=1, fresh_session=True),
    ("POST", "/logout"): Spec(303, role_in(*LOGGED_IN), page=True, fresh_session=True),
    ("GET", "/"): Spec(303, role_in(*LOGGED_IN), page=True, client_ok=200),
    ("GET", "/static/{path:path}"): Spec(200, everyone),
    ("GET", "/me"): Spec(200, role_in("client"), page=True),
    ("POST", "/me/checkin"): Spec(303, role_in("client"), page=True),
    ("GET", "/me/sharing"): Spec(200, role_in("client"), page=True),
    ("POST", "/me/sharing"): Spec(303, role_in("client"), page=True, audit_on_success=1),
    ("POST", "/me/sharing/{id}/revoke"): Spec(
        303, role_in("client"), page=True, audit_on_success=1, not_found_when=other_grant
    ),
    ("GET", "/me/who-looked"): Spec(200, role_in("client"), page=True),
    ("GET", "/clinic"): Spec(200, role_in("clinician"), page=True, audited_read=True),
    ("GET", "/clinic/{uid}"): Spec(
        200, clinician_with("granted", "out-of-scope"), page=True, audited_read=True
    ),
    ("GET", "/study"): Spec(200, role_in("study-admin"), page=True),
    ("GET", "/study/{uid}"): Spec(200, study_admin_own, page=True, audited_read=True),
    ("GET", "/admin"): Spec(200, role_in("site-admin"), page=True, audited_read=True),
}
# The personal web app, for a client on their own records only (a 404 for another's).
MATRIX.update(
    {
        key: Spec(ok, role_in("client"), page=True, not_found_when=other_grant if one else None)
        for key, (ok, one, _maker) in PERSONAL.items()
    }
)


def _fresh(world: World, browsers: dict[str, TestClient], role: str) -> TestClient:
    tc = TestClient(
        browsers["anonymous"].app, base_url="https://testserver", follow_redirects=False
    )
    user = world.actor(role)
    if user is not None:
        login(tc, user, world.clock)
    return tc


def _audit_count(db: ServerDB) -> int:
    with db.reading() as conn:
        return int(conn.execute(text("SELECT count(*) FROM srv_audit")).scalar_one())


def _last_audit(db: ServerDB, n: int) -> list[Any]:
    with db.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT outcome, subject, scope, row_count, action FROM srv_audit "
                "ORDER BY id DESC LIMIT :n"
            ),
            {"n": n},
        )
        return list(rows)


def _scratch_grant(world: World, side: str) -> str:
    """A fresh live grant to revoke: the acting client's own, or another client's."""
    from ebbtide.server import consent
    from ebbtide.server.repo import account_by_uid

    owner = world.me if side == "own" else world.clients[("other", "granted")]
    with world.db.reading() as conn:
        account = account_by_uid(conn, owner.uid)
    assert account is not None
    until = world.clock().date().replace(year=world.clock().year + 1)
    req = consent.GrantRequest(world.scratch_clinician.email, ["checkins"], "treatment", until)
    return str(consent.grant(world.db, account, req, "setup")["id"])


def _url(world: World, path: str, case: Case, scope: str = "checkins") -> str:
    """The path with its parameters filled in for a case (may create a grant to revoke)."""
    study = world.study if case.side == "own" else world.other_study
    clinic_client = world.clients[(case.side, case.state)]
    research_client = world.research[(case.side, case.state)]
    url = path.replace("{scope}", scope).replace("{path:path}", "app.css")
    if "/studies/" in path or path.startswith("/study/"):
        url = url.replace("{uid}", study.uid).replace("{client_uid}", research_client.uid)
    else:
        url = url.replace("{uid}", clinic_client.uid)
    if "{id}" in url:
        url = url.replace("{id}", _scratch_grant(world, case.side))
    return url


def _call(world: World, tc: TestClient, method: str, url: str, case: Case) -> Any:
    """Make the request a case asks for, with its body."""
    path = url
    until = world.clock().date().replace(year=world.clock().year + 1).isoformat()
    if path == "/auth/login":
        user = world.actor(case.role) or world.me
        world.clock.advance(seconds=31)
        login_body = {
            "email": user.email,
            "password": user.password,
            "totp": user.code(world.clock()),
        }
        return tc.post(url, json=login_body)
    if path == "/login":
        if method == "GET":
            return tc.get(url)
        user = world.actor(case.role) or world.me
        token = tc.get("/login").cookies.get("ebbtide_login") or tc.cookies.get("ebbtide_login")
        world.clock.advance(seconds=31)
        form = {
            "email": user.email,
            "password": user.password,
            "totp": user.code(world.clock()) or "",
            "login_csrf": token or "",
        }
        return tc.post(url, data=form)
    if path == "/me/checkin":
        return tc.post(url, data={"state": "connected"})
    if path == "/api/me/checkins":
        return tc.post(url, json={"state": "connected"})
    if path == "/api/me/consents" and method == "POST":
        body: dict[str, Any] = {
            "grantee": world.scratch_clinician.email,
            "scopes": ["checkins"],
            "purpose": "treatment",
            "until": until,
        }
        return tc.post(url, json=body)
    if path == "/me/sharing" and method == "POST":
        sharing = {
            "grantee": world.scratch_clinician.email,
            "scopes": "checkins",
            "purpose": "treatment",
            "until": until,
        }
        return tc.post(url, data=sharing)
    return tc.request(method, url)


def _expected_status(spec: Spec, case: Case) -> int:
    if spec.allowed(case):
        if spec.not_found_when is not None and spec.not_found_when(case):
            return 404
        if spec.client_ok is not None and case.role == "client":
            return spec.client_ok
        return spec.ok
    if case.role == "anonymous":
        return 303 if spec.page else 401
    return 403


def _cases() -> Iterator[Case]:
    for role, side, state in itertools.product(ROLES, SIDES, STATES):
        yield Case(role, side, state)


def _route_keys() -> set[tuple[str, str]]:
    from unittest.mock import MagicMock

    app = create_server_app(MagicMock(), close_db=False)
    keys = set()
    for r in flat_routes(app):
        for m in getattr(r, "methods", None) or ():
            keys.add((m, r.path))
    return keys


def test_every_route_is_in_the_matrix() -> None:
    assert _route_keys() == set(MATRIX)


def test_every_route_has_a_guard() -> None:
    from unittest.mock import MagicMock

    from fastapi.routing import APIRoute

    app = create_server_app(MagicMock(), close_db=False)
    unguarded = []
    for r in flat_routes(app):
        if not isinstance(r, APIRoute):
            unguarded.append(r.path)
            continue
        guards = [d for d in r.dependant.dependencies if d.call and guard_of(d.call)]
        if len(guards) != 1:
            unguarded.append(r.path)
    assert unguarded == []


def test_matrix_size() -> None:
    cases = len(list(_cases()))
    assert cases == len(ROLES) * len(SIDES) * len(STATES) == 50
    scoped = [k for k in MATRIX if "{scope}" in k[1]]
    assert len(scoped) == 1 and len(ASKED_SCOPES) == 3
    assert len(MATRIX) == 34 + len(PERSONAL) == 83
    assert (len(MATRIX) - len(scoped) + len(scoped) * len(ASKED_SCOPES)) * cases == 4250


@pytest.mark.parametrize(("method", "path"), sorted(MATRIX), ids=lambda v: str(v))
def test_route_matrix(
    world: World, browsers: dict[str, TestClient], method: str, path: str
) -> None:
    spec = MATRIX[(method, path)]
    wrong: list[str] = []
    scopes = ASKED_SCOPES if "{scope}" in path else ("checkins",)
    for case, scope in itertools.product(_cases(), scopes):
        tc = _fresh(world, browsers, case.role) if spec.fresh_session else browsers[case.role]
        made = (
            PERSONAL[(method, path)][2](world, case.side, case.state)
            if ((method, path) in PERSONAL)
            else None
        )
        url = fill(path, made) if made is not None else _url(world, path, case, scope)
        before = _audit_count(world.db)
        if made is not None:
            res = tc.request(method, url, data=made[1] or None)
        else:
            res = _call(world, tc, method, url, case)
        after = _audit_count(world.db)
        want = _expected_status(spec, case)
        label = f"{case.role}/{case.side}/{case.state}/{scope}"
        if res.status_code != want:
            wrong.append(f"{label}: {res.status_code} (want {want}) {res.text[:80]}")
            continue
        if res.status_code in (401, 403, 303) and not spec.allowed(case):
            rows = _last_audit(world.db, 1)
            if after - before != 1 or rows[0].outcome != "denied":
                wrong.append(f"{label}: denial wrote {after - before} audit rows")
        elif spec.audited_read and res.status_code == 200:
            rows = _last_audit(world.db, 1)
            if after - before != 1 or rows[0].outcome != "allowed":
                wrong.append(f"{label}: read wrote {after - before} audit rows")
            elif path == "/api/clients/{uid}/{scope}":
                body = res.json()
                subject = world.clients[(case.side, case.state)].uid
                if (rows[0].subject, rows[0].scope, rows[0].row_count) != (
                    subject,
                    scope,
                    body["count"],
                ):
                    wrong.append(f"{label}: audit row {tuple(rows[0])} does not match")
        elif res.status_code < 400 and after - before != spec.audit_on_success:
            # a 404 (someone else's grant) is a refusal by the use case, not the policy
            wrong.append(f"{label}: success wrote {after - before} audit rows")
        if spec.fresh_session:
            tc.close()
        if path == "/auth/logout-everywhere" and world.actor(case.role) is not None:
            # that ended the shared browser's session too: log it back in
            login(browsers[case.role], world.actor(case.role), world.clock)  # type: ignore[arg-type]
    assert wrong == []


def test_passive_scopes_share_day_figures_only(
    world: World, browsers: dict[str, TestClient]
) -> None:
    """A granted client's phone data reaches the clinician as per-day figures, nothing more."""
    uid = world.clients[("own", "granted")].uid
    wanted = {
        "passive.comm.daily": {"day", "covered_h", "calls_out", "people_texted", "people"},
        "passive.gps.daily": {"day", "covered_h", "gps_h", "home_h"},
    }
    for scope, fields in wanted.items():
        res = browsers["clinician"].get(f"/api/clients/{uid}/{scope}")
        assert res.status_code == 200, res.text
        body = res.json()
        assert body["scope"] == scope and body["count"] == len(body["rows"]) > 0
        assert all(set(row) == fields for row in body["rows"])
        days = [row["day"] for row in body["rows"]]
        assert days == sorted(days) and body["from"] <= days[0] and days[-1] <= body["to"]
        assert any(row[f] for row in body["rows"] for f in fields - {"day"})
        assert _last_audit(world.db, 1)[0].scope == scope
    # no coordinate, hashed number or place name can be in a figure per day
    text = browsers["clinician"].get(f"/api/clients/{uid}/passive.gps.daily").text
    assert "lat" not in text and "lon" not in text
