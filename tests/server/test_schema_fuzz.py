"""Schemathesis over the server's OpenAPI document with a logged-in session: no 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.server.world import World

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.mark.parametrize("role", ["client", "clinician", "study-admin", "site-admin"])
def test_no_server_errors(world: World, browsers: dict[str, TestClient], role: str) -> None:
    tc = browsers[role]
    schema = schemathesis.openapi.from_asgi("/openapi.json", tc.app)
    cookies = {"ebbtide_session": tc.cookies.get("ebbtide_session") or ""}
    headers = {"X-CSRF-Token": tc.headers["X-CSRF-Token"]}
    # Schemathesis talks plain HTTP to the app; the Secure cookie is sent by hand.
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        if operation.path in ("/auth/logout", "/auth/logout-everywhere"):
            continue  # they would end the shared session the other operations need

        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
            case.call_and_validate(headers=headers, cookies=cookies, checks=[not_a_server_error])

        check()
        checked += 1
    assert checked >= 12
