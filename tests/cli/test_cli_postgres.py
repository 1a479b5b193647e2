"""The command line works the same against a PostgreSQL URL."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Invoke


@pytest.mark.postgres
def test_capture_and_log_on_postgres(cli: Invoke, pg_url: str) -> None:
    r = cli("--db", pg_url, "contact", "Sam", "--yes", "--safety", "5", "--json")
    assert r.code == 0, r.err
    assert cli("--db", pg_url, "checkin", "connected", "-i", "2").code == 0
    entries = cli("--db", pg_url, "log", "--json").json()
    assert [e["kind"] for e in entries] == ["checkin", "contact"]
    assert cli("--db", pg_url, "people", "--json").json()[0]["name"] == "Sam"
