"""The audit trail: append-only for the app's role, a chain that catches edits and removals,
a 503 with no data when it cannot be written, and a valid FHIR AuditEvent export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from ebbtide.cli.main import run
from ebbtide.server import ServerDB, audit
from ebbtide.server.db import current_role
from tests.server.conftest import Clock, login, make_user, new_client

pytestmark = pytest.mark.postgres


def _owner(url: str) -> psycopg.Connection:
    """A connection as the database owner (a superuser here), who can get past the trigger."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(dsn, autocommit=True)


def _shared_world(sdb: ServerDB, tc: TestClient, clock: Clock) -> tuple[TestClient, str]:
    client = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(tc, client, clock)
    tc.post("/api/me/checkins", json={"state": "connected", "note": "private words"})
    body = {
        "grantee": doc.email,
        "scopes": ["checkins"],
        "purpose": "treatment",
        "until": "2027-01-31",
    }
    assert tc.post("/api/me/consents", json=body).status_code == 201
    doc_tc = new_client(tc)
    login(doc_tc, doc, clock)
    return doc_tc, client.uid


def _verify(sdb: ServerDB) -> audit.Verification:
    with sdb.reading() as conn:
        return audit.verify(conn)


def test_app_role_cannot_change_or_remove_audit_rows(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    _shared_world(sdb, app_client, clock)
    with sdb.reading() as conn:
        assert current_role(conn) == "ebbtide_app"
    for sql in (
        "UPDATE srv_audit SET outcome = 'ok'",
        "DELETE FROM srv_audit",
        "TRUNCATE srv_audit",
    ):

        def change(c: Connection, sql: str = sql) -> None:
            c.execute(text(sql))

        with pytest.raises(DBAPIError):
            sdb.write(change)
    assert _verify(sdb).ok


def test_verify_catches_an_edited_row(
    sdb: ServerDB, app_client: TestClient, clock: Clock, server_url: str
) -> None:
    doc_tc, uid = _shared_world(sdb, app_client, clock)
    assert doc_tc.get(f"/api/clients/{uid}/checkins").status_code == 200
    before = _verify(sdb)
    assert before.ok and before.rows >= 4
    assert run(["server", "audit", "verify", "--db", server_url]) == 0
    with _owner(server_url) as conn:
        conn.execute("ALTER TABLE srv_audit DISABLE TRIGGER srv_audit_append_only")
        conn.execute(
            "UPDATE srv_audit SET row_count = 0 WHERE id = "
            "(SELECT max(id) FROM srv_audit WHERE action = 'client.read')"
        )
    after = _verify(sdb)
    assert not after.ok and after.why == "the row was edited"
    assert run(["server", "audit", "verify", "--db", server_url]) == 1


def test_verify_catches_a_removed_row(
    sdb: ServerDB, app_client: TestClient, clock: Clock, server_url: str
) -> None:
    doc_tc, uid = _shared_world(sdb, app_client, clock)
    doc_tc.get(f"/api/clients/{uid}/checkins")
    doc_tc.get(f"/api/clients/{uid}/solitude")
    with _owner(server_url) as conn:
        conn.execute("ALTER TABLE srv_audit DISABLE TRIGGER srv_audit_append_only")
        conn.execute("DELETE FROM srv_audit WHERE id = (SELECT min(id) + 1 FROM srv_audit)")
    result = _verify(sdb)
    assert not result.ok and "removed" in result.why


def test_verify_catches_a_removed_newest_row(
    sdb: ServerDB, app_client: TestClient, clock: Clock, server_url: str
) -> None:
    doc_tc, uid = _shared_world(sdb, app_client, clock)
    doc_tc.get(f"/api/clients/{uid}/checkins")
    with _owner(server_url) as conn:
        conn.execute("ALTER TABLE srv_audit DISABLE TRIGGER srv_audit_append_only")
        conn.execute("DELETE FROM srv_audit WHERE id = (SELECT max(id) FROM srv_audit)")
    result = _verify(sdb)
    assert not result.ok and result.why == "the newest rows were removed"


def test_failing_audit_write_gives_503_and_no_data(
    sdb: ServerDB, app_client: TestClient, clock: Clock, server_url: str
) -> None:
    doc_tc, uid = _shared_world(sdb, app_client, clock)
    assert doc_tc.get(f"/api/clients/{uid}/checkins").status_code == 200
    with _owner(server_url) as conn:
        conn.execute(
            "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
        )
        conn.execute(
            "CREATE TRIGGER broken BEFORE INSERT ON srv_audit "
            "FOR EACH ROW EXECUTE FUNCTION refuse_insert()"
        )
    for path in (f"/api/clients/{uid}/checkins", "/api/clients", f"/clinic/{uid}"):
        res = doc_tc.get(path)
        assert res.status_code == 503, path
        assert "state" not in res.text and "connected" not in res.text
        assert uid not in res.text
    # a denial that cannot be recorded is refused just as firmly
    assert doc_tc.get(f"/api/clients/{uid}/solitude").status_code == 503


def test_every_login_is_audited(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    user = make_user(sdb, "ana@example.org", "client")
    bad = app_client.post("/auth/login", json={"email": user.email, "password": "wrong password!!"})
    assert bad.status_code == 401
    login(app_client, user, clock)
    with sdb.reading() as conn:
        rows = [(r.event.action, r.event.outcome, r.event.scope) for r in audit.rows(conn)]
    assert rows == [("auth.login", "failed", "bad-password"), ("auth.login", "ok", None)]


def test_fhir_audit_export(
    sdb: ServerDB, app_client: TestClient, clock: Clock, server_url: str, tmp_path: Path
) -> None:
    from fhir.resources.R4B.bundle import Bundle

    doc_tc, uid = _shared_world(sdb, app_client, clock)
    doc_tc.get(f"/api/clients/{uid}/checkins")
    out = tmp_path / "audit.json"
    assert run(["server", "audit", "export", "--fhir", "-o", str(out), "--db", server_url]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    data = json.loads(out.read_text())
    bundle = Bundle.model_validate(data)
    with sdb.reading() as conn:
        count = len(list(audit.rows(conn)))
    assert bundle.entry is not None and len(bundle.entry) == count
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert set(kinds) == {"AuditEvent"}
    reads = [
        e["resource"] for e in data["entry"] if e["resource"]["subtype"][0]["code"] == "client.read"
    ]
    assert reads and reads[-1]["entity"][0]["what"]["identifier"]["value"] == uid
    assert "private words" not in out.read_text()


def test_concurrent_appends_from_many_connections_keep_one_chain(sdb: ServerDB) -> None:
    """Writers racing for the chain (as several workers do) never fork it."""
    import threading

    def work(i: int) -> None:
        for j in range(25):
            event = audit.AuditEvent("u_x", "client", "me.read", "ok", f"r{i}-{j}")

            def append(c: Any, e: audit.AuditEvent = event) -> None:
                audit.append(c, e, sdb.now())

            sdb.auto(append)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = _verify(sdb)
    assert result.ok and result.rows == 200, result
    with sdb.reading() as conn:
        distinct = conn.execute(text("SELECT count(DISTINCT prev_hash) FROM srv_audit")).scalar()
    assert distinct == 200


texts = st.one_of(st.none(), st.text(max_size=30))


@settings(max_examples=200, deadline=None)
@given(
    actor=st.text(max_size=30),
    subject=texts,
    scope=texts,
    grant=texts,
    rows=st.integers(0, 10**6),
    row_id=st.integers(1, 10**12),
    prev=st.text("0123456789abcdef", min_size=64, max_size=64),
)
def test_hash_pieces_put_together_are_the_row_hash(
    actor: str, subject: str | None, scope: str | None, grant: str | None, rows: int,
    row_id: int, prev: str,
) -> None:  # fmt: skip
    """What the database hashes (pieces around id and prev) is what verify recomputes."""
    import hashlib
    from datetime import UTC, datetime

    at = datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)
    event = audit.AuditEvent(actor, "clinician", "client.read", "allowed", "req", subject,
                             scope, grant, rows)  # fmt: skip
    a, b, c = audit.hash_pieces(at, event)
    joined = f"{a}{row_id}{b}{prev}{c}"
    assert json.loads(joined)["id"] == row_id
    assert hashlib.sha256(joined.encode()).hexdigest() == audit.row_hash(row_id, at, event, prev)
