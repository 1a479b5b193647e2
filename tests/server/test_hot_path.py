"""The hot path below SQLAlchemy: a check-in in one statement, and a dead connection healed."""

from __future__ import annotations

import dataclasses
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import text

from ebbtide.domain.records import CheckIn
from ebbtide.server import ServerDB, create_server_app
from ebbtide.server.repo import account_by_uid
from ebbtide.store import repo
from tests.server.conftest import Clock, login, make_user


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
