"""The Today page and the entries listing read with a fixed, small number of SQL statements."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ebbtide.demo import generate
from ebbtide.service.context import Context
from ebbtide.service.demo_data import seed_history
from tests.support.statements import sqlalchemy_statements


@pytest.fixture
def statements(ctx: Context) -> Iterator[list[str]]:
    """Every SQL statement the store runs (BEGIN included) while the test watches."""
    with sqlalchemy_statements(ctx.store.reader, ctx.store.writer) as seen:
        yield seen


@pytest.fixture
def history(ctx: Context) -> None:
    """Three months of demo history that runs to today: every kind, contacts with people."""
    seed_history(ctx, generate("story", days=90, end=ctx.today(), seed=5, tz=ctx.tz))


def _load(client: TestClient, statements: list[str], url: str) -> int:
    client.get(url)  # warm: imports, caches
    statements.clear()
    response = client.get(url)
    assert response.status_code == 200, response.text
    return len(statements)


@pytest.mark.usefixtures("history")
def test_the_today_page_takes_at_most_four_statements(
    client: TestClient, statements: list[str]
) -> None:
    page = client.get("/").text
    assert "Today" in page
    assert _load(client, statements, "/") <= 4, statements


@pytest.mark.usefixtures("history")
def test_two_hundred_entries_take_at_most_five_statements(
    client: TestClient, statements: list[str]
) -> None:
    got = client.get("/api/entries?limit=200").json()
    assert len(got) == 200
    assert {e["kind"] for e in got} >= {"checkin", "contact"}
    assert any(e["record"].get("people") for e in got if e["kind"] == "contact")
    assert _load(client, statements, "/api/entries?limit=200") <= 5, statements


@pytest.mark.usefixtures("history")
def test_todays_api_reads_the_names_once(client: TestClient, statements: list[str]) -> None:
    assert client.get("/api/today").json()["entries"]
    assert _load(client, statements, "/api/today") <= 4, statements
