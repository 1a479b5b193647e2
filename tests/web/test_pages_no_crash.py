"""No input crashes the pages: any query or form to any page answers below 500.

The JSON API has the same guarantee from schemathesis (test_openapi); the pages are
outside the OpenAPI document, so they get their own Hypothesis test here. A refused
request leaves the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide import service
from ebbtide.service.context import open_context
from ebbtide.web import create_app
from tests.conftest import TZ, fixed_clock
from tests.web.conftest import sign_in

SAMPLES = [
    "", "1", "0", "-1", "9" * 30, "0001-01-01", "9999-12-31", "2026-11-20", "yesterday 25:00",
    "-5 days ago", "\x00", "a\x01b", "x\r\ny", "connected", "nature", "Sam", "call",
    "honoured", "phq9", "GB", "html", "checkin:1", "reflection:99", "true", "on", "x" * 12_000,
]  # fmt: skip
VALUES = st.one_of(st.sampled_from(SAMPLES), st.text(max_size=10))
EXTRA_FIELDS = ("note", "state", "when", "q-1", "q-phq9-1", "people", "title", "name", "day")


def _page_routes(app: Any) -> list[tuple[str, str, APIRoute]]:
    found: list[tuple[str, str, APIRoute]] = []
    pending = list(app.routes)
    while pending:
        route = pending.pop(0)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            pending.extend(inner.routes)
        elif isinstance(route, APIRoute) and not route.include_in_schema:
            found += [(m, route.path, route) for m in sorted(route.methods or ())]
    return found


def _fields(route: APIRoute) -> list[str]:
    d = route.dependant
    names = [p.alias for p in (*d.query_params, *d.body_params)]
    for sub in d.dependencies:
        names += [p.alias for p in (*sub.query_params, *sub.body_params)]
    return names


FOLDER = Path(__import__("tempfile").mkdtemp(prefix="ebbtide-pages-"))
CTX = open_context(str(FOLDER / "ebbtide.db"), tz=TZ, clock=fixed_clock)
service.add_contact(CTX, ["Sam"], create_missing=True, safety=4, note="calm")
service.add_checkin(CTX, "connected", note="first")
service.plan_step(CTX, "Call Sam")
service.add_routine(CTX, "Evening walk")
service.add_reflection(CTX, "What helps?", "Tea.")
APP = create_app(lambda: CTX)
ROUTES = _page_routes(APP)


def _digest() -> str:
    with sqlite3.connect(FOLDER / "ebbtide.db") as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
    method, path, route = draw(st.sampled_from(ROUTES))
    path = re.sub(
        r"\{[^}]+\}", lambda m: draw(st.sampled_from(["1", "2", "0", "9" * 25, "x"])), path
    )
    names = _fields(route) + list(draw(st.lists(st.sampled_from(EXTRA_FIELDS), max_size=3)))
    data = {n: draw(VALUES) for n in names if draw(st.booleans())}
    return method, path.replace("{fmt}", "html"), data


def test_the_page_routes_are_all_covered() -> None:
    paths = {p for _, p, _ in ROUTES}
    assert {"/checkin", "/timeline", "/safety-plan", "/report/view", "/sessions"} <= paths


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(req=requests())
def test_no_input_crashes_any_page(req: tuple[str, str, dict[str, str]]) -> None:
    method, path, data = req
    with TestClient(APP, raise_server_exceptions=False) as client:
        sign_in(client, APP)
        before = _digest()
        if method == "GET":
            r = client.get(path, params=data)
        else:
            r = client.request(method, path, data={**data, "csrf_token": APP.state.csrf_token})
    assert r.status_code < 500, (method, path, data, r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert _digest() == before, ("a refused request changed the database", method, path)
