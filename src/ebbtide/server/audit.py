"""The audit trail: append-only, hash-chained, verifiable, exportable as FHIR AuditEvent.

Each row's ``hash`` is SHA-256 over its canonical JSON (id, UTC time, actor, role, action,
subject, scope, grant, row count, request id, outcome) and the previous row's hash
(``prev_hash``; the first row follows ``GENESIS``). Appends go through the
``srv_audit_append`` function (one round trip), which takes a transaction-level advisory
lock before it reads the head, so the chain has one order even across processes. Editing any field of a row
breaks its own hash; removing a row breaks the next row's ``prev_hash``; removing the
newest rows disagrees with ``srv_audit_head``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from psycopg import Connection as DriverConnection
from sqlalchemy import Connection, text

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    """What one audit row says (the chain fields are added when it is written)."""

    actor: str
    role: str
    action: str
    outcome: str
    request_id: str
    subject: str | None = None
    scope: str | None = None
    grant_uid: str | None = None
    row_count: int = 0


@dataclass(frozen=True)
class AuditRow:
    """A stored audit row."""

    id: int
    at: datetime
    event: AuditEvent
    prev_hash: str
    hash: str


class AuditUnavailable(Exception):
    """The audit row could not be written: the request must fail and show nothing."""


def _body(at: datetime, event: AuditEvent) -> dict[str, Any]:
    return {
        "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "actor": event.actor,
        "role": event.role,
        "action": event.action,
        "subject": event.subject,
        "scope": event.scope,
        "grant": event.grant_uid,
        "rows": event.row_count,
        "request": event.request_id,
        "outcome": event.outcome,
    }


def _canonical(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def row_hash(row_id: int, at: datetime, event: AuditEvent, prev_hash: str) -> str:
    """The chain hash of one row."""
    canonical = _canonical({**_body(at, event), "id": row_id, "prev": prev_hash})
    return hashlib.sha256(canonical.encode()).hexdigest()


def hash_pieces(at: datetime, event: AuditEvent) -> tuple[str, str, str]:
    """The canonical JSON of a row cut around its id and its previous hash.

    ``a + str(id) + b + prev + c`` is exactly what ``row_hash`` hashes: the keys sort as
    (action, actor, at, grant) < id < outcome < prev < (request, role, rows, scope,
    subject), and an id is a JSON number, a hash a JSON string of hex digits.
    """
    body = _body(at, event)
    first = {k: body[k] for k in ("action", "actor", "at", "grant")}
    last = {k: body[k] for k in ("request", "role", "rows", "scope", "subject")}
    a = _canonical(first)[:-1] + ',"id":'
    b = "," + _canonical({"outcome": body["outcome"]})[1:-1] + ',"prev":"'
    c = '",' + _canonical(last)[1:]
    return a, b, c


APPEND = (
    "SELECT srv_audit_append(%(at)s, %(actor)s, %(role)s, %(action)s, %(subject)s, %(scope)s, "
    "%(grant)s, %(rows)s, %(request)s, %(outcome)s, %(a)s, %(b)s, %(c)s)"
)
"""One append, in the driver's (psycopg) parameter style; both ways below send it."""


def _append_params(event: AuditEvent, now: datetime) -> dict[str, Any]:
    at = now.astimezone(UTC).replace(microsecond=0)
    a, b, c = hash_pieces(at, event)
    return {**_body(at, event), "at": at, "a": a, "b": b, "c": c}


def append(conn: Connection, event: AuditEvent, now: datetime) -> int:
    """Append one row to the chain inside the caller's transaction (one round trip)."""
    return int(conn.exec_driver_sql(APPEND, _append_params(event, now)).scalar_one())


def append_now(conn: DriverConnection[Any], event: AuditEvent, now: datetime) -> int:
    """Append one row to the chain on an autocommit driver connection (it commits at once)."""
    row = conn.execute(APPEND, _append_params(event, now)).fetchone()
    assert row is not None
    return int(row[0])


_COLS = (
    "id, at, actor, role, action, subject, scope, grant_uid, row_count, request_id, outcome, "
    "prev_hash, hash"
)


def _row(r: Any) -> AuditRow:
    event = AuditEvent(
        actor=r[2],
        role=r[3],
        action=r[4],
        subject=r[5],
        scope=r[6],
        grant_uid=r[7],
        row_count=r[8],
        request_id=r[9],
        outcome=r[10],
    )
    return AuditRow(r[0], r[1], event, r[11], r[12])


def rows(conn: Connection) -> Iterator[AuditRow]:
    """Every audit row, oldest first."""
    for r in conn.execute(text(f"SELECT {_COLS} FROM srv_audit ORDER BY id")):
        yield _row(r)


def rows_about(conn: Connection, subject: str, limit: int = 500) -> list[AuditRow]:
    """Rows about one subject written by someone else, newest first."""
    result = conn.execute(
        text(
            f"SELECT {_COLS} FROM srv_audit WHERE subject = :s AND actor <> :s "
            "ORDER BY id DESC LIMIT :n"
        ),
        {"s": subject, "n": limit},
    )
    return [_row(r) for r in result]


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain."""

    ok: bool
    rows: int
    broken_at: int | None = None
    why: str = ""


def verify(conn: Connection) -> Verification:
    """Walk the chain and recompute every hash; report the first row that does not fit."""
    prev = GENESIS
    count = 0
    last: AuditRow | None = None
    for row in rows(conn):
        count += 1
        if row.prev_hash != prev:
            return Verification(False, count, row.id, "a row before it was removed or changed")
        if row_hash(row.id, row.at, row.event, row.prev_hash) != row.hash:
            return Verification(False, count, row.id, "the row was edited")
        prev = row.hash
        last = row
    head = conn.execute(text("SELECT last_id, last_hash FROM srv_audit_head WHERE one = 1")).first()
    if head is None and last is not None:
        return Verification(False, count, last.id, "the chain head is missing")
    if head is not None and (last is None or (head[0], head[1]) != (last.id, last.hash)):
        return Verification(False, count, int(head[0]), "the newest rows were removed")
    return Verification(True, count)
