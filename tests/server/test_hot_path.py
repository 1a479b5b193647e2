"""The hot path below SQLAlchemy: a check-in in one statement, a dead connection healed, and
the client list in a fixed number of statements."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ebbtide.domain.records import CheckIn
from ebbtide.server import ServerDB, create_server_app
from ebbtide.server.consent import GrantRequest, grant
from ebbtide.server.repo import account_by_uid
from ebbtide.store import repo
from tests.server.conftest import Clock, User, login, make_user

T = TypeVar("T")


def _row(sdb: ServerDB, record_id: int) -> dict[str, Any]:
    with sdb.reading() as conn:
        row = conn.execute(text("SELECT * FROM checkins WHERE id = :i"), {"i": record_id})
        found = dict(row.mappings().one())
    found.pop("id")
    found.pop("uid")
    return found


def test_one_statement_check_in_stores_the_row_the_full_path_stores(
    sdb: ServerDB, clock: Clock
) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    with sdb.reading() as conn:
        account = account_by_uid(conn, user.uid)
    assert account is not None and account.subject_id is not None
    subject = account.subject_id
    record = CheckIn(
        at=clock.at, tz="Europe/Berlin", state="shut-down", intensity=4, body=("tight-chest",),
        energy=2, appetite="avoiding", note="a few words", where="home",
    )  # fmt: skip
    before = sdb.store.revision(subject)
    fast = repo.add_record(sdb.store, subject, record)
    after = sdb.store.revision(subject)
    again = dataclasses.replace(record, uid="full-path-uid")
    full = sdb.store.write(lambda c: repo.insert_record(c, subject, again), subject=subject)
    assert fast.id is not None and full.id is not None and fast.id != full.id
    assert _row(sdb, fast.id) == _row(sdb, full.id)
    assert after == before._replace(revision=before.revision + 1)  # counted, not an edit


def test_a_check_in_survives_the_database_dropping_every_connection(
    sdb: ServerDB, clock: Clock, server_url: str
) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    app = create_server_app(sdb, close_db=False)
    with TestClient(app, base_url="https://testserver") as tc:
        login(tc, user, clock)
        assert tc.post("/api/me/checkins", json={"state": "connected"}).status_code == 201
        dsn = server_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as owner:
            owner.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE usename = current_user AND pid <> pg_backend_pid() "
                "AND application_name LIKE 'ebbtide-server%'"
            )
        res = tc.post("/api/me/checkins", json={"state": "mobilized"})
        assert res.status_code == 201, res.text


class Statements:
    """Counts the statements the app sends to PostgreSQL (every psycopg cursor's execute)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = psycopg.Cursor.execute

        def counted(cur: psycopg.Cursor[Any], *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return real(cur, *args, **kwargs)

        monkeypatch.setattr(psycopg.Cursor, "execute", counted)

    def during(self, work: Callable[[], T]) -> tuple[int, T]:
        """How many statements ``work`` sent, and what it returned."""
        before = self.count
        result = work()
        return self.count - before, result


def _share(sdb: ServerDB, client: User, doctor: User) -> None:
    with sdb.reading() as conn:
        account = account_by_uid(conn, client.uid)
    assert account is not None
    req = GrantRequest(doctor.email, ["checkins"], "treatment", date(2027, 1, 31))
    grant(sdb, account, req, "test")


def test_the_client_list_costs_the_same_statements_for_two_clients_or_six(
    sdb: ServerDB, app_client: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    doctor = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, doctor, clock)
    statements = Statements(monkeypatch)
    counts = []
    for n in (2, 6):
        while len(app_client.get("/api/clients").json()) < n:
            _share(sdb, make_user(sdb, f"c{uuid.uuid4().hex[:8]}@example.org", "client"), doctor)
        count, res = statements.during(lambda: app_client.get("/api/clients"))
        assert res.status_code == 200 and len(res.json()) == n
        counts.append(count)
    # the guard's facts, the grants with their clients, the audit row: however many clients
    assert counts == [3, 3]
