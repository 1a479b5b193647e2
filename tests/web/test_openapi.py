"""schemathesis against /openapi.json: no 5xx and no response that breaks the schema."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ebbtide.service.context import Context, open_context
from ebbtide.web import create_app

_dirs: list[str] = []
_seeded: dict[str, str] = {}  # folder → the database digest right after seeding


def _fresh_context() -> Context:
    # Opened on the first request (inside a test), in a folder of its own.
    _dirs.append(tempfile.mkdtemp(prefix="ebbtide-schema-"))
    ctx = open_context(str(Path(_dirs[-1]) / "ebbtide.db"), tz="Europe/Berlin")
    from ebbtide import service

    # Something to find, so reads and edits reach real records as well as 404s.
    service.add_contact(ctx, ["Lea"], create_missing=True, safety=4)
    service.add_checkin(ctx, "connected")
    service.plan_step(ctx, "Send Lea a short message")
    service.add_routine(ctx, "Evening walk")
    _seeded[_dirs[-1]] = _digest(_dirs[-1])
    return ctx


def _digest(folder: str) -> str:
    """Everything in a test database."""
    with sqlite3.connect(Path(folder) / "ebbtide.db") as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


app = create_app(_fresh_context)
AUTH = {"Authorization": f"Bearer {app.state.launch_token}"}
schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=AUTH)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_keeps_its_contract(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    # Every check except "schema-valid input is accepted": free-text times, unique names
    # and vocabulary words are checked by the domain, so a well-formed request can still
    # be a clear 422. Everything else (no 5xx, responses match the schema, bad input and
    # a missing CSRF token are refused) is enforced.
    opened = len(_dirs)
    before = _digest(_dirs[-1]) if _dirs else ""
    response = case.call_and_validate(
        headers={"X-CSRF-Token": app.state.csrf_token, **AUTH},
        excluded_checks=[positive_data_acceptance],
    )
    if len(_dirs) > opened:  # the app (re)opened its store for this very request
        before = _seeded[_dirs[-1]]
    if response.status_code >= 400 and _dirs:
        # A refused request leaves the database exactly as it was.
        after = _digest(_dirs[-1])
        assert after == before, (case.method, case.path, response.status_code)
