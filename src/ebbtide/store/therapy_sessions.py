"""SQL for therapy sessions (the days a person saw their therapist) and for reading
assessments into a report. Days are stored as local calendar dates (``Date``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError

from ebbtide.domain.errors import ConflictError, NotFoundError
from ebbtide.domain.records import new_uid
from ebbtide.domain.timekeeping import from_epoch, to_epoch
from ebbtide.store import schema
from ebbtide.store.engine import Store, driver_rows, on_psycopg


@dataclass(frozen=True)
class TherapySession:
    """A day the person met their therapist."""

    id: int
    uid: str
    day: date
    note: str


@dataclass(frozen=True)
class AssessmentRow:
    """A stored questionnaire result, as a report shows it."""

    id: int
    at: datetime
    tz: str
    instrument: str
    total: int | None
    band: str | None
    answers: tuple[int | None, ...] = ()


def insert_therapy_session(
    conn: Connection, subject_id: int, day: date, note: str = ""
) -> TherapySession:
    """Record a session day; the same day twice is refused."""
    uid = new_uid()
    t = schema.therapy_sessions
    try:
        result = conn.execute(insert(t).values(uid=uid, subject_id=subject_id, day=day, note=note))
    except IntegrityError as exc:
        raise ConflictError("day", f"a session on {day.isoformat()} is already recorded") from exc
    return TherapySession(int(result.inserted_primary_key[0]), uid, day, note)  # type: ignore[index]


def list_therapy_sessions(conn: Connection, subject_id: int) -> list[TherapySession]:
    """All recorded sessions, oldest first."""
    t = schema.therapy_sessions
    rows = conn.execute(
        select(t.c.id, t.c.uid, t.c.day, t.c.note)
        .where(t.c.subject_id == subject_id)
        .order_by(t.c.day)
    )
    return [TherapySession(int(r[0]), str(r[1]), r[2], str(r[3])) for r in rows]


_SESSIONS = "SELECT id, uid, day, note FROM therapy_sessions WHERE subject_id = %(s)s ORDER BY day"


def therapy_sessions_of(store: Store, subject_id: int) -> list[TherapySession]:
    """All recorded sessions, oldest first. On PostgreSQL the statement goes to the driver
    itself (``driver_rows``: a clinician's every read of a scope asks this, and
    SQLAlchemy's building of the query cost more than the query); elsewhere the query above."""
    with store.reading() as conn:
        if not on_psycopg(conn):
            return list_therapy_sessions(conn, subject_id)
        rows = driver_rows(conn, _SESSIONS, {"s": subject_id})
    return [TherapySession(int(r[0]), str(r[1]), r[2], str(r[3])) for r in rows]


def delete_therapy_session(conn: Connection, subject_id: int, session_id: int) -> None:
    """Forget one recorded session."""
    t = schema.therapy_sessions
    result = conn.execute(delete(t).where(t.c.id == session_id, t.c.subject_id == subject_id))
    if result.rowcount == 0:
        raise NotFoundError(f"there is no session #{session_id}")


def list_assessments(
    conn: Connection, subject_id: int, since: datetime | None = None, until: datetime | None = None
) -> list[AssessmentRow]:
    """Stored questionnaire results in [since, until), oldest first."""
    t = schema.assessments
    stmt = select(t.c.id, t.c.at, t.c.tz, t.c.instrument, t.c.total, t.c.band, t.c.answers).where(
        t.c.subject_id == subject_id
    )
    if since is not None:
        stmt = stmt.where(t.c.at >= to_epoch(since))
    if until is not None:
        stmt = stmt.where(t.c.at < to_epoch(until))
    rows = conn.execute(stmt.order_by(t.c.at, t.c.id))
    return [
        AssessmentRow(
            int(r[0]),
            from_epoch(int(r[1])),
            str(r[2]),
            str(r[3]),
            None if r[4] is None else int(r[4]),
            None if r[5] is None else str(r[5]),
            tuple(json.loads(r[6])),
        )
        for r in rows
    ]
