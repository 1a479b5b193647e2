"""schemathesis against /openapi.json: no 5xx and no response that breaks the schema."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.timekeeping import local_day, parse_day, utc_now
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


def _day(text: object, today: date) -> date | None:
    try:
        return parse_day(str(text), today) if text else None
    except ValidationError:
        return None


@schema.hook
def filter_query(context: object, query: dict[str, Any] | None) -> bool:
    """The one rule no schema can state: ``since`` may not be after ``until`` (a clear 422).

    Every other rule of every parameter and body is in the schema itself. The local day is
    read as the app reads it (Europe/Berlin, days from 04:00), give or take one day.
    """
    if not query or not query.get("since") or not query.get("until"):
        return True
    today = local_day(utc_now(), "Europe/Berlin")
    for shift in (-1, 0, 1):
        t = today + timedelta(days=shift)
        since, until = _day(query["since"], t), _day(query["until"], t)
        if since is not None and until is not None and since > until:
            return False
    return True


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_keeps_its_contract(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    # Every check, "schema-valid input is accepted" included: the schema says exactly what
    # the API takes (web/schema_rules.py), so a request it calls valid is never a 422.
    opened = len(_dirs)
    before = _digest(_dirs[-1]) if _dirs else ""
    response = case.call_and_validate(
        headers={"X-CSRF-Token": app.state.csrf_token, **AUTH},
    )
    if len(_dirs) > opened:  # the app (re)opened its store for this very request
        before = _seeded[_dirs[-1]]
    if response.status_code >= 400 and _dirs:
        # A refused request leaves the database exactly as it was.
        after = _digest(_dirs[-1])
        assert after == before, (case.method, case.path, response.status_code)
