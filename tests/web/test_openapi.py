"""schemathesis against /openapi.json: no 5xx and no response that breaks the schema."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ebbtide.service.context import Context, open_context
from ebbtide.web import create_app

_dirs: list[str] = []


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
    return ctx


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
    case.call_and_validate(
        headers={"X-CSRF-Token": app.state.csrf_token, **AUTH},
        excluded_checks=[positive_data_acceptance],
    )
